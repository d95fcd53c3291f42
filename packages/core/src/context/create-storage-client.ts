import { PdkError } from '../errors.js'
import type { PluginStorage } from '../plugin/types.js'
import type { HostEndpoint } from '../transport/protocol.js'

/** `ctx.storage`: the plugin's persistent key-value store, kept by the host. */
export function createStorageClient(host: HostEndpoint): PluginStorage {
  return {
    get: async <T>(key: string) => (await host.storageGet(checkKey(key))) as T | undefined,
    set: async (key, value) => host.storageSet(checkKey(key), value),
    delete: async (key) => host.storageDelete(checkKey(key)),
    keys: async (prefix) => host.storageKeys(prefix === undefined ? undefined : checkKey(prefix)),
  }
}

function checkKey(key: unknown): string {
  if (typeof key === 'string') return key
  throw new PdkError('PDK_INVALID_ARGUMENT', `Storage keys are strings, got ${typeof key}.`, {
    hint: 'Use a string key, for example `storage.set("count", 1)`.',
    details: { step: 'storage' },
  })
}
