import { isThenable } from './is-thenable.js'

/**
 * Wraps an endpoint so that every argument and result crossing it is a structured clone. A
 * value that cannot be cloned (a function, a class instance with methods) fails here, as it
 * would on a real channel.
 */
export function cloneCrossings<T extends object>(endpoint: T, methods: readonly (keyof T & string)[]): T {
  const wrapped = { ...endpoint } as Record<string, unknown>
  for (const method of methods) {
    const fn = (endpoint as Record<string, unknown>)[method]
    if (typeof fn !== 'function') continue
    wrapped[method] = (...args: unknown[]) => {
      const result = fn.apply(endpoint, structuredClone(args))
      return isThenable(result) ? Promise.resolve(result).then(cloneValue) : cloneValue(result)
    }
  }
  return wrapped as T
}

function cloneValue<V>(value: V): V {
  return value === undefined ? value : structuredClone(value)
}
