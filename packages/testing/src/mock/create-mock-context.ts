import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  PdkError,
  type PluginContext,
  type PluginEvents,
  type PluginIdentity,
  type PluginLogger,
  type PluginMessages,
  type PluginMetrics,
  type PluginServices,
  type PluginStorage,
} from '@pdk/core'
import semver from 'semver'
import { type Mock, type Mocked, type MockInstance, vi } from 'vitest'
import { createRecorded, type Recorded } from '../records.js'
import { cloneValue } from './clone-value.js'
import { applyConfigDefaults } from './config-defaults.js'
import { mockEvents } from './mock-events.js'
import { mockLogger } from './mock-logger.js'
import { mockMessages, type Replies, type Reply } from './mock-messages.js'
import { mockMetrics } from './mock-metrics.js'
import { mockServices } from './mock-services.js'
import { mockStorage } from './mock-storage.js'

// `any` by default so a mock context fits any plugin's handlers without naming its config type.
export interface MockContextOptions<Config = any> {
  /** The plugin's package.json (or its `name`, `version` and `pdk`): identity, kind, host and config defaults come from it. */
  manifest?: ManifestLike
  /** Overrides of the plugin's identity. @default { name: 'test-plugin', version: '0.0.0', kind: 'extension', dataDir: a new temporary folder } */
  plugin?: Partial<PluginIdentity>
  /** @default the manifest's `pdk.host` name and the lowest version its range accepts, else `{ name: 'test-host', version: '1.0.0' }` */
  host?: { name: string; version: string }
  /** The plugin's settings, applied over the defaults of the manifest's config schema. */
  config?: Partial<Config>
  /** What the plugin's store holds at the start. */
  storage?: Record<string, unknown>
  /** @default 10_000_000 */
  storageMaxBytes?: number
  /** Answers to `messages.request` and `broadcast`, by plugin then topic: a value, or a function of the payload. */
  replies?: Replies
  /** Fake services by capability, answered through `services.get`. */
  services?: Record<string, object>
  /** What `ctx.fetch` does. @default a fetch that rejects with `PDK_PERMISSION_DENIED` */
  fetch?: typeof fetch
}

/**
 * A plugin's package.json as far as the harness reads it. Loose on purpose, so that
 * `import manifest from '../package.json' with { type: 'json' }` can be passed as it is.
 */
export type ManifestLike = {
  name: string
  version: string
  pdk?: { kind?: string; host?: { name: string; range: string }; config?: object }
}

/** What a test controls and observes of a mock context, besides the spies on the context itself. */
export interface MockControls<Config = any> extends Recorded {
  /** The plugin's store (values as stored, already copies). */
  readonly store: Map<string, unknown>
  /** Replaces part of the config the plugin sees (values are copied). */
  setConfig(patch: Partial<Config>): void
  /** Scripts the answer of `plugin` to `topic`. */
  reply(plugin: string, topic: string, reply: Reply): void
  /** Adds or replaces a fake service. */
  provide(capability: string, service: object): void
  /** Delivers an event to the plugin's subscriptions as if `from` emitted it, and waits for its handlers. */
  deliver(name: string, payload?: unknown, from?: string): Promise<void>
  /** Waits until every event handler started so far has finished. */
  settled(): Promise<void>
  /** Aborts `ctx.signal`, as the host does just before `stop`. */
  abort(reason?: unknown): void
  /** Empties the records (logs, emitted, requests, metrics) and clears every spy's calls. */
  clear(): void
}

/** The whole plugin context as typed fakes: every function a vitest spy, plus `mock` to steer and observe it. */
export interface MockContext<Config = any> extends PluginContext<Config> {
  readonly logger: Mocked<PluginLogger>
  readonly storage: Mocked<PluginStorage>
  readonly events: Mocked<PluginEvents>
  readonly messages: Mocked<PluginMessages>
  readonly services: Mocked<PluginServices>
  readonly metrics: Mocked<PluginMetrics>
  readonly fetch: Mock<typeof fetch>
  readonly mock: MockControls<Config>
}

/**
 * Creates a plugin context for unit tests: in-memory storage, settable config, scripted replies
 * and services, recorded events, logs and metrics; values are copied on every crossing, as
 * between a worker and its host.
 * @example
 * const ctx = createMockContext({ config: { greeting: 'Hi' }, replies: { clock: { now: 0 } } })
 * await plugin.messages.greet({ name: 'Ada' }, ctx)
 * expect(ctx).toHaveLogged('info', /Ada/)
 */
