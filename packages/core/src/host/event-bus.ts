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

/**
 * Publish/subscribe across plugins. Matching subscriptions are cached per event name and the
 * cache is dropped on every (un)subscribe, so a steady emit costs one map lookup and one loop.
 * Delivery is synchronous; each `deliver` isolates its handler's errors.
 */
export class EventBus {
  private readonly byOwner = new Map<string, Map<number, Subscription>>()
  private all: Subscription[] = []
  private cache = new Map<string, Subscription[]>()

  subscribe(owner: string, id: number, pattern: string, deliver: Subscription['deliver']): void {
    const subscription: Subscription = { owner, id, pattern, matches: compilePattern(pattern), deliver }
    let mine = this.byOwner.get(owner)
    if (mine === undefined) {
      mine = new Map()
      this.byOwner.set(owner, mine)
    }
    const previous = mine.get(id)
    mine.set(id, subscription)
    this.all =
      previous === undefined ? [...this.all, subscription] : this.all.map((s) => (s === previous ? subscription : s))
    this.cache = new Map()
  }

  unsubscribe(owner: string, id: number): void {
    const subscription = this.byOwner.get(owner)?.get(id)
    if (subscription === undefined) return
    this.byOwner.get(owner)!.delete(id)
    this.all = this.all.filter((s) => s !== subscription)
    this.cache = new Map()
  }

  /** Removes every subscription of `owner` (it stopped). */
  removeOwner(owner: string): void {
    const mine = this.byOwner.get(owner)
    if (mine === undefined) return
    this.byOwner.delete(owner)
    if (mine.size === 0) return
    this.all = this.all.filter((s) => s.owner !== owner)
    this.cache = new Map()
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

  /** Puts detached subscriptions back (after the owner's current ones are removed). */
  attach(subscriptions: readonly Subscription[]): void {
    if (subscriptions.length === 0) return
    for (const subscription of subscriptions) {
      let mine = this.byOwner.get(subscription.owner)
      if (mine === undefined) {
        mine = new Map()
        this.byOwner.set(subscription.owner, mine)
      }
      mine.set(subscription.id, subscription)
    }
    this.all = [...this.all, ...subscriptions]
    this.cache = new Map()
  }

  /** Delivers to every matching subscription, in subscription order. */
  emit(name: string, payload: unknown, from: string): void {
    let targets = this.cache.get(name)
    if (targets === undefined) {
      targets = this.all.filter((s) => s.matches(name))
      // Names are open-ended; a bounded cache keeps a stream of unique names from growing it.
      if (this.cache.size >= 1024) this.cache = new Map()
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
    return this.all.length
  }
}
