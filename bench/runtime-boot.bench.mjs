// Boot: from createHost to start() resolved with N in-memory no-op plugins in a dependency
// chain (each depends on the one before), against avvio registering and booting the same N
// functions. Goals (issue 4): ≤ 0.25× avvio at 1k and 10k; time per plugin at 10k ≤ 1.25× 1k.

import { PerformanceObserver } from 'node:perf_hooks'
import avvio from 'avvio'
import { createHost, definePlugin } from '../packages/core/dist/index.js'
import { compare, measure, report } from './lib/measure.mjs'

const noop = async () => {}

function chain(n) {
  const plugins = []
  for (let i = 0; i < n; i++) {
    const pdk = { manifestVersion: 1, kind: 'extension', host: { name: 'bench-host', range: '^1.0.0' } }
    if (i > 0) pdk.dependencies = { [`p${i - 1}`]: '^1.0.0' }
    plugins.push({
      manifest: { name: `p${i}`, version: '1.0.0', type: 'module', pdk },
      definition: definePlugin({ start: noop }),
    })
  }
  return plugins
}

async function bootPdk(plugins) {
  const host = await createHost({ name: 'bench-host', version: '1.0.0', plugins, logger: () => {} })
  await host.start()
}

async function bootAvvio(n) {
  const app = avvio({}, { autostart: false })
  for (let i = 0; i < n; i++) app.use(noop, {})
  await app.ready()
}

// Diagnostics (PDK_BENCH_GC=1, off by default; the measured rounds are the same either way):
// per size, how many of pdk's rounds contain a garbage collection, the GC time inside them, and
// the median of the rounds without one, as time per plugin. Linearity depends on whether the
// median 10k round contains a scavenge (decision 110).
const diagnose = process.env.PDK_BENCH_GC === '1'
const collections = []
const pdkRounds = new Map()
if (diagnose) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) collections.push([e.startTime, e.startTime + e.duration, e.detail?.kind])
  }).observe({ entryTypes: ['gc'] })
}
const timed = (n, boot) =>
  diagnose
    ? async () => {
        const start = performance.now()
        await boot()
        const rounds = pdkRounds.get(n) ?? []
        rounds.push([start, performance.now()])
        pdkRounds.set(n, rounds)
      }
    : boot

const measures = []
// Rounds are many for a median: the machines are shared, and one garbage collection landing
// in a round (either side's garbage is collected in whichever round allocates next) moves it by
// several times, so each side's rounds fall into a fast and a slow group. Both sides run the
// same rounds.
for (const [n, rounds, warmup] of [
  [1_000, 41, 15],
  [10_000, 15, 5],
]) {
  const plugins = chain(n)
  measures.push(
    await compare(`boot-${n / 1000}k`, {
      subject: timed(n, () => bootPdk(plugins)),
      peer: () => bootAvvio(n),
      peerName: 'avvio',
      goal: 0.25,
      rounds,
      // Boot runs thousands of plugins through code that V8 optimises over the first boots. At
      // 1k on 2 shared cores the last of it (compiled on a background thread, and a function or
      // two recompiled after a first deoptimisation) lands in rounds 8-15, so with fewer warm-up
      // rounds the median mixes cold and warm boots; a 10k round runs each function ten times as
      // often and is warm after the first. Both sides get the same warm-up, so the ratio
      // compares steady states (decision 110).
      warmup,
    }),
  )
}
const [k1, k10] = measures
measures.push(
  measure('boot-linearity (per plugin 10k / 1k)', {
    value: k10.value / 10_000,
    peerValue: k1.value / 1_000,
    peerName: 'pdk per plugin at 1k',
    goal: 1.25,
  }),
)
await report('runtime-boot', measures)

if (diagnose) {
  // Let the observer deliver the last entries.
  await new Promise((resolve) => setTimeout(resolve, 50))
  const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
  for (const [n, rounds] of pdkRounds) {
    // The measured rounds are the last ones (warm-up rounds come first).
    const measured = rounds.slice(n === 1_000 ? 15 : 5)
    const withGc = []
    const without = []
    for (const [start, end] of measured) {
      const inside = collections.filter(([s, e]) => s >= start && e <= end)
      if (inside.length === 0) without.push(end - start)
      else withGc.push([end - start, inside.reduce((sum, [s, e]) => sum + e - s, 0), inside.length])
    }
    const perPlugin = (ms) => `${((ms / n) * 1000).toFixed(2)} µs/plugin`
    console.log(
      `pdk ${n / 1000}k: ${withGc.length}/${measured.length} rounds contain a GC` +
        (withGc.length ? ` (GC ${mid(withGc.map((r) => r[1])).toFixed(1)} ms median in them)` : '') +
        `; rounds without: ${without.length ? `median ${perPlugin(mid(without))}` : 'none'}` +
        (withGc.length ? `; rounds with: median ${perPlugin(mid(withGc.map((r) => r[0])))}` : ''),
    )
  }
}
