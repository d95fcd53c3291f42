import { type Mock, vi } from 'vitest'

/**
 * `vi.fn(impl)` typed as both the spy and `impl` itself (vitest's `Mock` drops the type
 * parameters of a generic method such as `get<T>(key)`). With `copyArgs`, the spy records
 * copies of the arguments as they crossed, so a caller that mutates its object afterwards
 * does not rewrite the spy's history.
 */
export function spy<F extends (...args: any[]) => any>(impl: F, options: { copyArgs?: boolean } = {}): Mock<F> & F {
  if (!options.copyArgs) return vi.fn(impl) as Mock<F> & F
  const fn: Mock<F> = vi.fn(function (this: unknown, ...args: Parameters<F>) {
    const recorded = fn.mock.calls.at(-1)
    if (recorded !== undefined) {
      for (let i = 0; i < recorded.length; i++) {
        try {
          recorded[i] = structuredClone(recorded[i])
        } catch {
          // Left as passed: the implementation reports what cannot cross.
        }
      }
    }
    return impl.apply(this, args)
  } as F)
  return fn as Mock<F> & F
}
