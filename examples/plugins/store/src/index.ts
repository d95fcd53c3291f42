import { definePlugin } from '@pdk/core'
import { createKvStore, type KvService } from './kv-store.js'

export type { KvService } from './kv-store.js'

/** Settings of pdk-plugin-store (defaults come from the manifest's config schema). */
export interface StoreConfig {
  maxKeys: number
}

let kv: KvService | undefined

/** The example host's system plugin: the `kv` capability, persisted in this plugin's storage. */
export default definePlugin<StoreConfig>({
  async init(ctx) {
    kv = await createKvStore(ctx.storage, ctx.config.maxKeys)
    ctx.logger.info('kv store ready', { keys: await kv.size(), maxKeys: ctx.config.maxKeys })
    return { kv }
  },

  async dispose() {
    kv = undefined
  },

  async health(ctx) {
    if (!kv) return { status: 'error', details: { reason: 'not initialized' } }
    const keys = await kv.size()
    // Nearly full is worth a look before writes start failing.
    const status = keys >= ctx.config.maxKeys * 0.9 ? 'degraded' : 'ok'
    return { status, details: { keys, maxKeys: ctx.config.maxKeys } }
  },

  messages: {
    stats: async () => ({ keys: kv ? await kv.size() : 0 }),
  },
})
