import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from '../host/__fixtures__/plugin.js'
import { createHost } from '../host/create-host.js'

describe('context members', () => {
  it('fetch reaches only hosts in permissions.network, redirects included', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/away') res.writeHead(302, { location: 'http://localhost:9/elsewhere' }).end()
      else res.end('hello')
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    const get = async (url: string, ctx: any) => (await ctx.fetch(url)).text()
    const host = await createHost(
      hostOptions([plugin('web', { messages: { get } }, { permissions: { network: [`127.0.0.1:${port}`] } })], {
        policy: { network: [`127.0.0.1:${port}`] },
      }),
    )
    await host.start()
    try {
      expect(await host.request('web', 'get', `http://127.0.0.1:${port}/`)).toBe('hello')
      await expect(host.request('web', 'get', 'http://example.com/')).rejects.toMatchObject({
        details: { plugin: 'web', originalCode: 'PDK_PERMISSION_DENIED' },
      })
      await expect(host.request('web', 'get', `http://127.0.0.1:${port}/away`)).rejects.toMatchObject({
        details: { originalCode: 'PDK_PERMISSION_DENIED', originalMessage: 'Plugin "web" may not fetch localhost:9.' },
      })
    } finally {
      await host.stop()
      server.close()
    }
  })

  it('aborts ctx.signal before stop, and tags every log entry with the plugin name and version', async () => {
    let signal: AbortSignal | undefined
    let abortedAtStop: boolean | undefined
    const options = hostOptions([
      plugin(
        'watcher',
        {
          start: (ctx: any) => {
            signal = ctx.signal
            ctx.logger.info('started', { port: 1 })
          },
          stop: (ctx: any) => {
            abortedAtStop = ctx.signal.aborted
          },
        },
        {},
        '2.3.4',
      ),
      // Reads its signal for the first time while stopping: it is already aborted, for the same reason.
      plugin('late', {
        stop: (ctx: any) => {
          lateReason = ctx.signal.aborted ? ctx.signal.reason : undefined
        },
      }),
    ])
    let lateReason: unknown
    const host = await createHost(options)
    await host.start()
    expect(signal!.aborted).toBe(false)
    await host.stop()
    expect(abortedAtStop).toBe(true)
    expect(signal!.reason).toMatchObject({ code: 'PDK_ABORTED', message: 'Plugin "watcher" is stopping.' })
    expect(lateReason).toMatchObject({ code: 'PDK_ABORTED', message: 'Plugin "late" is stopping.' })
    expect(options.logs.find((e) => e.message === 'started')).toMatchObject({
      level: 'info',
      plugin: 'watcher',
      version: '2.3.4',
      fields: { port: 1 },
    })
  })

  it('refuses metric names that shadow the automatic series, and bad event names', async () => {
    const options = hostOptions([
      plugin('m', {
        messages: {
          shadow: (_p: unknown, ctx: any) => ctx.metrics.counter('calls_total', 'mine').inc(),
          bad: (_p: unknown, ctx: any) => ctx.metrics.counter('not a name', 'x'),
          emit: (_p: unknown, ctx: any) => ctx.events.emit('bad.*.name'),
        },
      }),
    ])
    const host = await createHost(options)
    await host.start()
    await host.request('m', 'shadow')
    expect(options.logs.some((e) => e.level === 'error' && e.message.includes('reserved'))).toBe(true)
    await expect(host.request('m', 'bad')).rejects.toMatchObject({ details: { originalCode: 'PDK_INVALID_ARGUMENT' } })
    await expect(host.request('m', 'emit')).rejects.toMatchObject({ details: { originalCode: 'PDK_INVALID_ARGUMENT' } })
    await host.stop()
  })
})
