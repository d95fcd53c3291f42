import type { PdkError, PdkErrorCode, PdkErrorOptions } from '@pdk/core'

/**
 * A `PdkError`, with @pdk/core loaded only when something fails: `pdk init` that works never
 * needs the runtime, and its import is most of a command's start-up.
 */
export async function initError(code: PdkErrorCode, message: string, options: PdkErrorOptions = {}): Promise<PdkError> {
  const { PdkError } = await import('@pdk/core')
  return new PdkError(code, message, options)
}
