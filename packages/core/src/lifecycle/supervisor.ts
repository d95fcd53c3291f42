import type { PdkError } from '../errors.js'
import { type HostCore, hostLog } from '../host/host-core.js'
import type { PluginRecord } from '../host/plugin-record.js'
import { resumeDependents } from '../host/resume-dependents.js'
import { startRecord } from './start-record.js'

// Failures of the plugin's own code can pass; configuration, permission and manifest errors
// would fail the same way on every attempt.
const RESTARTABLE = new Set(['PDK_PLUGIN_FAILED', 'PDK_TIMEOUT', 'PDK_PLUGIN_CRASHED'])

/**
 * The restart policy: after a failure in load, init or start, restart with exponential backoff
 * and jitter; after `maxRestarts` within `windowMs`, open the circuit and keep the plugin
 * stopped, saying why in health.
 */
export function superviseFailure(core: HostCore, record: PluginRecord, error: PdkError): void {
  const { maxRestarts, windowMs, backoffMs } = core.options.restart
  if (!core.running || record.held || maxRestarts <= 0 || !RESTARTABLE.has(error.code)) return
  const now = Date.now()
  record.restartTimes = record.restartTimes.filter((t) => now - t < windowMs)
  if (record.restartTimes.length >= maxRestarts) {
    record.circuitOpen = true
    hostLog(
      core,
      'error',
      `Circuit open: "${record.name}" failed ${record.restartTimes.length + 1} times within ${windowMs} ms and stays stopped.`,
      { lastError: error.toJSON() },
      record,
    )
    return
  }
  const attempt = record.restartTimes.length
  const base = Math.min(backoffMs[1], backoffMs[0] * 2 ** attempt)
  const delay = Math.round(base / 2 + (Math.random() * base) / 2)
  record.restartTimes.push(now)
  hostLog(
    core,
    'warn',
    `Restarting "${record.name}" in ${delay} ms (restart ${attempt + 1} of at most ${maxRestarts} per ${windowMs} ms).`,
    { error: error.message },
    record,
  )
  record.restartTimer = setTimeout(() => {
    record.restartTimer = undefined
    if (!core.running || record.held || record.state !== 'failed') return
    record.restarts++
    record.series.restarts.inc()
    startRecord(core, record).then(
      () => resumeDependents(core, record.name),
      () => undefined,
    )
  }, delay)
}
