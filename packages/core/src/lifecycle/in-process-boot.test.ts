import { mkdtemp, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from '../host/__fixtures__/plugin.js'
import { createHost } from '../host/create-host.js'
import type { PluginContext } from '../plugin/types.js'

async function contextOf(name: string, options: { cloneValues?: boolean; write?: boolean } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'pdk-boot-'))
  let seen: PluginContext | undefined
  const host = await createHost(
    hostOptions(
      [
        plugin(
          name,
          {
            start: (ctx) => {
              seen = ctx
            },
          },
          {
            kind: 'integration',
            ...(options.write ? { permissions: { fs: { write: ['./cache'] } } } : {}),
            config: { type: 'object', properties: { greeting: { type: 'string', default: 'hi' } } },
          },
          '1.4.2',
        ),
      ],
      {
        storage: { dir },
        cloneValues: options.cloneValues ?? false,
        ...(options.write ? { policy: { fs: { write: ['./cache'] } } } : {}),
      },
    ),
  )
  await host.start()
  return { ctx: seen!, dir, host }
}

describe('boot data of a plugin', () => {
  it.each([
    ['in the host thread', false],
    ['copied (cloneValues)', true],
  ])('gives the identity, host and config %s', async (_, cloneValues) => {
    const { ctx, dir, host } = await contextOf('@acme/boot-probe', { cloneValues })
    expect(ctx.plugin).toEqual({
      name: '@acme/boot-probe',
      version: '1.4.2',
      kind: 'integration',
      dataDir: join(dir, '@acme+boot-probe', 'data'),
    })
    // One identity per instance, the same object on every read.
    expect(ctx.plugin).toBe(ctx.plugin)
    expect(ctx.host).toEqual({ name: 'test-host', version: '1.2.0' })
    expect(ctx.config).toEqual({ greeting: 'hi' })
    await host.stop()
  })

  it('makes the data folder before the load of a plugin granted fs.write', async () => {
    const { ctx, host } = await contextOf('writer', { write: true })
    expect((await stat(ctx.plugin.dataDir)).isDirectory()).toBe(true)
    await host.stop()
  })
})