export function createMockContext<Config = any>(options: MockContextOptions<Config> = {}): MockContext<Config> {
  const name = options.plugin?.name ?? options.manifest?.name ?? 'test-plugin'
  const plugin: PluginIdentity = {
    name,
    version: options.plugin?.version ?? options.manifest?.version ?? '0.0.0',
    kind: options.plugin?.kind ?? options.manifest?.pdk?.kind ?? 'extension',
    dataDir: options.plugin?.dataDir ?? mkdtempSync(join(tmpdir(), `pdk-mock-${name.replace(/[^\w.-]/g, '_')}-`)),
  }
  const host = { ...(options.host ?? hostFromManifest(options.manifest?.pdk?.host)) }
  const recorded = createRecorded()
  const store = new Map<string, unknown>()
  for (const [key, value] of Object.entries(options.storage ?? {})) store.set(key, cloneValue(value, 'options.storage'))
  const replies: Replies = cloneReplies(options.replies ?? {})
  const providers: Record<string, object> = { ...options.services }
  const schema = options.manifest?.pdk?.config
  const settings = cloneValue(options.config ?? {}, 'options.config') as Record<string, unknown>
  let config = freezeDeep(applyConfigDefaults(schema, settings)) as Readonly<Config>
  const controller = new AbortController()

  const logger = mockLogger(name, recorded.logs)
  const storage = mockStorage(name, store, options.storageMaxBytes ?? 10_000_000)
  const bus = mockEvents(name, recorded.emitted, recorded.logs)
  const messages = mockMessages(name, replies, recorded.requests)
  const services = mockServices(name, providers)
  const metrics = mockMetrics(name, recorded.metrics, recorded.logs)
  const fetchSpy = vi.fn<typeof fetch>(options.fetch ?? deniedFetch(name))

  const mock: MockControls<Config> = {
    ...recorded,
    store,
    setConfig(patch) {
      const next = { ...structuredClone(config as Record<string, unknown>), ...cloneValue(patch, 'setConfig()') }
      config = freezeDeep(applyConfigDefaults(schema, next)) as Readonly<Config>
    },
    reply(target, topic, reply) {
      replies[target] ??= {}
      ;(replies[target] as Record<string, Reply>)[topic] = reply
    },
    provide(capability, service) {
      providers[capability] = service
    },
    deliver: (event, payload, from = 'test') => bus.deliver(event, payload, from),
    settled: () => bus.settled(),
    abort(reason) {
      controller.abort(reason ?? new PdkError('PDK_ABORTED', `Plugin "${name}" is stopping.`))
    },
    clear() {
      for (const list of [recorded.logs, recorded.emitted, recorded.requests, recorded.metrics]) list.length = 0
      for (const spy of spiesOf([logger, storage, bus.events, messages, services, metrics, fetchSpy])) spy.mockClear()
    },
  }

  return {
    plugin: Object.freeze(plugin),
    host: Object.freeze(host),
    get config() {
      return config
    },
    logger,
    storage,
    events: bus.events,
    messages,
    services,
    metrics,
    fetch: fetchSpy,
    signal: controller.signal,
    mock,
  }
}

function deniedFetch(plugin: string): typeof fetch {
  return async (input) => {
    const url = input instanceof Request ? input.url : String(input)
    throw new PdkError(
      'PDK_PERMISSION_DENIED',
      `Plugin "${plugin}" fetched ${url}, but the mock context allows no network.`,
      {
        hint: 'Pass a fake: createMockContext({ fetch: async (url) => new Response(...) }).',
        details: { plugin, url },
      },
    )
  }
}

// Function replies stay functions; value replies are copied now, so later changes to the
// test's object do not leak into answers.
function cloneReplies(replies: Replies): Replies {
  const copy: Replies = {}
  for (const [plugin, topics] of Object.entries(replies)) {
    copy[plugin] = {}
    for (const [topic, reply] of Object.entries(topics)) {
      ;(copy[plugin] as Record<string, Reply>)[topic] =
        typeof reply === 'function' ? reply : cloneValue(reply, `replies["${plugin}"]["${topic}"]`)
    }
  }
  return copy
}

function spiesOf(values: unknown[]): MockInstance[] {
  const spies: MockInstance[] = []
  for (const value of values) {
    if (vi.isMockFunction(value)) spies.push(value)
    else if (typeof value === 'object' && value !== null) {
      for (const member of Object.values(value)) if (vi.isMockFunction(member)) spies.push(member)
    }
  }
  return spies
}

function freezeDeep<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const member of Object.values(value)) freezeDeep(member)
  }
  return value
}

// The same host a test host would pose as, so a plugin sees one host under both.
function hostFromManifest(host: { name: string; range: string } | undefined): { name: string; version: string } {
  if (host === undefined) return { name: 'test-host', version: '1.0.0' }
  const min = semver.validRange(host.range) ? semver.minVersion(host.range) : null
  return { name: host.name, version: min?.version ?? '1.0.0' }
}
