// Hot reload: `host.reload(name)` (blue/green: new version loaded beside the old, gate, drain,
// snapshot/restore, switch, old one stopped) against `host.restartPlugin(name)` (stop, dispose,
// fresh load, init, start: the plugin is down meanwhile and its in-memory state is lost), the
// host's other way to run new code. No issue sets a goal; a reload should cost about what a
// restart costs, since it does the same steps plus the hand-over, without the downtime.
// Measured for an in-process plugin and for a folder plugin in a worker thread.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHost, definePlugin } from '../packages/core/dist/index.js'
import { compare, report } from './lib/measure.mjs'

const HOST = { name: 'bench-host', range: '^1.0.0' }
const counter = () => {
  let count = 0
  return definePlugin({
    snapshot: () => ({ count }),
    restore: (_ctx, state) => {
      count = state.count
    },
    messages: { add: () => ++count },
    events: { 'tick.*': () => {} },
  })
}
const manifest = {
  name: 'counter',
  version: '1.0.0',
  type: 'module',
  pdk: { manifestVersion: 1, kind: 'extension', host: HOST },
}

const dir = await mkdtemp(join(tmpdir(), 'pdk-bench-reload-'))
const pluginDir = join(dir, 'worker-counter')
await mkdir(pluginDir, { recursive: true })
await writeFile(
  join(pluginDir, 'package.json'),
  JSON.stringify({
    ...manifest,
    name: 'worker-counter',
    main: 'index.js',
    pdk: { ...manifest.pdk, isolation: 'worker' },
  }),
)
await writeFile(
  join(pluginDir, 'index.js'),
  `let count = 0
export default { [Symbol.for('pdk.plugin')]: true,
  snapshot: () => ({ count }),
  restore: (_ctx, state) => { count = state.count },
  messages: { add: () => ++count },
}
`,
)

const host = await createHost({
  name: 'bench-host',
  version: '1.0.0',
  cwd: dir,
  plugins: [{ manifest, definition: counter() }, pluginDir],
  storage: { dir: join(dir, 'storage') },
  logger: () => {},
})
await host.start()
await host.request('counter', 'add')

const measures = [
  await compare('reload vs restart (in-process, in-memory plugin)', {
    subject: () => host.reload('counter', { plugin: { manifest, definition: counter() } }),
    peer: () => host.restartPlugin('counter'),
    peerName: 'host.restartPlugin',
    iterations: 200,
    rounds: 15,
  }),
  await compare('reload vs restart (folder plugin in a worker)', {
    subject: () => host.reload('worker-counter'),
    peer: () => host.restartPlugin('worker-counter'),
    peerName: 'host.restartPlugin',
    iterations: 3,
    rounds: 7,
    warmup: 1,
  }),
]
if ((await host.request('worker-counter', 'add')) < 1) throw new Error('the worker plugin does not answer')
await host.stop()
await rm(dir, { recursive: true, force: true })
await report('runtime-reload', measures)
