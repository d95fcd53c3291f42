import { type DeadlineQueue, Timed } from '../lifecycle/deadline-queue.js'
import { isThenable } from '../transport/is-thenable.js'
import type { Tap } from './hook-registry.js'
import type { HookMode } from './host-types.js'

/**
 * One call of a `series`, `waterfall` or `bail` hook, driven tap by tap without an async
 * function: synchronous taps cost no promise, an asynchronous tap one `then`; the call holds
 * one entry in the shared deadline queue, re-armed per asynchronous tap.
 */
export class HookRun extends Timed {
  private i = 0
  // A result that arrives after the deadline expired finds the run settled and is dropped.
  private readonly onValue = (result: unknown) => {
    if (this.settled) return
    this.next(result)
  }
  private readonly onError = (error: unknown) => {
    if (this.settled) return
    this.deadlines.settle(this)
    this.reject(this.taps[this.i - 1]!.fail(error, false))
  }

  constructor(
    private readonly deadlines: DeadlineQueue,
    private readonly taps: readonly Tap[],
    private readonly mode: Exclude<HookMode, 'parallel'>,
    private value: unknown,
    private readonly resolve: (value: unknown) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    super()
  }

  /** Takes the previous tap's result (undefined at first) and runs taps until one is async. */
  next(result: unknown): void {
    const { taps } = this
    while (true) {
      if (this.i > 0 && result !== undefined) {
        if (this.mode === 'bail') {
          this.deadlines.settle(this)
          this.resolve(result)
          return
        }
        if (this.mode === 'waterfall') this.value = result
      }
      if (this.i === taps.length) {
        this.deadlines.settle(this)
        this.resolve(this.mode === 'bail' ? undefined : this.value)
        return
      }
      const tap = taps[this.i++]!
      try {
        result = tap.invoke(this.value)
      } catch (error) {
        this.deadlines.settle(this)
        this.reject(tap.fail(error, false))
        return
      }
      if (isThenable(result)) {
        // One queue entry for the whole call, re-armed for each asynchronous tap.
        this.deadlines.extend(this, tap.timeoutMs)
        result.then(this.onValue, this.onError)
        return
      }
    }
  }

  expire(): void {
    this.reject(this.taps[this.i - 1]!.fail(undefined, true))
  }
}
