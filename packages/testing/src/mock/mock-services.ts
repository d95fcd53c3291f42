import { PdkError, type PluginServices, type Remote } from '@pdk/core'
import type { Mock, Mocked } from 'vitest'
import { cloneValue } from './clone-value.js'
import { spy } from './spy.js'

/** A remote view of a fake service: every method a spy that copies its arguments and result and returns a promise. */
export type MockRemote<T> = {
  [K in keyof Remote<T>]: Remote<T>[K] & Mock<Extract<Remote<T>[K], (...args: any[]) => any>>
}

/** `services.get` over fake providers keyed by capability; each capability's remote is made once. */
export function mockServices(plugin: string, providers: Record<string, object>): Mocked<PluginServices> {
  const remotes = new Map<string, object>()
  const services: Mocked<PluginServices> = {
    get: spy(async <T extends object>(capability: string): Promise<Remote<T>> => {
      const provider = providers[capability]
      if (provider === undefined) {
        throw new PdkError(
          'PDK_DEP_MISSING',
          `Plugin "${plugin}" asked for service "${capability}", but no dependency provides it.`,
          {
            hint: `Pass a fake: createMockContext({ services: { '${capability}': { ... } } }).`,
            details: { plugin, capability },
          },
        )
      }
      let remote = remotes.get(capability)
      if (remote === undefined) {
        remote = toRemote(capability, provider)
        remotes.set(capability, remote)
      }
      return remote as Remote<T>
    }),
  }
  return services
}

function toRemote(capability: string, provider: object): object {
  const remote: Record<string, Mock> = {}
  for (const name of methodNames(provider)) {
    const method = (provider as Record<string, unknown>)[name] as (...args: unknown[]) => unknown
    remote[name] = spy(
      async (...args: unknown[]) => {
        const where = `${capability}.${name}()`
        const value = await method.apply(provider, cloneValue(args, where))
        return cloneValue(value, `${where} result`)
      },
      { copyArgs: true },
    )
  }
  return remote
}

// Own and prototype methods, so a class instance works as a fake provider too.
function methodNames(provider: object): string[] {
  const names = new Set<string>()
  for (let o: object | null = provider; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key !== 'constructor' && typeof (provider as Record<string, unknown>)[key] === 'function') names.add(key)
    }
  }
  return [...names]
}
