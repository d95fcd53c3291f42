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

/**
 * The host's extension points. Taps run by priority (higher first), equal priorities in plugin
 * start order. `series` ignores results and resolves the input; `parallel` resolves every
 * result; `waterfall` hands each result on (an undefined result keeps the value); `bail`
 * resolves the first result that is not undefined.
 */
export class HookRegistry {
  private readonly hooks = new Map<string, { mode: HookMode; taps: Tap[] }>()

  constructor(
    declared: Record<string, HookMode>,
    private readonly deadlines: DeadlineQueue,
  ) {
    for (const [name, mode] of Object.entries(declared)) this.hooks.set(name, { mode, taps: [] })
  }

  has(name: string): boolean {
    return this.hooks.has(name)
  }

  names(): string[] {
    return [...this.hooks.keys()]
  }

  tap(name: string, tap: Tap): void {
    const hook = this.hooks.get(name)!
    hook.taps = [...hook.taps, tap].sort((a, b) => b.priority - a.priority || a.order - b.order)
  }

  /** Removes every tap of `owner` (it stopped). */
  untap(owner: string): void {
    for (const hook of this.hooks.values()) {
      if (hook.taps.some((t) => t.owner === owner)) hook.taps = hook.taps.filter((t) => t.owner !== owner)
    }
  }

  /** Every tap `owner` holds now, by hook name (a hot reload removes exactly these later). */
  tapsOf(owner: string): Array<{ name: string; tap: Tap }> {
    const found: Array<{ name: string; tap: Tap }> = []
    for (const [name, hook] of this.hooks)
      for (const tap of hook.taps) if (tap.owner === owner) found.push({ name, tap })
    return found
  }

  /** Removes these taps and no others of their owners. */
  remove(taps: ReadonlyArray<{ name: string; tap: Tap }>): void {
    for (const { name, tap } of taps) {
      const hook = this.hooks.get(name)
      if (hook !== undefined) hook.taps = hook.taps.filter((t) => t !== tap)
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
    if (mode === 'parallel') {
      return Promise.all(
        hook.taps.map((tap) => guard(this.deadlines, tap.timeoutMs, () => tap.invoke(value, tap.arg), tap.fail)),
      )
    }
    return runHook(this.deadlines, hook.taps, mode, value)
  }

  /** Taps held, for leak checks. */
  get size(): number {
    let size = 0
    for (const hook of this.hooks.values()) size += hook.taps.length
    return size
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
