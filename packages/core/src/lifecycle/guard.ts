import { isThenable } from '../transport/is-thenable.js'
import type { DeadlineQueue } from './deadline-queue.js'

/**
 * Runs `invoke` (a call into plugin code) under a deadline. Synchronous results and throws
 * need no timer; a promise gets one entry in the host's shared deadline queue. `fail` turns
 * what went wrong into the error the caller sees (`timedOut` true when the deadline passed).
 */
export function guard<T>(
  deadlines: DeadlineQueue,
  ms: number,
  invoke: () => T | PromiseLike<T>,
  fail: (error: unknown, timedOut: boolean) => Error,
): Promise<T> {
  let result: T | PromiseLike<T>
  try {
    result = invoke()
  } catch (error) {
    return Promise.reject(fail(error, false))
  }
  if (!isThenable(result)) return Promise.resolve(result)
  const pending = result
  return new Promise<T>((resolve, reject) => {
    const deadline = deadlines.add(ms, () => reject(fail(undefined, true)))
    pending.then(
      (value) => {
        deadline.cancel()
        resolve(value)
      },
      (error) => {
        deadline.cancel()
        reject(fail(error, false))
      },
    )
  })
}
