import { coarseNow } from './coarse-clock.js'

/**
 * Something held to a deadline. The queue calls `expire()` once `at` has passed unless the
 * owner called `queue.settle(item)` first. The hottest path (`invokeCall`) implements it on a
 * plain class for the cheapest construction; others extend `Timed`, or use `queue.add`.
 */
export interface Tracked {
  at: number
  settled: boolean
  /** Moved later by `extend` since it was queued. */
  extended?: boolean
  /** Given its full duration again by `renew` since it was last armed. */
  renewed?: boolean
  /** Owned by the queue. */
  bucket: unknown
  expire(): void
}

/** A base class for `Tracked` objects. */
export abstract class Timed implements Tracked {
  at = 0
  settled = true
  bucket: unknown = undefined
  abstract expire(): void
}

class FnTimed extends Timed {
  constructor(private readonly fire: () => void) {
    super()
  }
  expire(): void {
    this.fire()
  }
}

/** A deadline made by `add`: `cancel()` it once the guarded work settles. */
export interface Deadline {
  cancel(): void
}

interface Bucket {
  ms: number
  items: Tracked[]
  head: number
  /** Slots from `head` on whose item has settled (about: re-tracked items may count twice). */
  dead: number
}

/**
 * Every deadline of a host behind ONE timer. Deadlines of one duration are added in time
 * order, so each duration keeps a FIFO queue and the timer only waits for the earliest head.
 * Settled heads are dropped eagerly, so queues stay as long as the calls in flight. The timer
 * is unref'd (like `AbortSignal.timeout`) and left to run out rather than re-armed per call;
 * `clear()` (host stop) removes it.
 */
export class DeadlineQueue {
  private readonly buckets = new Map<number, Bucket>()
  private timer: NodeJS.Timeout | undefined
  private timerAt = Number.POSITIVE_INFINITY
  private live = 0
  private lastMs = -1
  private lastBucket: Bucket | undefined

  /**
   * Holds `item` to a deadline `ms` from now (or from `now`, a coarse clock reading the caller
   * already has). An item settled while not at the head of its queue keeps its slot until the
   * head passes it: track it again only through `extend`/`renew`, or give the next wait an item
   * of its own (a start attempt's later steps do), or it holds two slots and the stale one, at
   * the head, holds the timer to the later deadline.
   */
  track(item: Tracked, ms: number, now?: number): void {
    // Nearly every deadline has the same duration as the one before: skip the map then. The
    // rare paths are methods of their own so that this one stays small enough to be inlined.
    const bucket = ms === this.lastMs ? this.lastBucket! : this.bucketOf(ms)
    item.at = (now ?? coarseNow()) + ms
    item.settled = false
    // A new deadline from now: nothing asked of an earlier one carries over.
    if (item.renewed) item.renewed = false
    if (item.extended) item.extended = false
    item.bucket = bucket
    bucket.items.push(item)
    this.live++
    if (item.at < this.timerAt) this.arm(item.at)
  }

  private bucketOf(ms: number): Bucket {
    let bucket = this.buckets.get(ms)
    if (bucket === undefined) {
      bucket = { ms, items: [], head: 0, dead: 0 }
      this.buckets.set(ms, bucket)
    }
    this.lastMs = ms
    this.lastBucket = bucket
    return bucket
  }

  /**
   * Gives a tracked item a new deadline `ms` from now without touching the queue: when its old
   * slot comes up it moves to the tail, where its new deadline belongs (deadlines of one
   * duration stay in time order). A hook call re-arms its one entry per tap this way.
   */
  extend(item: Tracked, ms: number): void {
    if (item.settled || (item.bucket as Bucket).ms !== ms) {
      this.settle(item)
      this.track(item, ms)
      return
    }
    item.at = coarseNow() + ms
    item.extended = true
    // The new deadline is the whole answer: a renew asked for before it no longer applies.
    if (item.renewed) item.renewed = false
  }

  /**
   * The guarded work moved on to its next step, which has the item's duration too (a hook
   * call's next tap): one flag, no clock read. When the item's current deadline comes up it
   * is re-armed for its full duration from then instead of firing, so a step gets at least its
   * duration (never less, even after synchronous work left the coarse clock stale) and at most
   * twice it. `ms` must be the duration the item was tracked with.
   */
  renew(item: Tracked, ms: number): void {
    if (item.settled || (item.bucket as Bucket).ms !== ms) {
      this.settle(item)
      this.track(item, ms)
      return
    }
    item.renewed = true
  }

  /** Calls `fire` after `ms` unless the returned deadline is cancelled first. */
  add(ms: number, fire: () => void): Deadline {
    const item = new FnTimed(fire)
    this.track(item, ms)
    return { cancel: () => this.settle(item) }
  }

