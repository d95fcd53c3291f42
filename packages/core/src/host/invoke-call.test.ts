import { describe, expect, it } from 'vitest'
import type { PdkError } from '../errors.js'
import { hostOptions, plugin } from './__fixtures__/plugin.js'
import { createHost } from './create-host.js'
import { cores } from './host-core.js'
import type { Host, MetricsSnapshot } from './host-types.js'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function series(snapshot: MetricsSnapshot, name: string) {
  return snapshot.families.find((f) => f.name === name)?.series ?? []
}

function callsByTopic(host: Host, plugin: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const s of series(host.metrics(), 'pdk_plugin_calls_total')) {
    if (s.labels.plugin === plugin) out[s.labels.topic!] = s.value
  }
  return out
}

function errors(host: Host, plugin: string): number | undefined {
  return series(host.metrics(), 'pdk_plugin_errors_total').find((s) => s.labels.plugin === plugin)?.value
}

function durations(host: Host, plugin: string): number | undefined {
  return series(host.metrics(), 'pdk_plugin_call_duration_seconds').find((s) => s.labels.plugin === plugin)?.count
}

describe('requests and service calls (invokeCall)', () => {
  it('counts calls, errors and durations exactly across answers, throws, rejections and timeouts', async () => {
    let hungStarted = 0
    const host = await createHost(
      hostOptions([
        plugin('mixed', {
          messages: {
            ok: async (n: number) => n + 1,
            sync: (n: number) => n + 1,
            throws: () => {
              throw new TypeError('sync boom')
            },
            rejects: async () => {
              throw new RangeError('async boom')
            },
            hangs: () => {
              hungStarted++
              return new Promise(() => {})
            },
            // Answers after its deadline: the caller already has PDK_TIMEOUT.
            late: () => wait(60).then(() => 'too late'),
          },
        }),
      ]),
    )
    await host.start()
    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, (_, i) => host.request('mixed', 'ok', i)),
      ...Array.from({ length: 4 }, (_, i) => host.request('mixed', 'sync', i)),
      ...Array.from({ length: 3 }, () => host.request('mixed', 'throws')),
      ...Array.from({ length: 3 }, () => host.request('mixed', 'rejects')),
      ...Array.from({ length: 2 }, () => host.request('mixed', 'hangs', undefined, { timeoutMs: 20 })),
      ...Array.from({ length: 2 }, () => host.request('mixed', 'late', undefined, { timeoutMs: 20 })),
    ])
    const codes = results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as PdkError).code))
    expect(codes).toEqual([
      ...Array(9).fill('ok'),
      ...Array(6).fill('PDK_PLUGIN_FAILED'),
      ...Array(4).fill('PDK_TIMEOUT'),
    ])
    expect(results.slice(0, 9).map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual([
      1, 2, 3, 4, 5, 1, 2, 3, 4,
    ])
    expect(hungStarted).toBe(2)
    expect(callsByTopic(host, 'mixed')).toEqual({ ok: 5, sync: 4, throws: 3, rejects: 3, hangs: 2, late: 2 })
    // Timeouts count as errors and record no duration; everything else records one each.
    expect(errors(host, 'mixed')).toBe(3 + 3 + 2 + 2)
    expect(durations(host, 'mixed')).toBe(5 + 4 + 3 + 3)
    // The late answers arrive after their deadlines: nothing more is counted or settled.
    await wait(80)
    expect(errors(host, 'mixed')).toBe(10)
    expect(durations(host, 'mixed')).toBe(15)
    expect(cores.get(host)!.deadlines.size).toBe(0)
    await host.stop()
  })

  it('rejects a hung call once, from the shared queue, and keeps answering while calls overlap', async () => {
    const host = await createHost(
      hostOptions([
        plugin('overlap', {
          messages: {
            hangs: () => new Promise(() => {}),
            soon: (ms: number) => wait(ms).then(() => ms),
          },
        }),
      ]),
    )
    await host.start()
    const core = cores.get(host)!
    let rejections = 0
    const hung = host.request('overlap', 'hangs', undefined, { timeoutMs: 30 }).catch((error: PdkError) => {
      rejections++
      return error
    })
    // Calls that settle while the hung one is in flight, in and out of order.
    const answers = await Promise.all(
      [5, 1, 3, 2, 4].map((ms) => host.request('overlap', 'soon', ms, { timeoutMs: 30 })),
    )
    expect(answers).toEqual([5, 1, 3, 2, 4])
    expect(core.deadlines.size).toBe(1)
    const error = (await hung) as PdkError
    expect(error).toMatchObject({
      code: 'PDK_TIMEOUT',
      details: { plugin: 'overlap', step: 'request', timeoutMs: 30 },
    })
    expect(error.message).toContain('message "hangs"')
    await wait(50)
    expect(rejections).toBe(1)
    expect(core.deadlines.size).toBe(0)
    expect(errors(host, 'overlap')).toBe(1)
    expect(callsByTopic(host, 'overlap')).toEqual({ hangs: 1, soon: 5 })
    await host.stop()
  })

  it('holds service calls to the call timeout and names the service in the error', async () => {
    const host = await createHost(
      hostOptions(
        [
          plugin(
            'slow-store',
            { init: () => ({ kv: { get: () => new Promise(() => {}) } }) },
            { capabilities: ['kv'] },
          ),
          plugin(
            'reader',
            { messages: { read: async (_p: unknown, ctx: any) => (await ctx.services.get('kv')).get('a') } },
            { dependencies: { 'slow-store': '^1.0.0' } },
          ),
        ],
        { limits: { callTimeoutMs: 30 } },
      ),
    )
    await host.start()
    const error = (await host
      .request('reader', 'read', undefined, { timeoutMs: 1_000 })
      .catch((e: unknown) => e)) as PdkError
    expect(error).toMatchObject({
      code: 'PDK_PLUGIN_FAILED',
      details: { plugin: 'reader', originalCode: 'PDK_TIMEOUT' },
    })
    expect((error.cause as PdkError).message).toContain('service "kv.get"')
    expect(callsByTopic(host, 'slow-store')).toEqual({ 'kv.get': 1 })
    expect(errors(host, 'slow-store')).toBe(1)
    expect(cores.get(host)!.deadlines.size).toBe(0)
    await host.stop()
  })
})
