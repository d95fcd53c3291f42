// Hooks: host.callHook through a waterfall of 10 taps against tapable's
// AsyncSeriesWaterfallHook (promise) on the same functions; also against a plain for-await
// loop. Goal (issue 4): ≤ 1.0× tapable.
import tapable from 'tapable'
import { createHost, definePlugin } from '../packages/core/dist/index.js'
import { compare, report } from './lib/measure.mjs'

const TAPS = 10
const fns = Array.from({ length: TAPS }, (_, i) => async (value) => value + i)

const plugins = fns.map((fn, i) => ({
  manifest: {
    name: `tap-${i}`,
    version: '1.0.0',
    type: 'module',
    pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'bench-host', range: '^1.0.0' } },
  },
  definition: definePlugin({ hooks: { 'bench.value': fn } }),
}))
const host = await createHost({
  name: 'bench-host',
  version: '1.0.0',
  plugins,
  hooks: { 'bench.value': 'waterfall' },
  logger: () => {},
})
await host.start()

const hook = new tapable.AsyncSeriesWaterfallHook(['value'])
for (const [i, fn] of fns.entries()) hook.tapPromise(`tap-${i}`, fn)

async function plain(value) {
  for (const fn of fns) value = await fn(value)
  return value
}

if ((await host.callHook('bench.value', 0)) !== (await hook.promise(0))) throw new Error('hook results differ')
const opts = { iterations: 20_000, rounds: 15, unit: 'µs', scale: 1000 }
const measures = [
  await compare('waterfall-10-taps vs tapable', {
    subject: () => host.callHook('bench.value', 0),
    peer: () => hook.promise(0),
    peerName: 'tapable AsyncSeriesWaterfallHook',
    goal: 1.0,
    ...opts,
  }),
  await compare('waterfall-10-taps vs for-await', {
    subject: () => host.callHook('bench.value', 0),
    peer: () => plain(0),
    peerName: 'plain for-await loop',
    ...opts,
  }),
]
await host.stop()
await report('runtime-hooks', measures)
