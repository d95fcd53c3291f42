import type { DeadlineQueue, Tracked } from '../lifecycle/deadline-queue.js'
import { isThenable } from '../transport/is-thenable.js'
import type { Tap } from './hook-registry.js'
import type { HookMode } from './host-types.js'

// The resolving functions of the promise being made: one shared executor, no closure per call.
let nextResolve: (value: unknown) => void
let nextReject: (error: unknown) => void
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  nextResolve = resolve
  nextReject = reject
}

/**
 * Runs a `series`, `waterfall` or `bail` hook over `taps`, driven tap by tap without an async
 * function: synchronous taps cost no promise, an asynchronous tap one `then`.
 */
export function runHook(
  deadlines: DeadlineQueue,
  taps: readonly Tap[],
  mode: Exclude<HookMode, 'parallel'>,
  value: unknown,
): Promise<unknown> {
  const promise = new Promise(capture)
  new HookRun(deadlines, taps, mode, value, nextResolve, nextReject).next(undefined)
  return promise
}

/**
 * One call of a hook. It holds one entry in the shared deadline queue, renewed for each
 * asynchronous tap (each tap has the call timeout: at least that long, at most twice). Fields are assigned in the constructor
 * rather than declared with initialisers: one of these is made per call.
 */
class HookRun implements Tracked {
  declare at: number
  declare settled: boolean
  declare bucket: unknown
  declare renewed: boolean
  declare private i: number
  declare private value: unknown
  declare private readonly deadlines: DeadlineQueue
  declare private readonly taps: readonly Tap[]
  declare private readonly waterfall: boolean
  declare private readonly bail: boolean
  declare private readonly resolve: (value: unknown) => void
  declare private readonly reject: (error: unknown) => void
  // A result that arrives after the deadline expired finds the run settled and is dropped.
  declare private readonly onValue: (result: unknown) => void
  declare private readonly onError: (error: unknown) => void

  constructor(
    deadlines: DeadlineQueue,
    taps: readonly Tap[],
    mode: Exclude<HookMode, 'parallel'>,
    value: unknown,
    resolve: (value: unknown) => void,
    reject: (error: unknown) => void,
  ) {
    this.at = 0
    this.settled = true
    this.bucket = undefined
    this.renewed = false
    this.i = 0
    this.value = value
    this.deadlines = deadlines
    this.taps = taps
    this.waterfall = mode === 'waterfall'
    this.bail = mode === 'bail'
    this.resolve = resolve
    this.reject = reject
    this.onValue = (result) => {
      if (!this.settled) this.next(result)
    }
    this.onError = (error) => {
      if (this.settled) return
      this.deadlines.settle(this)
      this.reject(this.taps[this.i - 1]!.fail(error, false))
    }
  }

  /** Takes the previous tap's result (undefined at first) and runs taps until one is async. */
  next(result: unknown): void {
    const { taps } = this
    while (true) {
      if (result !== undefined && this.i > 0) {
        if (this.bail) {
          this.deadlines.settle(this)
          this.resolve(result)
          return
        }
        if (this.waterfall) this.value = result
      }
      if (this.i === taps.length) {
        this.deadlines.settle(this)
        this.resolve(this.bail ? undefined : this.value)
        return
      }
      const tap = taps[this.i++]!
      try {
        result = tap.invoke(this.value, tap.arg)
      } catch (error) {
        this.deadlines.settle(this)
        this.reject(tap.fail(error, false))
        return
      }
      if (isThenable(result)) {
        // Each tap has the call timeout: the first arms the run's one deadline, the next renew it.
        this.deadlines.renew(this, tap.timeoutMs)
        result.then(this.onValue, this.onError)
        return
      }
    }
  }

  expire(): void {
    this.reject(this.taps[this.i - 1]!.fail(undefined, true))
  }
}
