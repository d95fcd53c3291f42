import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type BroadcastResult,
  createHost,
  definePlugin,
  type HookMode,
  type Host,
  type HostHealth,
  type InMemoryPlugin,
  type IsolationMode,
  type Limits,
  PdkError,
  type PluginDefinition,
  type PluginInfo,
  type PluginPackageJson,
  type PluginSource,
  type ReloadResult,
} from '@pdk/core'
import { type Mock, vi } from 'vitest'
import type { ManifestLike } from '../mock/create-mock-context.js'
import { createRecorded, type EmittedEvent, type MetricRecord, type Recorded, type RequestRecord } from '../records.js'
import { fakeProviders, grantWhatIsAsked, hooksFor, hostIdentityFor, kindsFor } from './host-options-for.js'
import { metricRecords } from './metric-records.js'
import { readPluginSources } from './read-plugin-sources.js'

/** The name of the plugin the test host adds to see every event. */
export const OBSERVER = 'pdk-testing-observer'

/** An in-memory plugin for a test host; the manifest may be an imported package.json as it is. */
export interface TestPlugin {
  manifest: ManifestLike & { pdk: object }
  definition: PluginDefinition<any>
  /** Folder the plugin may read (`permissions.fs.read` base). */
  dir?: string
}

export interface TestHostOptions {
  /** Plugin folders, package folders, and in-memory `{ manifest, definition }` plugins. */
  plugins: Array<string | TestPlugin>
  /** Settings per plugin name, as a host would pass them. */
  settings?: Record<string, Record<string, unknown>>
  /** Fake services by capability, provided in place of the plugins' missing dependencies. */
  services?: Record<string, object>
  /** Which missing dependency provides each fake capability, when there are several. */
  providers?: Record<string, string>
  /** Where plugin stores live. @default a new temporary folder, removed by `stop()` */
  storageDir?: string
  /** @default the first plugin's `pdk.host` name and the lowest version its range accepts */
  host?: { name?: string; version?: string }
  /** Modes of the hooks the plugins tap. @default 'waterfall' for each */
  hooks?: Record<string, HookMode>
  /** Environment for `${VAR}` in settings. @default process.env */
  env?: Record<string, string | undefined>
  /** Default limits of every plugin. */
  limits?: Limits
  /** Resolve even when a plugin under test failed to start (inspect `list()`). @default false */
  allowFailures?: boolean
  /**
   * Run the plugins under test (from their folders) in a worker thread or a child process, as
   * a host with `isolation.default` would: proves the plugin works across a real channel.
   * In-memory plugins and fake services stay in the test process. @default the manifests' own
   */
  isolation?: IsolationMode
}

/** A real `@pdk/core` host running the plugins under test, with everything it recorded. */
export interface TestHost extends Recorded {
  readonly host: Host
  readonly name: string
  readonly version: string
  readonly storageDir: string
  /** The fake services as spies, by capability then method. */
  readonly services: Record<string, Record<string, Mock>>
  /** Metrics recorded by plugins (`pdk_plugin_<name>`, without the prefix), one entry per series. */
  readonly metrics: MetricRecord[]
  request<R = unknown>(plugin: string, topic: string, payload?: unknown, opts?: { timeoutMs?: number }): Promise<R>
  broadcast(topic: string, payload?: unknown): Promise<BroadcastResult[]>
  emit(name: string, payload?: unknown): Promise<void>
  callHook<T = unknown>(name: string, value?: T): Promise<T>
  health(): Promise<HostHealth>
  list(): PluginInfo[]
  /**
   * `host.reload`: swaps a plugin blue/green for its new version (`plugin`, for an in-memory
   * one; a folder plugin is read from disk again), handing over its `snapshot()` state.
   */
  reload(name: string, plugin?: TestPlugin): Promise<ReloadResult>
  /** Stops the host and removes the temporary storage folder. */
  stop(): Promise<void>
}

/**
 * Starts a real host in the test process with the plugins under test, set up so that they
 * load: the host name and version they ask for, their kinds, the hooks they tap, a policy
 * granting what they ask, values cloned at every crossing, a temporary storage folder, and
 * fake services standing in for missing dependencies.
 * @example
 * const host = await startTestHost({ plugins: ['.'], settings: { 'pdk-plugin-greeter': { greeting: 'Hi' } } })
 * expect(await host.request('pdk-plugin-greeter', 'greet', { name: 'Ada' })).toBe('Hi, Ada')
 * await host.stop()
 */
