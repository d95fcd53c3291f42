import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from '../host/__fixtures__/plugin.js'
import { createHost } from '../host/create-host.js'

const counter = () =>
  plugin('counter', {
    messages: {
      bump: async (_p: unknown, ctx: any) => {
        const n = ((await ctx.storage.get('n')) ?? 0) + 1
        await ctx.storage.set('n', n)
        return n
      },
      put: (p: { k: string; v: unknown }, ctx: any) => ctx.storage.set(p.k, p.v),
      keys: (prefix: string, ctx: any) => ctx.storage.keys(prefix),
      del: (k: string, ctx: any) => ctx.storage.delete(k),
    },
  })

describe('storage', () => {
  it('survives restarts of the plugin and of the host; writes are atomic; size is limited', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdk-kv-'))
    const options = hostOptions([counter()], { storage: { dir, maxBytes: 2_000 } })
    const first = await createHost(options)
    await first.start()
    expect(await first.request('counter', 'bump')).toBe(1)
    await first.restartPlugin('counter')
    expect(await first.request('counter', 'bump')).toBe(2)
    await first.stop()

    const second = await createHost(options)
    await second.start()
    expect(await second.request('counter', 'bump')).toBe(3)
    await second.request('counter', 'put', { k: 'user.1', v: new Map([['a', 1]]) })
    expect(await second.request('counter', 'keys', 'user.')).toEqual(['user.1'])
    const tooBig = await second.request('counter', 'put', { k: 'blob', v: 'x'.repeat(5_000) }).catch((e) => e)
    expect(tooBig).toMatchObject({ details: { originalCode: 'PDK_LIMIT_EXCEEDED', plugin: 'counter' } })
    expect(await second.request('counter', 'bump')).toBe(4)
    expect(await second.request('counter', 'del', 'user.1')).toBe(true)
    expect(await readdir(join(dir, 'counter'))).toEqual(['store.v8'])
    await second.stop()
  })
})
