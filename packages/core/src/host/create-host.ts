import { PdkError } from '../errors.js'
import { startRecord } from '../lifecycle/start-record.js'
import { stopRecord } from '../lifecycle/stop-record.js'
import { collectHealth } from '../observe/collect-health.js'
import { prometheusText } from '../observe/prometheus-text.js'
import { addPlugins } from './add-plugins.js'
import { cores, createCore, type HostCore } from './host-core.js'
import type { Host, HostOptions, MetricsSnapshot, PluginInfo, PluginSource } from './host-types.js'
import { isolationOf } from './isolation-of.js'
import { normalizeOptions } from './normalize-options.js'
import type { PluginRecord } from './plugin-record.js'
import { reloadPlugin } from './reload-plugin.js'
import { removePlugin } from './remove-plugin.js'
import { resumeDependents } from './resume-dependents.js'
import { routeBroadcast, routeRequest } from './route-request.js'
import { criticalFailure, startPlugins } from './start-plugins.js'
import { stopPlugins } from './stop-plugins.js'
import { activationOwner } from './watch-activation.js'
import { watchPlugins } from './watch-plugins.js'

/**
 * Creates a host. Nothing is discovered or loaded until `start()`.
 * @example const host = await createHost({ name: 'demo-host', version: '1.2.0', plugins: ['./plugins'] }); await host.start()
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const core = createCore(normalizeOptions(options))
  const sources: PluginSource[] = [...(options.plugins ?? [])]
  let started: Promise<void> | undefined

  const host: Host = {
    name: core.options.name,
    version: core.options.version,
    start() {
      started ??= (async () => {
        core.running = true
        core.records.clear()
        const { records } = await addPlugins(core, sources)
        const failures = await startPlugins(core, records)
        if (failures.length > 0) throw criticalFailure(failures)
      })()
      return started
    },
    async stop() {
      core.running = false
      await stopPlugins(core, [...core.records.values()])
      for (const record of core.records.values()) core.events.removeOwner(activationOwner(record.name))
      core.deadlines.clear()
      started = undefined
    },
    async startPlugin(name) {
      const record = find(core, name)
      record.held = false
      if (record.state === 'started') return
      if (
        record.state !== 'resolved' &&
        record.state !== 'disposed' &&
        record.state !== 'failed' &&
        record.state !== 'stopped'
      ) {
        throw new PdkError('PDK_NOT_RUNNING', `Plugin "${name}" is ${record.state} and cannot be started now.`, {
          hint: 'Wait for the step in progress to finish, then try again.',
          details: { plugin: name, version: record.version, step: 'start', state: record.state },
        })
      }
      if (
        record.manifest === undefined ||
        (record.state === 'failed' && record.instance === undefined && !canRetry(record))
      ) {
        throw record.lastError ?? new PdkError('PDK_NOT_RUNNING', `Plugin "${name}" cannot be started.`)
      }
      record.circuitOpen = false
      await startRecord(core, record)
      await resumeDependents(core, name)
    },
    async stopPlugin(name) {
      const record = find(core, name)
      record.held = true
      await stopRecord(core, record)
    },
    async restartPlugin(name) {
      const record = find(core, name)
      record.held = true
      await stopRecord(core, record)
      record.held = false
      record.circuitOpen = false
      record.restartTimes = []
      record.restarts++
      record.series.restarts.inc()
      if (!canRetry(record)) throw record.lastError!
      await startRecord(core, record)
      await resumeDependents(core, name)
    },
    async add(source) {
      sources.push(source)
      const { records, collisions } = await addPlugins(core, [source])
      if (records.length === 0 && collisions.length > 0) throw collisions[0]
      if (core.running) await startPlugins(core, records)
      return records.map((record) => info(core, record))
    },
    // Async so that an unknown name rejects like every other failure, rather than throwing.
    remove: async (name) => removePlugin(core, find(core, name)),
    reload: async (name, options) => reloadPlugin(core, find(core, name), options),
    watch: (options) => watchPlugins(core, host, options),
    list: () => [...core.records.values()].map((record) => info(core, record)),
    request: (plugin, topic, payload, opts) =>
      routeRequest(core, core.options.name, plugin, topic, payload, opts?.timeoutMs) as never,
    broadcast: (topic, payload) => routeBroadcast(core, core.options.name, topic, payload),
    emit(name, payload) {
      core.events.emit(name, payload, core.options.name)
      return Promise.resolve()
    },
    callHook: (name, value) => core.hooks.call(name, value) as never,
    health: () => collectHealth(core),
    metrics: () => snapshot(core),
    metricsText: () => prometheusText(snapshot(core)),
    on(event, listener) {
      if (event !== 'state') throw new PdkError('PDK_INVALID_ARGUMENT', `host.on() knows only "state", got "${event}".`)
      core.listeners.add(listener)
      return () => core.listeners.delete(listener)
    },
  }
  cores.set(host, core)
  return host
}

function find(core: HostCore, name: string): PluginRecord {
  const record = core.records.get(name)
  if (record !== undefined) return record
  throw new PdkError('PDK_NOT_FOUND', `No plugin "${name}" in host "${core.options.name}".`, {
    hint: `Known plugins: ${[...core.records.keys()].join(', ') || 'none'}.`,
    details: { plugin: name },
  })
}

// Refused at discovery or resolution: starting again would fail the same way.
function canRetry(record: PluginRecord): boolean {
  const step = record.lastError?.details.step
  return record.state !== 'failed' || (step !== 'discover' && step !== 'resolve')
}

function info(core: HostCore, record: PluginRecord): PluginInfo {
  return {
    name: record.name,
    version: record.version,
    kind: record.kind,
    state: record.state,
    isolation: isolationOf(core, record),
    restarts: record.restarts,
    ...(record.lastError ? { lastError: record.lastError.toJSON() } : {}),
    ...(record.dir ? { dir: record.dir } : {}),
    lazy: record.lazy,
  }
}

function snapshot(core: HostCore): MetricsSnapshot {
  const heap = process.memoryUsage().heapUsed
  // Start times and memory are written when read, not per plugin at boot.
  for (const record of core.records.values()) {
    if (record.startSeconds !== undefined) core.auto.start.with({ plugin: record.name }).set(record.startSeconds)
    if (record.state !== 'started') continue
    // An isolated plugin's own heap (as of the last measurement); in-process ones share the host's.
    const endpoint = record.instance?.endpoint
    const bytes = endpoint?.memory ? endpoint.memory() : heap
    if (bytes !== undefined) core.auto.memory.with({ plugin: record.name }).set(bytes)
  }
  return core.metrics.snapshot()
}
