// Events: host.emit to 10 subscribers against Node's EventEmitter (synchronous, isolates
// nothing) and emittery (async). Goal (issue 4): ≤ 5× EventEmitter; the ratio to emittery
// is reported too.
import { EventEmitter } from 'node:events'
import Emittery from 'emittery'
import { createHost, definePlugin } from '../packages/core/dist/index.js'
import { compare, report } from './lib/measure.mjs'

let sink = 0
const listeners = Array.from({ length: 10 }, (_, i) => (payload) => {
  sink += payload.n + i
})

const plugins = listeners.map((fn, i) => ({
  manifest: {
    name: `sub-${i}`,
    version: '1.0.0',
    type: 'module',
    pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'bench-host', range: '^1.0.0' } },
  },
  definition: definePlugin({ events: { 'bench.tick': fn } }),
}))
const host = await createHost({ name: 'bench-host', version: '1.0.0', plugins, logger: () => {} })
await host.start()

const emitter = new EventEmitter()
for (const fn of listeners) emitter.on('bench.tick', fn)
const emittery = new Emittery()
for (const fn of listeners) emittery.on('bench.tick', fn)

const payload = { n: 1 }
const opts = { iterations: 50_000, rounds: 15, unit: 'µs', scale: 1000 }
const measures = [
  await compare('emit-10-subscribers vs EventEmitter', {
    subject: () => host.emit('bench.tick', payload),
    peer: () => emitter.emit('bench.tick', payload),
    peerName: 'node:events EventEmitter',
    goal: 5,
    ...opts,
  }),
  await compare('emit-10-subscribers vs emittery', {
    subject: () => host.emit('bench.tick', payload),
    peer: () => emittery.emit('bench.tick', payload),
    peerName: 'emittery',
    ...opts,
  }),
]
await host.stop()
if (sink === 0) throw new Error('no event was delivered')
await report('runtime-events', measures)
