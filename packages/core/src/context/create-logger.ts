import type { PluginLogger } from '../plugin/types.js'
import type { HostEndpoint } from '../transport/protocol.js'

/** `ctx.logger`: synchronous for the plugin, queued to the host, which adds the plugin's name and version. */
export function createLogger(host: HostEndpoint): PluginLogger {
  return {
    debug: (message, fields) => host.log('debug', String(message), fields),
    info: (message, fields) => host.log('info', String(message), fields),
    warn: (message, fields) => host.log('warn', String(message), fields),
    error: (message, fields) => host.log('error', String(message), fields),
  }
}
