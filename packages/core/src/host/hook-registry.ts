import { PdkError } from '../errors.js'
import type { DeadlineQueue } from '../lifecycle/deadline-queue.js'
import { guard } from '../lifecycle/guard.js'
import { runHook } from './hook-run.js'
import type { HookMode } from './host-types.js'

/** One tap: its plugin, its priority, and how to call it. */
export interface Tap {
  readonly owner: string
  readonly priority: number
  /** Position of the owner in start order: breaks ties between equal priorities. */
  readonly order: number
  readonly timeoutMs: number
  /** Calls the tap with the value and `arg`. */
  readonly invoke: (value: unknown, arg: unknown) => unknown
  /** The second argument of `invoke` (the plugin's context, when the tap is called directly). */
  readonly arg: unknown
  /** The error a caller sees when the tap throws, rejects or times out. */
  readonly fail: (error: unknown, timedOut: boolean) => Error
}

/** One declared hook: the taps a call runs, and the changes made since the last call. */
interface Hook {
  readonly mode: HookMode
  /** Sorted, without removed taps; handed to runs, so never changed in place. */
  taps: Tap[]
  /** A private copy that takes taps added and removed since `taps` was last handed out. */
  next: Tap[] | undefined
  /** Taps taken out of `next`, dropped from it at the next call. */
  removed: Set<Tap> | undefined
  live: number
}

const byPriority = (a: Tap, b: Tap) => b.priority - a.priority || a.order - b.order

/**
 * The host's extension points. Taps run by priority (higher first), equal priorities in plugin
 * start order. `series` ignores results and resolves the input; `parallel` resolves every
 * result; `waterfall` hands each result on (an undefined result keeps the value); `bail`
 * resolves the first result that is not undefined.
 *
 * A run keeps the list of taps it started with, so the list a call hands out is never changed:
 * taps added and removed go to a private copy, sorted and cleaned once at the next call. A host
 * of thousands of plugins that each tap a hook starts and stops in time linear in their number
 * (a sorted copy per tap, and a scan of every hook per plugin stopped, were quadratic).
 */
export class HookRegistry {
  private readonly hooks = new Map<string, Hook>()
  /** Every tap by owner, so stopping a plugin touches only the hooks it tapped. */
  private readonly byOwner = new Map<string, Array<{ name: string; tap: Tap }>>()

  constructor(
    declared: Record<string, HookMode>,
    private readonly deadlines: DeadlineQueue,
  ) {
    for (const [name, mode] of Object.entries(declared)) {
      this.hooks.set(name, { mode, taps: [], next: undefined, removed: undefined, live: 0 })
    }
  }

  has(name: string): boolean {
    return this.hooks.has(name)
  }

  names(): string[] {
    return [...this.hooks.keys()]
  }

  tap(name: string, tap: Tap): void {
    const hook = this.hooks.get(name)!
    hook.live++
    const mine = this.byOwner.get(tap.owner)
    if (mine === undefined) this.byOwner.set(tap.owner, [{ name, tap }])
    else mine.push({ name, tap })
    // A tap put back before the next call is still in the copy.
    if (hook.removed?.delete(tap)) return
    hook.next ??= hook.taps.slice()
    hook.next.push(tap)
  }

  /** Removes every tap of `owner` (it stopped). */
  untap(owner: string): void {
    const mine = this.byOwner.get(owner)
    if (mine === undefined) return
    this.byOwner.delete(owner)
    for (const { name, tap } of mine) this.drop(this.hooks.get(name)!, tap)
  }

  /** Every tap `owner` holds now, by hook name (a hot reload removes exactly these later). */
  tapsOf(owner: string): Array<{ name: string; tap: Tap }> {
    return [...(this.byOwner.get(owner) ?? [])]
  }

  /** Removes these taps and no others of their owners. */
  remove(taps: ReadonlyArray<{ name: string; tap: Tap }>): void {
    for (const { name, tap } of taps) {
      const hook = this.hooks.get(name)
      const mine = this.byOwner.get(tap.owner)
      const at = mine?.findIndex((entry) => entry.tap === tap) ?? -1
      if (hook === undefined || at < 0) continue
      mine!.splice(at, 1)
      if (mine!.length === 0) this.byOwner.delete(tap.owner)
      this.drop(hook, tap)
    }
  }

  /** Puts removed taps back in their places by priority and start order. */
  restore(taps: ReadonlyArray<{ name: string; tap: Tap }>): void {
    for (const { name, tap } of taps) if (this.hooks.has(name)) this.tap(name, tap)
  }

  /** Runs the hook. Unknown names reject with `PDK_HOOK_UNKNOWN`. */
  call(name: string, value: unknown): Promise<unknown> {
    const hook = this.hooks.get(name)
    if (hook === undefined) return Promise.reject(unknownHook(name, this.names()))
    const { mode } = hook
    const taps = hook.next === undefined ? hook.taps : this.settle(hook)
    if (mode === 'parallel') {
      return Promise.all(
        taps.map((tap) => guard(this.deadlines, tap.timeoutMs, () => tap.invoke(value, tap.arg), tap.fail)),
      )
    }
    return runHook(this.deadlines, taps, mode, value)
  }

  /** Taps held, for leak checks. */
  get size(): number {
    let size = 0
    for (const hook of this.hooks.values()) size += hook.live
    return size
  }

  private drop(hook: Hook, tap: Tap): void {
    hook.live--
    hook.next ??= hook.taps.slice()
    hook.removed ??= new Set()
    hook.removed.add(tap)
  }

  /** The copy, cleaned and sorted (stable: equal priorities and orders keep the order they came in), becomes the list. */
  private settle(hook: Hook): Tap[] {
    let next = hook.next!
    const { removed } = hook
    if (removed !== undefined && removed.size > 0) next = next.filter((tap) => !removed.has(tap))
    next.sort(byPriority)
    hook.taps = next
    hook.next = undefined
    hook.removed = undefined
    return next
  }
}

/** `PDK_HOOK_UNKNOWN` for a hook the host did not declare. */
export function unknownHook(name: string, declared: string[], plugin?: { name: string; version: string }): PdkError {
  const where = plugin ? `Plugin "${plugin.name}" taps hook "${name}"` : `Hook "${name}" is called`
  return new PdkError('PDK_HOOK_UNKNOWN', `${where}, but the host declares no such hook.`, {
    hint: declared.length
      ? `Declared hooks: ${declared.map((h) => `"${h}"`).join(', ')}. Use one of them, or declare it in the host's hooks option.`
      : "The host declares no hooks; add it to createHost's hooks option.",
    details: {
      hook: name,
      declared,
      ...(plugin ? { plugin: plugin.name, version: plugin.version, step: 'load' } : {}),
    },
  })
}
