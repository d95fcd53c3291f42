/** One pending deadline; `cancel()` it once the guarded work settles. */
export interface Deadline {
  readonly at: number
  cancel(): void
}

class Entry implements Deadline {
  constructor(
    readonly at: number,
    public fire: (() => void) | undefined,
    readonly bucket: Bucket,
    private readonly queue: DeadlineQueue,
  ) {}

  cancel(): void {
    this.queue.settle(this)
  }
}

interface Bucket {
  items: Entry[]
  head: number
}

/**
 * Every deadline of a host behind ONE timer. Deadlines of one duration are added in time
 * order, so each duration keeps a FIFO queue and the timer only ever waits for the earliest
 * head. A call that settles marks its entry done; done heads are dropped eagerly so the queues
 * stay as short as the number of calls in flight. `clear()` (host stop) removes the timer.
 */
export class DeadlineQueue {
  private readonly buckets = new Map<number, Bucket>()
  private timer: NodeJS.Timeout | undefined
  private timerAt = Number.POSITIVE_INFINITY
  private live = 0

  /** Calls `fire` after `ms` unless the returned deadline is cancelled first. */
  add(ms: number, fire: () => void): Deadline {
    let bucket = this.buckets.get(ms)
    if (bucket === undefined) {
      bucket = { items: [], head: 0 }
      this.buckets.set(ms, bucket)
    }
    const entry = new Entry(performance.now() + ms, fire, bucket, this)
    bucket.items.push(entry)
    this.live++
    if (entry.at < this.timerAt) this.arm(entry.at)
    return entry
  }

  /** Deadlines still pending. */
  get size(): number {
    return this.live
  }

  /** @internal called by `Deadline.cancel` */
  settle(deadline: Deadline): void {
    const entry = deadline as Entry
    if (entry.fire === undefined) return
    entry.fire = undefined
    this.live--
    const bucket = entry.bucket
    if (this.live === 0) {
      // Nothing pending: forget the entries but leave the (unref'd) timer to run out, so a
      // steady stream of calls never pays for re-arming it.
      bucket.items = []
      bucket.head = 0
      return
    }
    while (bucket.head < bucket.items.length && bucket.items[bucket.head]!.fire === undefined) bucket.head++
    if (bucket.head > 512 && bucket.head * 2 > bucket.items.length) {
      bucket.items = bucket.items.slice(bucket.head)
      bucket.head = 0
    }
  }

  /** Drops every pending deadline without firing it (host stop). */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.timerAt = Number.POSITIVE_INFINITY
    for (const bucket of this.buckets.values()) for (const entry of bucket.items) entry.fire = undefined
    this.buckets.clear()
    this.live = 0
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timerAt = at
    // Unref'd like AbortSignal.timeout(): a deadline never keeps the process alive by itself.
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(at - performance.now())))
    this.timer.unref()
  }

  private expire(): void {
    this.timer = undefined
    this.timerAt = Number.POSITIVE_INFINITY
    const now = performance.now()
    let next = Number.POSITIVE_INFINITY
    const due: Array<() => void> = []
    for (const [ms, bucket] of this.buckets) {
      const { items } = bucket
      while (bucket.head < items.length) {
        const entry = items[bucket.head]!
        if (entry.fire !== undefined && entry.at > now) break
        if (entry.fire !== undefined) {
          due.push(entry.fire)
          entry.fire = undefined
          this.live--
        }
        bucket.head++
      }
      if (bucket.head === items.length) this.buckets.delete(ms)
      else next = Math.min(next, items[bucket.head]!.at)
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next)
    for (const fire of due) fire()
  }
}
