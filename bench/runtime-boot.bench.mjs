// Boot: from createHost to start() resolved with N in-memory no-op plugins in a dependency
// chain (each depends on the one before), against avvio registering and booting the same N
// functions. Goals (issue 4): ≤ 0.25× avvio at 1k and 10k; time per plugin at 10k ≤ 1.25× 1k.

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
      subject: () => bootPdk(plugins),
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
