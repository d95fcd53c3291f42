import { PdkError } from '../errors.js'
import { startRecord } from '../lifecycle/start-record.js'
import type { EventMeta } from '../plugin/types.js'
import type { HostEndpoint } from '../transport/protocol.js'
import { deliverEvent } from './deliver-event.js'
import { type HostCore, hostLog, storeOf } from './host-core.js'
import { invokeCall } from './invoke-call.js'
import { definePluginMetric, recordPluginMetric } from './plugin-metrics.js'
import type { PluginInstance, PluginRecord } from './plugin-record.js'
import { routeBroadcast, routeRequest } from './route-request.js'

/**
 * The host's side of one plugin instance's context. The host knows who is calling, so every
 * log line, event, request and metric is attributed without trusting the plugin.
 */
export function createHostEndpoint(
  core: HostCore,
  record: PluginRecord,
  instance: () => PluginInstance | undefined,
): HostEndpoint {
  const current = () => instance() !== undefined && record.instance === instance()
  return {
    log: (level, message, fields) => hostLog(core, level, message, fields, record),
    storageGet: (key) => storeOf(core, record).get(key),
    storageSet: (key, value) => storeOf(core, record).set(key, value),
    storageDelete: (key) => storeOf(core, record).delete(key),
    storageKeys: (prefix) => storeOf(core, record).keys(prefix),
    emit: (name, payload) => {
      core.events.emit(name, payload, record.name)
      return Promise.resolve()
    },
    subscribe: (id, pattern) => {
      if (!current()) return
      const endpoint = record.instance!.endpoint
      core.events.subscribe(record.name, id, pattern, (payload: unknown, meta: EventMeta) =>
        deliverEvent(core, record, pattern, () => endpoint.event(id, payload, meta)),
      )
    },
    unsubscribe: (id) => core.events.unsubscribe(record.name, id),
    request: (plugin, topic, payload, timeoutMs) => routeRequest(core, record.name, plugin, topic, payload, timeoutMs),
    broadcast: (topic, payload) => routeBroadcast(core, record.name, topic, payload),
    service: async (capability) => {
      const providerName = record.providers.get(capability)
      if (providerName === undefined) throw noProvider(record, capability)
      const provider = core.records.get(providerName)
      if (provider === undefined) throw noProvider(record, capability)
      if (provider.state !== 'started') await startRecord(core, provider)
      const methods = provider.instance?.services[capability]
      if (methods === undefined) {
        throw new PdkError(
          'PDK_NO_HANDLER',
          `Plugin "${providerName}" lists capability "${capability}" but its init() returned no "${capability}" service.`,
          {
            hint: `Return { "${capability}": { ...methods } } from init() in "${providerName}".`,
            details: {
              plugin: providerName,
              version: provider.version,
              step: 'services',
              capability,
              caller: record.name,
            },
          },
        )
      }
      return { provider: providerName, methods }
    },
    call: (providerName, capability, method, args) => {
      const provider = core.records.get(providerName)
      const target = provider?.instance
      if (provider === undefined || target === undefined || provider.state !== 'started') {
        return Promise.reject(notRunning(providerName, provider?.version, `${capability}.${method}`))
      }
      return invokeCall(core, provider, 'service', `${capability}.${method}`, provider.limits.callTimeoutMs, () =>
        target.endpoint.service(capability, method, args),
      ) as Promise<unknown>
    },
    defineMetric: (kind, name, help, buckets) =>
      definePluginMetric(core, record, instance(), kind, name, help, buckets),
    record: (name, value, labels) => recordPluginMetric(core, record, instance(), name, value, labels),
  }
}

function noProvider(record: PluginRecord, capability: string): PdkError {
  const declared = [...record.deps]
  return new PdkError(
    'PDK_DEP_MISSING',
    `Plugin "${record.name}@${record.version}" asked for service "${capability}", but none of its dependencies provides it.`,
    {
      hint: `Add a plugin that lists "${capability}" in pdk.capabilities to pdk.dependencies or pdk.optionalDependencies of "${record.name}".`,
      details: { plugin: record.name, version: record.version, step: 'services', capability, dependencies: declared },
    },
  )
}

/** `PDK_NOT_RUNNING` for a call to a plugin that is not started. */
export function notRunning(name: string, version: string | undefined, what: string, state?: string): PdkError {
  return new PdkError(
    'PDK_NOT_RUNNING',
    `Plugin "${name}${version ? `@${version}` : ''}" is not running${state ? ` (state: ${state})` : ''}, so ${what} cannot be handled.`,
    {
      hint: `Check host.health() or host.list() for why "${name}" stopped, then host.startPlugin("${name}").`,
      details: { plugin: name, version, step: 'request', state },
    },
  )
}
