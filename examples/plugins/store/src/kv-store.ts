import type { PluginStorage } from '@pdk/core'
import { PdkError } from '@pdk/core'

/** The `kv` capability: what dependents get from `ctx.services.get('kv')` (every method async across the context). */
export interface KvService {
  get(key: string): Promise<unknown>
  set(key: string, value: unknown): Promise<void>
  delete(key: string): Promise<boolean>
  keys(prefix?: string): Promise<string[]>
  /** Adds `by` (default 1) to a numeric value, starting from 0; returns the new value. */
  increment(key: string, by?: number): Promise<number>
  size(): Promise<number>
}

// Keys live under this prefix in the plugin's storage, so the plugin can keep its own
// bookkeeping beside them later without clashing with what dependents store.
const PREFIX = 'kv/'

/** A key-value store over the plugin's own persisted storage, with a key limit. */
export async function createKvStore(storage: PluginStorage, maxKeys: number): Promise<KvService> {
  const known = new Set((await storage.keys(PREFIX)).map((key) => key.slice(PREFIX.length)))
  // Two dependents may increment one key concurrently; chaining per key keeps read-modify-write whole.
  const pending = new Map<string, Promise<unknown>>()

  function serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = pending.get(key) ?? Promise.resolve()
    const next = previous.then(work, work)
    const settled = next.catch(() => undefined)
    pending.set(key, settled)
    void settled.then(() => {
      if (pending.get(key) === settled) pending.delete(key)
    })
    return next
  }

  function checkKey(key: unknown): string {
    if (typeof key !== 'string' || key.length === 0) {
      throw new PdkError('PDK_USAGE', `kv keys are non-empty strings, got ${JSON.stringify(key)}`, {
        hint: 'Pass a string such as "greeted/Ada".',
      })
    }
    return key
  }

  async function write(key: string, value: unknown): Promise<void> {
    if (!known.has(key) && known.size >= maxKeys) {
      throw new PdkError('PDK_LIMIT_EXCEEDED', `The kv store is full: ${known.size} keys, maxKeys is ${maxKeys}`, {
        hint: 'Delete keys you no longer need, or raise maxKeys in the host settings for pdk-plugin-store.',
        details: { key, maxKeys },
      })
    }
    await storage.set(PREFIX + key, value)
    known.add(key)
  }

  return {
    async get(key) {
      return storage.get(PREFIX + checkKey(key))
    },
    async set(key, value) {
      checkKey(key)
      await serial(key, () => write(key, value))
    },
    async delete(key) {
      checkKey(key)
      return serial(key, async () => {
        known.delete(key)
        return storage.delete(PREFIX + key)
      })
    },
    async keys(prefix = '') {
      return [...known].filter((key) => key.startsWith(prefix)).sort()
    },
    async increment(key, by = 1) {
      checkKey(key)
      if (typeof by !== 'number' || !Number.isFinite(by)) {
        throw new PdkError('PDK_USAGE', `kv.increment("${key}") needs a finite number, got ${JSON.stringify(by)}`)
      }
      return serial(key, async () => {
        const current = await storage.get<unknown>(PREFIX + key)
        const base = typeof current === 'number' ? current : 0
        await write(key, base + by)
        return base + by
      })
    },
    async size() {
      return known.size
    },
  }
}
