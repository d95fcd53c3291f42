import type { PluginServices, Remote } from '../plugin/types.js'
import type { HostEndpoint } from '../transport/protocol.js'

/**
 * `ctx.services`: a service is reached through an object whose methods all return promises,
 * built from the method names the provider exposes. A plain object (not a Proxy) so that
 * awaiting it does not look for a `then` method on the provider.
 */
export function createServicesClient(host: HostEndpoint): PluginServices {
  return {
    get: async <T extends object>(capability: string) => {
      const { provider, methods } = await host.service(capability)
      const remote: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
      for (const method of methods) remote[method] = (...args) => host.call(provider, capability, method, args)
      return Object.freeze(remote) as Remote<T>
    },
  }
}
