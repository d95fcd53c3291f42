import type { EventMeta } from '../plugin/types.js'
import { compilePattern } from './match-pattern.js'

/** A subscription: who owns it, what it matches, how an event reaches it. */
export interface Subscription {
  readonly owner: string
  readonly id: number
  readonly pattern: string
  readonly matches: (name: string) => boolean
  readonly deliver: (payload: unknown, meta: EventMeta) => void
}

/** A subscription as the bus keeps it: `removed` until the list is next compacted. */
interface Held extends Subscription {
  removed: boolean
}

/**
 * Publish/subscribe across plugins. Matching subscriptions are cached per event name and the
 * cache is dropped on every (un)subscribe, so a steady emit costs one map lookup and one loop.
 * Delivery is synchronous; each `deliver` isolates its handler's errors.
 *
 * Subscribing appends, and removing marks: the list is compacted by the next emit (or once
 * removed entries outnumber the live ones), so a host of thousands of plugins subscribes and
 * stops in time linear in their number, not quadratic. An emit delivers to a filtered copy of
 * the list, so handlers that subscribe or unsubscribe meanwhile change only later emits.
 */
export class EventBus {
  private readonly byOwner = new Map<string, Map<number, Held>>()
  private all: Held[] = []
  private live = 0
  private removed = 0
  private readonly cache = new Map<string, Subscription[]>()

  subscribe(owner: string, id: number, pattern: string, deliver: Subscription['deliver']): void {
    const subscription: Held = { owner, id, pattern, matches: compilePattern(pattern), deliver, removed: false }
    let mine = this.byOwner.get(owner)
    if (mine === undefined) {
      mine = new Map()
      this.byOwner.set(owner, mine)
    }
    const previous = mine.get(id)
    mine.set(id, subscription)
    // A new id (nearly always) goes last; one subscribed again keeps its place in the order.
    if (previous === undefined) {
      this.all.push(subscription)
      this.live++
    } else this.all[this.all.indexOf(previous)] = subscription
    this.changed()
  }

  unsubscribe(owner: string, id: number): void {
    const mine = this.byOwner.get(owner)
    const subscription = mine?.get(id)
    if (subscription === undefined) return
    mine!.delete(id)
    this.remove(subscription)
    this.changed()
  }

  /** Removes every subscription of `owner` (it stopped). */
  removeOwner(owner: string): void {
    const mine = this.byOwner.get(owner)
    if (mine === undefined) return
    this.byOwner.delete(owner)
    if (mine.size === 0) return
    for (const subscription of mine.values()) this.remove(subscription)
    this.changed()
  }

  /**
   * Takes every subscription of `owner` out of delivery and hands them over: a hot reload holds
   * the outgoing version's subscriptions aside while the incoming one subscribes, and gives them
   * back with `attach` if the incoming one fails.
   */
  detachOwner(owner: string): Subscription[] {
    const mine = this.byOwner.get(owner)
    if (mine === undefined) return []
    this.removeOwner(owner)
    return [...mine.values()]
  }

  /** Puts detached subscriptions back, last in the order (after the owner's current ones are removed). */
  attach(subscriptions: readonly Subscription[]): void {
    if (subscriptions.length === 0) return
    this.compact()
    for (const detached of subscriptions) {
      let mine = this.byOwner.get(detached.owner)
      if (mine === undefined) {
        mine = new Map()
        this.byOwner.set(detached.owner, mine)
      }
      // A fresh entry: the detached one may still sit, removed, in a list an emit is delivering.
      const subscription: Held = { ...detached, removed: false }
      mine.set(subscription.id, subscription)
      this.all.push(subscription)
      this.live++
    }
    this.changed()
  }

  /** Delivers to every matching subscription, in subscription order. */
  emit(name: string, payload: unknown, from: string): void {
    let targets = this.cache.get(name)
    if (targets === undefined) {
      if (this.removed > 0) this.compact()
      targets = this.all.filter((s) => s.matches(name))
      // Names are open-ended; a bounded cache keeps a stream of unique names from growing it.
      if (this.cache.size >= 1024) this.cache.clear()
      this.cache.set(name, targets)
    }
    if (targets.length === 0) return
    const meta: EventMeta = { name, from }
    for (let i = 0; i < targets.length; i++) targets[i]!.deliver(payload, meta)
  }

  /** Delivers only to `owner`'s matching subscriptions (the event that activated a lazy plugin). */
  emitTo(owner: string, name: string, payload: unknown, from: string): void {
    const mine = this.byOwner.get(owner)
    if (mine === undefined) return
    const meta: EventMeta = { name, from }
    for (const subscription of mine.values()) if (subscription.matches(name)) subscription.deliver(payload, meta)
  }

  /** Registrations held, for leak checks. */
  get size(): number {
    return this.live
  }

  private remove(subscription: Held): void {
    subscription.removed = true
    this.live--
    this.removed++
  }

  private changed(): void {
    if (this.cache.size > 0) this.cache.clear()
    // Without emits in between (a host stopping), removed entries would pile up.
    if (this.removed > 1024 && this.removed > this.live) this.compact()
  }

  private compact(): void {
    if (this.removed === 0) return
    this.all = this.all.filter((s) => !s.removed)
    this.removed = 0
  }
}
