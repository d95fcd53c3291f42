import { PdkError } from '../errors.js'
import type { HostCore } from '../host/host-core.js'
import type { HostHealth, PluginHealth } from '../host/host-types.js'
import { isolationOf } from '../host/isolation-of.js'
import type { PluginRecord } from '../host/plugin-record.js'
import { guard } from '../lifecycle/guard.js'
import { pluginFailed, timedOut } from '../lifecycle/plugin-errors.js'
import type { HealthResult, HealthStatus } from '../plugin/types.js'

/**
 * Asks every started plugin for its `health()` (under its call timeout) and adds the
 * supervisor's view: restarts, circuit breaker, limits this isolation cannot enforce. The host
 * is `error` when a critical plugin is, `degraded` when any plugin is not ok.
 */
export async function collectHealth(core: HostCore): Promise<HostHealth> {
  const records = [...core.records.values()]
  const entries = await Promise.all(records.map((record) => pluginHealth(core, record)))
  const plugins: Record<string, PluginHealth> = {}
  let status: HealthStatus = 'ok'
  records.forEach((record, i) => {
    const health = entries[i]!
    plugins[record.name] = health
    if (health.status === 'error' && record.critical) status = 'error'
    else if (health.status !== 'ok' && status === 'ok') status = 'degraded'
  })
  return { status, plugins }
}

async function pluginHealth(core: HostCore, record: PluginRecord): Promise<PluginHealth> {
  const details: Record<string, unknown> = { supervisor: supervisorView(core, record) }
  const memoryMb = record.manifest?.pdk.limits?.memoryMb
  if (memoryMb !== undefined) {
    const isolation = isolationOf(core, record)
    details.limits = {
      memoryMb:
        isolation === 'none'
          ? {
              value: memoryMb,
              enforced: false,
              reason: 'isolation "none" shares the host heap; memoryMb is enforced only in worker or process isolation',
            }
          : { value: memoryMb, enforced: true, isolation },
    }
  }
  const base = { state: record.state, ...(record.lastError ? { lastError: record.lastError.toJSON() } : {}) }
  if (record.state === 'failed') {
    if (record.circuitOpen)
      details.reason = `circuit open after ${record.restartTimes.length + 1} failures within ${core.options.restart.windowMs} ms; call host.restartPlugin("${record.name}") after fixing it`
    return { status: 'error', ...base, details }
  }
  if (record.state === 'resolved' && record.lazy && !record.held) {
    return { status: 'ok', ...base, details: { ...details, reason: 'waiting for activation' } }
  }
  if (record.state !== 'started' || record.instance === undefined) {
    return {
      status: 'degraded',
      ...base,
      details: { ...details, reason: record.held ? 'stopped by the host' : `state ${record.state}` },
    }
  }
  if (!record.instance.shape.health) return { status: 'ok', ...base, details }
  const endpoint = record.instance.endpoint
  const ms = record.limits.callTimeoutMs
  try {
    const result = (await guard(
      core.deadlines,
      ms,
      () => endpoint.health(),
      (error, timeout) => (timeout ? timedOut(record, 'health', ms) : pluginFailed(record, 'health', error)),
    )) as HealthResult | undefined
    const status = result?.status === 'degraded' || result?.status === 'error' ? result.status : 'ok'
    return { status, ...base, details: { ...details, ...(result?.details ?? {}) } }
  } catch (error) {
    const pdk = PdkError.from(error)
    record.series.errors.inc()
    return { status: 'error', ...base, lastError: pdk.toJSON(), details: { ...details, health: pdk.message } }
  }
}

function supervisorView(core: HostCore, record: PluginRecord): Record<string, unknown> {
  const { maxRestarts, windowMs } = core.options.restart
  const now = Date.now()
  return {
    restarts: record.restarts,
    restartsInWindow: record.restartTimes.filter((t) => now - t < windowMs).length,
    maxRestarts,
    windowMs,
    circuitOpen: record.circuitOpen,
    restartScheduled: record.restartTimer !== undefined,
  }
}
