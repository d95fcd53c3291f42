// Messages: host.request in process, with metrics and timeouts on as users run it, against a
// direct `await handler(payload)`. Goal (issue 4): ≤ 2×. Every request is held to a deadline
// from one shared timer; none creates a timer of its own. Measured for an asynchronous handler
// (the usual plugin handler: its promise must be wrapped in one the host can reject on
// timeout) and a synchronous one (answered at once: no deadline).
//
// The floor row measures that wrapper alone, `new Promise((resolve, reject) =>
// handler(payload).then(resolve, reject))`, with no routing, metrics or deadline queue, against
// the same direct await: no design that can reject a hung handler's call costs less (one more
// promise, one more reaction job). It has no goal of its own; it shows how much of the
// request's ratio is that floor, and the row against it how much pdk adds above it. Decision
// 090 has the measurements.
import { createHost, definePlugin } from '../packages/core/dist/index.js'
import { compare, report } from './lib/measure.mjs'

const handler = async (payload) => payload.n + 1
// The least a caller can wrap a handler's promise in and still reject it at a deadline.
const floor = (payload) => new Promise((resolve, reject) => handler(payload).then(resolve, reject))
// A handler that answers synchronously: the host needs no deadline for it.
const syncHandler = (payload) => payload.n + 1
const plugins = [
  {
    manifest: {
      name: 'echo',
      version: '1.0.0',
      type: 'module',
      pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'bench-host', range: '^1.0.0' } },
    },
    definition: definePlugin({ messages: { add: handler, addSync: syncHandler } }),
  },
]
const host = await createHost({ name: 'bench-host', version: '1.0.0', plugins, logger: () => {} })
await host.start()
const payload = { n: 1 }
if ((await host.request('echo', 'add', payload)) !== 2) throw new Error('wrong answer')

const measures = [
  await compare('request vs direct await', {
    subject: () => host.request('echo', 'add', payload),
    peer: () => handler(payload),
    peerName: 'await handler(payload)',
    goal: 2,
    iterations: 50_000,
    rounds: 15,
    unit: 'µs',
    scale: 1000,
  }),
  await compare('floor: rejectable wrapper vs direct await', {
    subject: () => floor(payload),
    peer: () => handler(payload),
    peerName: 'await handler(payload)',
    iterations: 50_000,
    rounds: 15,
    unit: 'µs',
    scale: 1000,
  }),
  await compare('request vs the floor', {
    subject: () => host.request('echo', 'add', payload),
    peer: () => floor(payload),
    peerName: 'await floor(payload)',
    iterations: 50_000,
    rounds: 15,
    unit: 'µs',
    scale: 1000,
  }),
  await compare('request vs direct await (synchronous handler)', {
    subject: () => host.request('echo', 'addSync', payload),
    peer: () => syncHandler(payload),
    peerName: 'await syncHandler(payload)',
    goal: 2,
    iterations: 50_000,
    rounds: 15,
    unit: 'µs',
    scale: 1000,
  }),
]
const calls = host.metrics().families.find((f) => f.name === 'pdk_plugin_calls_total')
if (!calls?.series.some((s) => s.labels.topic === 'add' && s.value > 0)) throw new Error('metrics were not recorded')
await host.stop()
await report('runtime-messages', measures)
