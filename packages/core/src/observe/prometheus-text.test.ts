import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from '../host/__fixtures__/plugin.js'
import { createHost } from '../host/create-host.js'

// The parser ships no types: import it by a computed name and give it the one signature used.
const { default: parsePrometheusTextFormat } = (await import('parse-prometheus-text-format' as string)) as {
  default: (text: string) => unknown
}

describe('metricsText', () => {
  it('exports automatic and plugin series that a real Prometheus parser reads', async () => {
    const host = await createHost(
      hostOptions([
        plugin('shop', {
          init: (ctx: any) => {
            ctx.metrics.counter('orders_total', 'Orders "taken"\nper kind').inc(2, { kind: 'book' })
            ctx.metrics.gauge('queue_depth', 'Queue depth').set(3)
            ctx.metrics.histogram('basket_euros', 'Basket size', [10, 100]).observe(42)
          },
          messages: {
            buy: () => 'ok',
            fail: () => {
              throw new Error('x')
            },
          },
        }),
      ]),
    )
    await host.start()
    await host.request('shop', 'buy')
    await host.request('shop', 'fail').catch(() => undefined)
    await host.restartPlugin('shop')
    const families = parsePrometheusTextFormat(host.metricsText()) as Array<{
      name: string
      type: string
      metrics: any[]
    }>
    const byName = Object.fromEntries(families.map((f) => [f.name, f]))
    for (const name of [
      'pdk_plugin_start_seconds',
      'pdk_plugin_calls_total',
      'pdk_plugin_errors_total',
      'pdk_plugin_call_duration_seconds',
      'pdk_plugin_restarts_total',
      'pdk_plugin_memory_bytes',
    ]) {
      expect(byName[name], name).toBeDefined()
      // The parser folds labelled histograms into one unlabelled sample, so labels are checked on the rest.
      if (byName[name]!.type !== 'HISTOGRAM')
        expect(byName[name]!.metrics.every((m) => m.labels.plugin === 'shop')).toBe(true)
    }
    expect(byName.pdk_plugin_calls_total!.metrics.map((m) => [m.labels.topic, m.value])).toEqual([
      ['buy', '1'],
      ['fail', '1'],
    ])
    expect(byName.pdk_plugin_errors_total!.metrics[0].value).toBe('1')
    expect(byName.pdk_plugin_restarts_total!.metrics[0].value).toBe('1')
    expect(byName.pdk_plugin_call_duration_seconds!.type).toBe('HISTOGRAM')
    expect(byName.pdk_plugin_call_duration_seconds!.metrics[0].buckets['+Inf']).toBe('2')
    expect(host.metricsText()).toContain('pdk_plugin_call_duration_seconds_count{plugin="shop"} 2')
    expect(byName.pdk_plugin_orders_total!.metrics[0]).toEqual({ labels: { kind: 'book', plugin: 'shop' }, value: '4' })
    expect(byName.pdk_plugin_queue_depth!.metrics[0].value).toBe('3')
    expect(byName.pdk_plugin_basket_euros!.metrics[0].buckets).toEqual({ '10': '0', '100': '2', '+Inf': '2' })
    expect(host.metricsText()).toContain('# HELP pdk_plugin_orders_total Orders "taken"\\nper kind\n')
    await host.stop()
  })
})