export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const sources = options.plugins as PluginSource[]
  const underTest = await readPluginSources(sources, process.cwd())
  const identity = { ...hostIdentityFor(underTest), ...definedOf(options.host) }
  const services = spyServices(options.services ?? {})
  const fakes = fakeProviders(underTest, services.implementations, options.providers ?? {}, identity)
  const ownStorage = options.storageDir === undefined
  const storageDir = options.storageDir ?? mkdtempSync(join(tmpdir(), 'pdk-test-host-'))
  const recorded = createRecorded()

  const host = await createHost({
    name: identity.name,
    version: identity.version,
    kinds: kindsFor(underTest),
    plugins: [observer(identity, recorded.emitted), ...fakes, ...sources],
    settings: options.settings ?? {},
    policy: grantWhatIsAsked,
    hooks: hooksFor(underTest, options.hooks),
    storage: { dir: storageDir },
    cloneValues: true,
    ...(options.isolation ? { isolation: { default: options.isolation } } : {}),
    env: options.env ?? process.env,
    ...(options.limits ? { limits: options.limits } : {}),
    logger: (entry) => {
      recorded.logs.push({
        plugin: entry.plugin ?? '',
        level: entry.level,
        message: entry.message,
        ...(entry.fields === undefined ? {} : { fields: entry.fields }),
      })
    },
  })

  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await host.stop()
    if (ownStorage) rmSync(storageDir, { recursive: true, force: true })
  }
  try {
    await host.start()
  } catch (error) {
    await stop()
    throw error
  }
  if (!options.allowFailures) {
    const names = new Set(underTest.map((p) => p.manifest.name))
    const failed = host.list().filter((p) => names.has(p.name) && p.state === 'failed')
    if (failed.length > 0) {
      await stop()
      throw new PdkError(
        'PDK_PLUGIN_FAILED',
        `The test host could not start ${failed.map((p) => `"${p.name}"`).join(', ')}: ${failed.map((p) => p.lastError?.message ?? 'failed').join('; ')}`,
        {
          hint: 'Fix the plugin, or pass allowFailures: true to inspect the failure with list() and health().',
          details: { plugins: failed.map((p) => ({ name: p.name, error: p.lastError })) },
          cause: failed[0]?.lastError,
        },
      )
    }
  }

  const record = (plugin: string, topic: string, payload: unknown, outcome: RequestRecord['outcome']) => {
    recorded.requests.push({ from: identity.name, plugin, topic, payload: structuredClone(payload), outcome })
  }
  return {
    host,
    name: identity.name,
    version: identity.version,
    storageDir,
    services: services.spies,
    logs: recorded.logs,
    emitted: recorded.emitted,
    requests: recorded.requests,
    get metrics() {
      return metricRecords(host.metrics())
    },
    async request<R>(plugin: string, topic: string, payload?: unknown, opts?: { timeoutMs?: number }) {
      try {
        const value = await host.request<R>(plugin, topic, payload, opts)
        record(plugin, topic, payload, { ok: true, value })
        return value
      } catch (error) {
        record(plugin, topic, payload, { ok: false, error: PdkError.from(error).toJSON() })
        throw error
      }
    },
    async broadcast(topic, payload) {
      const results = await host.broadcast(topic, payload)
      for (const r of results)
        record(r.plugin, topic, payload, r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error })
      return results
    },
    emit: (name, payload) => host.emit(name, payload),
    callHook: (name, value) => host.callHook(name, value),
    async health() {
      const health = await host.health()
      const { [OBSERVER]: _observer, ...plugins } = health.plugins
      return { ...health, plugins }
    },
    list: () => host.list().filter((p) => p.name !== OBSERVER),
    reload: (name, plugin) => host.reload(name, plugin && { plugin: plugin as InMemoryPlugin }),
    stop,
  }
}

// A plugin of the host's own that subscribes to every event, so the test sees what plugins emit.
function observer(host: { name: string; version: string }, emitted: EmittedEvent[]) {
  const manifest: PluginPackageJson = {
    name: OBSERVER,
    version: '0.0.0',
    type: 'module',
    pdk: { manifestVersion: 1, kind: 'system', host: { name: host.name, range: host.version } },
  }
  const definition = definePlugin({
    events: {
      '**': (payload: unknown, _ctx, meta) => {
        emitted.push({ name: meta.name, payload, from: meta.from })
      },
    },
  })
  return { manifest, definition }
}

function spyServices(services: Record<string, object>) {
  const implementations: Record<string, object> = {}
  const spies: Record<string, Record<string, Mock>> = {}
  for (const [capability, service] of Object.entries(services)) {
    const methods: Record<string, Mock> = {}
    for (const name of methodNames(service)) {
      const method = (service as Record<string, (...args: unknown[]) => unknown>)[name]!
      methods[name] = vi.fn((...args: unknown[]) => method.apply(service, args))
    }
    spies[capability] = methods
    implementations[capability] = methods
  }
  return { implementations, spies }
}

function methodNames(service: object): string[] {
  const names = new Set<string>()
  for (let o: object | null = service; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key !== 'constructor' && typeof (service as Record<string, unknown>)[key] === 'function') names.add(key)
    }
  }
  return [...names]
}

function definedOf(host: TestHostOptions['host']): { name?: string; version?: string } {
  const out: { name?: string; version?: string } = {}
  if (host?.name) out.name = host.name
  if (host?.version) out.version = host.version
  return out
}
