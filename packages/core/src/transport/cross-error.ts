import { isPdkError, PdkError } from '../errors.js'
import type { CrossedError } from './protocol.js'

/** An error as plain data, to cross a worker's port or a child's IPC channel. */
export function crossError(error: unknown): CrossedError {
  if (isPdkError(error)) return { name: error.name, message: error.message, stack: error.stack, pdk: error.toJSON() }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack }
  return { name: typeof error, message: String(error) }
}

/**
 * The error on this side of the channel: a `PdkError` again, or an `Error` with the original
 * name, message and stack, which the host wraps into `PDK_PLUGIN_FAILED` as it does in-process.
 */
export function reviveError(crossed: CrossedError): Error {
  if (crossed.pdk) return PdkError.fromJSON(crossed.pdk)
  const error = new Error(crossed.message)
  error.name = crossed.name
  if (crossed.stack !== undefined) error.stack = crossed.stack
  return error
}
