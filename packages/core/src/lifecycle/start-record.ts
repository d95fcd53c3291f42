import { mkdir } from 'node:fs/promises'
import { resolveConfig } from '../context/resolve-config.js'
import { isPdkError } from '../errors.js'
import { createHostEndpoint } from '../host/create-host-endpoint.js'
import { unknownHook } from '../host/hook-registry.js'
import { type HostCore, pluginFolder, setState } from '../host/host-core.js'
import type { PluginInstance, PluginRecord } from '../host/plugin-record.js'
import { storageError } from '../storage/storage-error.js'
import { coarseNow } from './coarse-clock.js'
import { guard } from './guard.js'
import { pluginFailed, timedOut, withPlugin } from './plugin-errors.js'
import { teardown } from './stop-record.js'
import { superviseFailure } from './supervisor.js'

const NO_TOPICS: ReadonlySet<string> = new Set()

/** Starts one resolved plugin (load, init, start), sharing the attempt with concurrent callers. */
export function startRecord(core: HostCore, record: PluginRecord): Promise<void> {
  if (record.state === 'started') return Promise.resolve()
  if (record.starting !== undefined) return record.starting
  const attempt = runStart(core, record)
  record.starting = attempt
  const clear = () => {
    if (record.starting === attempt) record.starting = undefined
  }
  attempt.then(clear, clear)
  return attempt
}

async function runStart(core: HostCore, record: PluginRecord): Promise<void> {
  if (record.stopping !== undefined) await record.stopping.catch(() => undefined)
  if (record.state !== 'resolved') setState(core, record, 'resolved')
  const began = coarseNow()
  const ms = record.limits.startTimeoutMs
  let step = 'load'
  let instance: PluginInstance | undefined
  try {
    const settings = core.options.settings[record.name]
    const schema = record.manifest?.pdk.config
    const config =
      settings === undefined && schema === undefined
        ? {}
        : resolveConfig({
            settings,
            schema,
            env: core.options.env,
            granted: record.granted.env ?? [],
            plugin: record,
          })
    const dataDir = `${pluginFolder(core, record.name)}/data`
    if ((record.granted.fs?.write?.length ?? 0) > 0) {
      await mkdir(dataDir, { recursive: true }).catch((error) => {
        throw storageError(record, 'create data folder', dataDir, error)
      })
    }
    const host = createHostEndpoint(core, record, () => instance)
    const boot = {
      plugin: { name: record.name, version: record.version, kind: record.kind, dataDir },
      host: { name: core.options.name, version: core.options.version },
      config,
      network: record.granted.network ?? [],
    }
    const endpoint = await guard(
      core.deadlines,
      ms,
      () => core.transport.load({ boot, entry: record.entry, definition: record.definition, host }),
      stepFailure(record, 'load', ms),
    )
    const shape = endpoint.describe()
    const unknown = shape.hooks.find((tap) => !core.hooks.has(tap.name))
    if (unknown !== undefined) throw unknownHook(unknown.name, core.hooks.names(), record)
    instance = {
      endpoint,
      shape,
      topics: shape.messages.length ? new Set(shape.messages) : NO_TOPICS,
      services: {},
      metrics: new Map(),
    }
    record.instance = instance
    setState(core, record, 'loaded')

    step = 'init'
    instance.services = (await guard(core.deadlines, ms, () => endpoint.init(), stepFailure(record, 'init', ms))) ?? {}
    setState(core, record, 'initialized')

    step = 'start'
    for (const tap of shape.hooks) {
      const hook = tap.name
      const callMs = record.limits.callTimeoutMs
      core.hooks.tap(hook, {
        owner: record.name,
        priority: tap.priority,
        order: record.order,
        timeoutMs: callMs,
        invoke: (value) => endpoint.hook(hook, value),
        fail: (error, timeout) => {
          record.series.errors.inc()
          return timeout
            ? timedOut(record, 'hook', callMs, `hook "${hook}"`)
            : pluginFailed(record, 'hook', error, `hook "${hook}"`)
        },
      })
    }
    await guard(core.deadlines, ms, () => endpoint.start(), stepFailure(record, 'start', ms))
    record.startSeconds = (coarseNow() - began) / 1000
    core.auto.start.with({ plugin: record.name }).set(record.startSeconds)
    setState(core, record, 'started')
  } catch (error) {
    const failure = withPlugin(error, record, step)
    if (failure.code === 'PDK_PLUGIN_FAILED' || failure.code === 'PDK_TIMEOUT') record.series.errors.inc()
    if (instance !== undefined) await teardown(core, record, instance, record.state === 'initialized')
    record.instance = undefined
    setState(core, record, 'failed', failure)
    superviseFailure(core, record, failure)
    throw failure
  }
}

function stepFailure(record: PluginRecord, step: string, ms: number) {
  return (error: unknown, timeout: boolean) => {
    if (timeout) return timedOut(record, step, ms)
    if (isPdkError(error) && error.details.plugin === record.name && step === 'load') return error
    return pluginFailed(record, step, error)
  }
}
