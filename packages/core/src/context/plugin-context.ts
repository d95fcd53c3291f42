import type {
  PluginContext,
  PluginEvents,
  PluginIdentity,
  PluginLogger,
  PluginMessages,
  PluginMetrics,
  PluginServices,
  PluginStorage,
} from '../plugin/types.js'
import type { HostEndpoint, PluginBoot } from '../transport/protocol.js'
import { createEventsClient, type EventsClient } from './create-events-client.js'
import { createFetch } from './create-fetch.js'
import { createLogger } from './create-logger.js'
import { createMessagesClient } from './create-messages-client.js'
import { createMetricsClient } from './create-metrics-client.js'
import { createServicesClient } from './create-services-client.js'
import { createStorageClient } from './create-storage-client.js'

/**
 * The context a plugin receives. Each member is built on first use: a host boots thousands of
 * plugins and most of them touch two or three members, so eager contexts would be most of the
 * boot time.
 */
export class PluginContextImpl implements PluginContext {
  readonly plugin: PluginIdentity
  readonly host: { name: string; version: string }
  readonly config: Readonly<Record<string, unknown>>
  private controller: AbortController | undefined
  private aborted: unknown
  private _logger: PluginLogger | undefined
  private _storage: PluginStorage | undefined
  private _events: EventsClient | undefined
  private _messages: PluginMessages | undefined
  private _services: PluginServices | undefined
  private _metrics: PluginMetrics | undefined
  private _fetch: typeof fetch | undefined

  constructor(
    private readonly boot: PluginBoot,
    private readonly link: HostEndpoint,
  ) {
    // The boot data is made for this instance alone (or cloned by the transport): no copy needed.
    this.plugin = boot.plugin
    this.host = boot.host
    this.config = boot.config
  }

  /** Made on first use (an AbortController per plugin is a real cost at boot); aborted on stop. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController()
      if (this.aborted !== undefined) this.controller.abort(this.aborted)
    }
    return this.controller.signal
  }

  /** @internal aborts `signal`, now or when it is first read. */
  abort(reason: unknown): void {
    this.aborted = reason
    this.controller?.abort(reason)
  }

  get logger(): PluginLogger {
    this._logger ??= createLogger(this.link)
    return this._logger
  }

  get storage(): PluginStorage {
    this._storage ??= createStorageClient(this.link)
    return this._storage
  }

  get events(): PluginEvents {
    return this.eventsClient.events
  }

  get messages(): PluginMessages {
    this._messages ??= createMessagesClient(this.link)
    return this._messages
  }

  get services(): PluginServices {
    this._services ??= createServicesClient(this.link)
    return this._services
  }

  get metrics(): PluginMetrics {
    this._metrics ??= createMetricsClient(this.link)
    return this._metrics
  }

  get fetch(): typeof fetch {
    this._fetch ??= createFetch(this.boot.network, this.boot.plugin)
    return this._fetch
  }

  /** @internal the plugin side of events (dispatch and clear), made on first use. */
  get eventsClient(): EventsClient {
    this._events ??= createEventsClient(this.link)
    return this._events
  }

  /** @internal true once the plugin has subscribed to anything. */
  get hasEvents(): boolean {
    return this._events !== undefined
  }
}
