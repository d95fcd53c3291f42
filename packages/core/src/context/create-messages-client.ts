import type { PluginMessages } from '../plugin/types.js'
import type { HostEndpoint } from '../transport/protocol.js'

/** `ctx.messages`: request/response to one plugin, broadcast to all others. */
export function createMessagesClient(host: HostEndpoint): PluginMessages {
  return {
    request: <R>(plugin: string, topic: string, payload?: unknown, opts?: { timeoutMs?: number }) =>
      host.request(plugin, topic, payload, opts?.timeoutMs) as Promise<R>,
    broadcast: (topic, payload) => host.broadcast(topic, payload),
  }
}
