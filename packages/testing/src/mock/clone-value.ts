/**
 * Copies a value the way it crosses a worker or process boundary. What cannot be copied (a
 * function, a class instance with behaviour) throws the `DataCloneError` the runtime throws
 * there too, with where it happened added to the message.
 */
export function cloneValue<T>(value: T, where: string): T {
  if (value === undefined) return value
  try {
    return structuredClone(value)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new DOMException(
      `${where}: the value cannot cross the plugin boundary (${reason}). Pass structured-clone data only: no functions or class instances with behaviour.`,
      'DataCloneError',
    )
  }
}
