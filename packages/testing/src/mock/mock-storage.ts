import { serialize } from 'node:v8'
import { PdkError, type PluginStorage } from '@pdk/core'
import { type Mocked, vi } from 'vitest'
import { cloneValue } from './clone-value.js'
import { spy } from './spy.js'

/** A plugin store kept in a `Map`, with the runtime's copy-on-write-and-read and size limit. */
export function mockStorage(plugin: string, store: Map<string, unknown>, maxBytes: number): Mocked<PluginStorage> {
  const storage: Mocked<PluginStorage> = {
    get: spy(
      async <T>(key: string): Promise<T | undefined> => cloneValue(store.get(key) as T | undefined, 'storage.get()'),
    ),
    set: spy(
      async (key: string, value: unknown): Promise<void> => {
        const copy = cloneValue(value, `storage.set("${key}")`)
        // Measured as the runtime measures it: the whole store, v8-serialised.
        const total = serialize(new Map(store).set(key, copy)).byteLength
        if (total > maxBytes) {
          throw new PdkError(
            'PDK_LIMIT_EXCEEDED',
            `The store of plugin "${plugin}" would hold ${total} bytes, over its limit of ${maxBytes}.`,
            {
              hint: 'Delete keys it no longer needs, or raise storage.maxBytes in the host options.',
              details: { plugin, step: 'storage', key, bytes: total },
            },
          )
        }
        store.set(key, copy)
      },
      { copyArgs: true },
    ),
    delete: vi.fn(async (key: string): Promise<boolean> => store.delete(key)),
    keys: vi.fn(
      async (prefix?: string): Promise<string[]> =>
        [...store.keys()].filter((k) => prefix === undefined || k.startsWith(prefix)).sort(),
    ),
  }
  return storage
}