  /** The guarded work finished: its deadline no longer fires. */
  settle(item: Tracked): void {
    if (item.settled) return
    item.settled = true
    const bucket = item.bucket as Bucket
    item.bucket = undefined
    // One call at a time (the common case) leaves just its own slot, the last: drop it, so the
    // array stays as it was. Everything else is `release`, kept out of this small method.
    if (--this.live === 0 && bucket.head === bucket.items.length - 1) bucket.items.pop()
    else this.release(bucket)
  }

  private release(bucket: Bucket): void {
    const { items } = bucket
    if (this.live === 0) {
      bucket.dead = 0
      // Everything settled: skip past it, and empty the array only now and then so a steady
      // stream of calls does not reallocate it on every push. Skipped slots are cleared: the
      // timer outlives the calls, and a settled call must not keep its plugin, or a whole
      // stopped host, reachable until the timer runs out.
      if (items.length > 1024) {
        items.length = 0
        bucket.head = 0
      } else {
        for (let i = bucket.head; i < items.length; i++) items[i] = undefined as never
        bucket.head = items.length
      }
      return
    }
    // The settled item's slot is somewhere from the head on; the head moves past every dead one.
    let dead = bucket.dead + 1
    while (bucket.head < items.length && isDead(items[bucket.head]!, bucket)) {
      items[bucket.head++] = undefined as never
      dead--
    }
    bucket.dead = dead
    if (dead > 1024 && dead * 2 > items.length - bucket.head) this.compact(bucket)
    else if (bucket.head > 512 && bucket.head * 2 > items.length) {
      bucket.items = items.slice(bucket.head)
      bucket.head = 0
    }
  }

  /**
   * Keeps only the pending items, in order. A call that never answers holds the head of its
   * queue for its whole timeout; without this, every call settled behind it meanwhile would
   * keep its slot, and through it its answer and its plugin, until then.
   */
  private compact(bucket: Bucket): void {
    const { items } = bucket
    const pending: Tracked[] = []
    for (let i = bucket.head; i < items.length; i++) if (!isDead(items[i]!, bucket)) pending.push(items[i]!)
    bucket.items = pending
    bucket.head = 0
    bucket.dead = 0
  }

  /**
   * The pending items `match` picks, in no particular order: a hot reload takes the calls its
   * outgoing version has in flight and waits for each to settle (cold path: scans the queue).
   */
  pendingWhere(match: (item: Tracked) => boolean): Tracked[] {
    const found = new Set<Tracked>()
    for (const bucket of this.buckets.values()) {
      const { items } = bucket
      for (let i = bucket.head; i < items.length; i++) {
        const item = items[i]
        if (item !== undefined && !isDead(item, bucket) && match(item)) found.add(item)
      }
    }
    return [...found]
  }

  /** Deadlines still pending. */
  get size(): number {
    return this.live
  }

  /** Slots the queue holds, settled ones not yet released included: what it keeps reachable. */
  get held(): number {
    let held = 0
    for (const bucket of this.buckets.values()) held += bucket.items.length - bucket.head
    return held
  }

  /** Drops every pending deadline without firing it (host stop). */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.timerAt = Number.POSITIVE_INFINITY
    for (const bucket of this.buckets.values()) for (const item of bucket.items) if (item) item.settled = true
    this.buckets.clear()
    this.lastMs = -1
    this.lastBucket = undefined
    this.live = 0
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => this.expire(), Math.max(1, Math.ceil(at - performance.now())))
    this.timer.unref()
  }

  private expire(): void {
    this.timer = undefined
    this.timerAt = Number.POSITIVE_INFINITY
    const now = performance.now()
    let next = Number.POSITIVE_INFINITY
    const due: Tracked[] = []
    for (const [ms, bucket] of this.buckets) {
      const { items } = bucket
      while (bucket.head < items.length) {
        const item = items[bucket.head]!
        const live = !isDead(item, bucket)
        if (live && item.at > now) {
          if (!item.extended) break
          item.extended = false
          items.push(item)
          items[bucket.head++] = undefined as never
          continue
        }
        if (live && item.renewed) {
          // Its current step began after it was armed: a full duration from now, at the tail
          // (every other deadline of this duration is earlier).
          item.renewed = false
          item.at = now + ms
          items.push(item)
          items[bucket.head++] = undefined as never
          continue
        }
        if (live) {
          item.settled = true
          item.bucket = undefined
          this.live--
          due.push(item)
        } else if (bucket.dead > 0) bucket.dead--
        items[bucket.head++] = undefined as never
      }
      if (bucket.head === items.length) {
        this.buckets.delete(ms)
        if (this.lastBucket === bucket) this.lastMs = -1
      } else next = Math.min(next, items[bucket.head]!.at)
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next)
    for (const item of due) item.expire()
  }
}

/**
 * A slot whose item settled, or moved to another duration's queue (`extend` or `renew` with
 * another duration settle it and track it there): the slot left behind is stale. Taken for a
 * live one, it held its old queue's head to the item's new, later deadline, and every deadline
 * behind it fired that late (a hook whose taps' plugins have different call timeouts).
 */
function isDead(item: Tracked, bucket: Bucket): boolean {
  return item.settled || item.bucket !== bucket
}
