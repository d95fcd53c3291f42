import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from './__fixtures__/plugin.js'
import { createHost } from './create-host.js'

const sleep = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms))

describe('hook calls', () => {
  it('gives each asynchronous tap the call timeout, not the call as a whole', async () => {
    // Two taps of 150 ms under a 300 ms call timeout: together they outlast one timeout.
    const limits = { limits: { callTimeoutMs: 300 } }
    const host = await createHost(
      hostOptions(
        [
          plugin('first', { hooks: { pipe: (v: string[]) => sleep(150, [...v, 'first']) } }, limits),
          plugin('second', { hooks: { pipe: (v: string[]) => sleep(150, [...v, 'second']) } }, limits),
        ],
        { hooks: { pipe: 'waterfall' } },
      ),
    )
    await host.start()
    await expect(host.callHook('pipe', [])).resolves.toEqual(['first', 'second'])
    await host.stop()
  })

  it('times out a tap that hangs after other asynchronous taps, naming it', async () => {
    const limits = { limits: { callTimeoutMs: 40 } }
    const host = await createHost(
      hostOptions(
        [
          plugin('a', { hooks: { pipe: async (v: number) => v + 1 } }, limits),
          plugin('b', { hooks: { pipe: (v: number) => sleep(10, v + 1) } }, limits),
          plugin('stuck', { hooks: { pipe: () => new Promise(() => {}) } }, limits),
        ],
        { hooks: { pipe: 'waterfall' } },
      ),
    )
    await host.start()
    const started = performance.now()
    await expect(host.callHook('pipe', 0)).rejects.toMatchObject({
      code: 'PDK_TIMEOUT',
      details: { plugin: 'stuck', step: 'hook', timeoutMs: 40 },
    })
    // Never before its own timeout: the stuck tap began after the others finished.
    expect(performance.now() - started).toBeGreaterThanOrEqual(40)
    await host.stop()
  })

  it('calls taps with their plugin context in the host thread', async () => {
    const seen: string[] = []
    const host = await createHost(
      hostOptions(
        [
          plugin('ctx', {
            hooks: {
              pipe: {
                priority: 5,
                handler: (v: number, ctx) => {
                  seen.push(ctx.plugin.name)
                  return v * 2
                },
              },
            },
          }),
        ],
        { hooks: { pipe: 'waterfall' } },
      ),
    )
    await host.start()
    await expect(host.callHook('pipe', 21)).resolves.toBe(42)
    expect(seen).toEqual(['ctx'])
    await host.stop()
  })
})
