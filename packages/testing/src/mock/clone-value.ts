import { PdkError } from '@pdk/core'

/**
 * Copies a value the way it crosses a worker or process boundary. A plugin that hands over a
 * function, a class instance with behaviour or a shared object finds out in its tests.
 */
export function cloneValue<T>(value: T, where: string): T {
  if (value === undefined) return value
  try {
    return structuredClone(value)
  } catch (error) {
    throw new PdkError(
      'PDK_INVALID_ARGUMENT',
      `${where}: the value cannot cross the plugin boundary (${describe(error)}).`,
      {
        hint: 'Pass structured-clone data only: plain objects, arrays, strings, numbers, Dates, Maps, Sets, typed arrays; no functions or class instances with behaviour.',
        details: { step: where },
        cause: error,
      },
    )
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
