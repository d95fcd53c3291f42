import { PdkError } from '../errors.js'
import type { EventMeta, HealthResult } from '../plugin/types.js'
import { Channel, type Send } from './channel.js'
import { reviveError } from './cross-error.js'
import {
  type Envelope,
  HOST_CALLS,
  HOST_NOTIFICATIONS,
  type HostEndpoint,
  type LoadRequest,
  type PluginEndpoint,
  type PluginShape,
  type ServiceShape,
} from './protocol.js'

const CALLS = new Set<string>(HOST_CALLS)
const NOTIFICATIONS = new Set<string>(HOST_NOTIFICATIONS)

/** How a worker or child process is driven: the transport adapts its own handle to this. */
export interface Isolate {
  send: Send
  /** Ends it for good; resolves once it is gone. */
  kill(): Promise<void>
}

/**
 * The host's side of a plugin in a worker or child process: a `PluginEndpoint` whose calls
 * cross the channel, and the plugin's calls into the host served from `request.host`. Made by
 * the transports once the isolate said `ready`.
 */
export class RemotePlugin implements PluginEndpoint {
  private closing: Promise<void> | undefined
  private heapBytes: number | undefined
  private measuring = false

  constructor(
    private readonly channel: Channel,
    private readonly shape: PluginShape,
    private readonly isolate: Isolate,
  ) {}

  describe(): PluginShape {
    return this.shape
  }
  init(state?: unknown): Promise<ServiceShape> {
    return this.channel.call('init', state === undefined ? [] : [state]) as Promise<ServiceShape>
  }
  start(): Promise<unknown> {
    return this.channel.call('start', [])
  }
  stop(): Promise<unknown> {
    return this.channel.call('stop', [])
  }
  dispose(): Promise<unknown> {
    return this.channel.call('dispose', [])
  }
  snapshot(): Promise<unknown> {
    return this.channel.call('snapshot', [])
  }
  health(): Promise<HealthResult | undefined> {
    return this.channel.call('health', []) as Promise<HealthResult | undefined>
  }
  message(topic: string, payload: unknown): Promise<unknown> {
    return this.channel.call('message', [topic, payload])
  }
  event(subscription: number, payload: unknown, meta: EventMeta): Promise<unknown> {
    return this.channel.call('event', [subscription, payload, meta])
  }
  hook(name: string, value: unknown): Promise<unknown> {
    return this.channel.call('hook', [name, value])
  }
  service(capability: string, method: string, args: unknown[]): Promise<unknown> {
    return this.channel.call('service', [capability, method, args])
  }
  memory(): number | undefined {
    if (!this.measuring) {
      this.measuring = true
      this.channel.call('memory', []).then(
        (bytes) => {
          this.heapBytes = bytes as number
          this.measuring = false
        },
        () => {
          this.measuring = false
        },
      )
    }
    return this.heapBytes
  }
  close(): Promise<void> {
    this.closing ??= this.isolate.kill()
    return this.closing
  }
}

/**
 * Connects to a just-started isolate: resolves with its `RemotePlugin` when it says `ready`,
 * rejects when it says `failed` or ends first. `onMessage` is to be called with every
 * envelope the isolate sends, `onEnd` when it ends (with why, as a `PdkError`; `expected` when
 * the host ended it): pending calls reject, and an unexpected end after `ready` is a crash.
 */
export function connectIsolate(
  request: LoadRequest,
  isolate: Isolate,
): {
  ready: Promise<RemotePlugin>
  onMessage: (envelope: Envelope) => void
  onEnd: (error: PdkError, expected: boolean) => void
} {
  const host = request.host
  let plugin: RemotePlugin | undefined
  let ended = false
  const channel = new Channel(
    isolate.send,
    (method, args) => {
      if (!CALLS.has(method)) throw notServed(method)
      return (host[method as keyof HostEndpoint] as (...a: unknown[]) => unknown).apply(host, args)
    },
    (method, args) => {
      if (NOTIFICATIONS.has(method))
        (host[method as keyof HostEndpoint] as (...a: unknown[]) => unknown).apply(host, args)
    },
  )
  let settle!: { resolve: (plugin: RemotePlugin) => void; reject: (error: unknown) => void }
  const ready = new Promise<RemotePlugin>((resolve, reject) => {
    settle = { resolve, reject }
  })
  return {
    ready,
    onMessage(envelope) {
      if (channel.receive(envelope)) return
      if (envelope.t === 'ready' && plugin === undefined) {
        plugin = new RemotePlugin(channel, envelope.shape, isolate)
        settle.resolve(plugin)
      } else if (envelope.t === 'failed' && plugin === undefined) {
        settle.reject(reviveError(envelope.error))
        void isolate.kill()
      }
    },
    onEnd(error, expected) {
      if (ended) return
      ended = true
      channel.close(error)
      if (plugin === undefined) settle.reject(error)
      else if (!expected) request.crashed?.(error)
    },
  }
}

function notServed(method: string): PdkError {
  return new PdkError('PDK_INVALID_ARGUMENT', `An isolated plugin called "${method}", which the host does not serve.`, {
    hint: 'Plugins reach the host only through their context.',
    details: { method },
  })
}
