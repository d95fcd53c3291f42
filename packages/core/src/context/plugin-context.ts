import { PdkError } from '../errors.js'
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
 * boot time. The members made so far live in one object made with the first of them, so a
 * context that is never used beyond `plugin`, `host` and `config` is three fields.
 */
export class PluginContextImpl implements PluginContext {
  private made: Members | undefined = undefined

  constructor(
    private readonly boot: PluginBoot,
    private readonly link: HostEndpoint,
  ) {}

  // The boot data is made for this instance alone (or cloned by the transport): no copy needed.
  get plugin(): PluginIdentity {
    return this.boot.plugin
  }

  get host(): { name: string; version: string } {
    return this.boot.host
  }

  get config(): Readonly<Record<string, unknown>> {
    return this.boot.config
  }

  private get members(): Members {
    this.made ??= new Members()
    return this.made
  }

  /** Made on first use (an AbortController per plugin is a real cost at boot); aborted on stop. */
  get signal(): AbortSignal {
    const members = this.members
    if (members.controller === undefined) {
      members.controller = new AbortController()
      if (members.aborted) members.controller.abort(this.stopReason())
    }
    return members.controller.signal
  }

  /**
   * @internal aborts `signal` as the plugin stops: now if it was read, else when it first is. The
   * reason is made only then: an error's stack is a real cost when thousands of plugins stop.
   */
  abort(): void {
    const members = this.members
    members.aborted = true
    members.controller?.abort(this.stopReason())
  }

  private stopReason(): PdkError {
    return new PdkError('PDK_ABORTED', `Plugin "${this.plugin.name}" is stopping.`)
  }

  get logger(): PluginLogger {
    const members = this.members
    members.logger ??= createLogger(this.link)
    return members.logger
  }

  get storage(): PluginStorage {
    const members = this.members
    members.storage ??= createStorageClient(this.link)
    return members.storage
  }

  get events(): PluginEvents {
    return this.eventsClient.events
  }

  get messages(): PluginMessages {
    const members = this.members
    members.messages ??= createMessagesClient(this.link)
    return members.messages
  }

  get services(): PluginServices {
    const members = this.members
    members.services ??= createServicesClient(this.link)
    return members.services
  }

  get metrics(): PluginMetrics {
    const members = this.members
    members.metrics ??= createMetricsClient(this.link)
    return members.metrics
  }

  get fetch(): typeof fetch {
    const members = this.members
    members.fetch ??= createFetch(this.boot.network, this.boot.plugin)
    return members.fetch
  }

  /** @internal the plugin side of events (dispatch and clear), made on first use. */
  get eventsClient(): EventsClient {
    const members = this.members
    members.events ??= createEventsClient(this.link)
    return members.events
  }

  /** @internal true once the plugin has subscribed to anything. */
  get hasEvents(): boolean {
    return this.made?.events !== undefined
  }
}

/** The members of a context made so far. */
class Members {
  controller: AbortController | undefined = undefined
  aborted = false
  logger: PluginLogger | undefined = undefined
  storage: PluginStorage | undefined = undefined
  events: EventsClient | undefined = undefined
  messages: PluginMessages | undefined = undefined
  services: PluginServices | undefined = undefined
  metrics: PluginMetrics | undefined = undefined
  fetch: typeof fetch | undefined = undefined
}
