import type { PdkErrorCode, PdkErrorOptions } from '@pdk/core'

/**
 * Throws a `PdkError`, loading `@pdk/core` only then: importing it is the largest cost of
 * starting `pdk test` after vitest itself, and a passing run never needs it.
 */
export async function fail(code: PdkErrorCode, message: string, options: PdkErrorOptions = {}): Promise<never> {
  const { PdkError } = await import('@pdk/core')
  throw new PdkError(code, message, options)
}
