import type { Recorded } from '../records.js'

/** The records behind a mock context (`ctx.mock`), a test host, or a bare `Recorded`; undefined for anything else. */
export function recordsOf(received: unknown): Recorded | undefined {
  if (typeof received !== 'object' || received === null) return undefined
  const mock = (received as { mock?: unknown }).mock
  if (isRecorded(mock)) return mock
  return isRecorded(received) ? received : undefined
}

function isRecorded(value: unknown): value is Recorded {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return Array.isArray(v.logs) && Array.isArray(v.emitted) && Array.isArray(v.requests) && Array.isArray(v.metrics)
}
