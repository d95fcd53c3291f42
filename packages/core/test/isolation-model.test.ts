// Random run-time operations on folder plugins in real worker threads and child processes: stop,
// start, restart, hot reload (new files on disk, working or broken) and requests, alone and two
// at once. After each: deadlines and subscriptions match the started plugins, every started
// plugin answers from the version that should serve, a request during its plugin's reload is
// answered, and every failure is a PdkError naming the plugin. At the end no worker or child
// process is left. The in-process counterpart, with more runs, is src/host/lifecycle-model.test.ts.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHost } from '@pdk/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cores } from '../dist/host/host-core.js'
import { expectAfter, expectNamedFailure, runs, settle } from '../src/host/__fixtures__/model.js'

type Behaviour = 'ok' | 'sync' | 'throw' | 'reject'

interface Version {
  init: Behaviour
  start: Behaviour
  stop: 'ok' | 'throw'
}

type Simple =
  | { op: 'stop' | 'start' | 'restart' | 'request' | 'slow'; p: number }
  | { op: 'reload'; p: number; version: Version }
type Op = Simple | { op: 'both'; a: Simple; b: Simple }

const HOST = { name: 'model-host', range: '^1.0.0' }
const MARK = "[Symbol.for('pdk.plugin')]: true"

const healthy = fc.constantFrom<Behaviour>('ok', 'sync')
const any = fc.constantFrom<Behaviour>('ok', 'sync', 'throw', 'reject')
const step = fc.oneof({ arbitrary: healthy, weight: 5 }, { arbitrary: any, weight: 1 })
const version = fc.record({
  init: step,
  start: step,
  stop: fc.oneof(
    { arbitrary: fc.constant('ok' as const), weight: 5 },
    { arbitrary: fc.constant('throw' as const), weight: 1 },
  ),
})

const scenario = fc.integer({ min: 1, max: 3 }).chain((n) => {
  const p = fc.integer({ min: 0, max: n - 1 })
  const simple: fc.Arbitrary<Simple> = fc.oneof(
    fc.record({
      op: fc.constantFrom('stop' as const, 'start' as const, 'restart' as const, 'request' as const, 'slow' as const),
      p,
    }),
    fc.record({ op: fc.constant('reload' as const), p, version }),
  )
  const op: fc.Arbitrary<Op> = fc.oneof(
    { arbitrary: simple, weight: 3 },
    { arbitrary: fc.record({ op: fc.constant('both' as const), a: simple, b: simple }), weight: 1 },
  )
  return fc.record({
    first: fc.array(version, { minLength: n, maxLength: n }),
    ops: fc.array(op, { minLength: 1, maxLength: 6 }),
  })
})

/** Writes plugin `name`'s package.json and entry for one version; its `echo` answers `tag`. */
async function writeVersion(dir: string, name: string, isolation: string, v: Version, tag: string, semver: string) {
  await mkdir(join(dir, 'dist'), { recursive: true })
  const manifest = {
    name,
    version: semver,
    type: 'module',
    exports: { '.': { import: './dist/index.js' } },
    pdk: { manifestVersion: 1, kind: 'extension', host: HOST, isolation },
  }
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest))
  await writeFile(
    join(dir, 'dist', 'index.js'),
    `const run = (b) => {
  if (b === 'sync') return undefined
  if (b === 'throw') throw new Error('boom')
  if (b === 'reject') return Promise.reject(new Error('boom'))
  return Promise.resolve()
}
export default { ${MARK},
  init: () => run(${JSON.stringify(v.init)}),
  start: (ctx) => { ctx.events.on('ping', () => {}); return run(${JSON.stringify(v.start)}) },
  stop: () => run(${JSON.stringify(v.stop)}),
  messages: { echo: () => ${JSON.stringify(tag)}, slow: () => new Promise((resolve) => setTimeout(resolve, 5, ${JSON.stringify(tag)})) },
}
`,
  )
}

const isolates = () =>
  process.getActiveResourcesInfo().filter((r) => r === 'MessagePort' || r === 'ProcessWrap' || r === 'Worker').length

function checkScenario(isolation: 'worker' | 'process') {
  return async ({ first, ops }: { first: Version[]; ops: Op[] }) => {
    const root = await mkdtemp(join(tmpdir(), `pdk-model-${isolation}-`))
    const names = first.map((_, i) => `m${i}`)
    const dirs = names.map((name) => join(root, 'plugins', name))
    let generation = 0
    const serving = new Map<string, string | undefined>()
    // Writing a version and reloading it happen together for one plugin: two reloads given at once
    // would otherwise overwrite each other's files before either reads them.
    const locks = new Map<number, Promise<unknown>>()
    const write = async (p: number, v: Version) => {
      const tag = `${names[p]}#${generation++}`
      await writeVersion(dirs[p]!, names[p]!, isolation, v, tag, `1.0.${generation}`)
      return tag
    }
    for (let p = 0; p < first.length; p++) serving.set(names[p]!, await write(p, first[p]!))
    const before = isolates()
    const host = await createHost({
      name: 'model-host',
      version: '1.0.0',
      plugins: [join(root, 'plugins')],
      cwd: root,
      storage: { dir: join(root, '.pdk') },
      logger: () => {},
      restart: { maxRestarts: 0 },
    })
    const core = cores.get(host)!
    const state = (name: string) => core.records.get(name)!.state
    try {
      await host.start()
      const perform = (op: Simple, name: string): Promise<unknown> => {
        switch (op.op) {
          case 'stop':
            return host.stopPlugin(name)
          case 'start':
            return host.startPlugin(name)
          case 'restart':
            return host.restartPlugin(name)
          case 'request':
            return host.request(name, 'echo')
          case 'slow':
            return host.request(name, 'slow')
          case 'reload': {
            const run = (locks.get(op.p) ?? Promise.resolve()).then(async () => {
              const tag = await write(op.p, op.version)
              try {
                await host.reload(name)
                serving.set(name, tag)
              } catch (error) {
                // Refused, the old version serves on; but its files on disk are the new ones, and
                // a fresh worker or process (a restart) loads those.
                serving.set(name, undefined)
                throw error
              }
            })
            locks.set(
              op.p,
              run.catch(() => undefined),
            )
            return run
          }
        }
      }
      const apply = async (op: Op, alone: boolean): Promise<boolean> => {
        if (op.op === 'both') {
          const { a, b } = op
          const running = [state(names[a.p]!), state(names[b.p]!)]
          const ok = await Promise.all([apply(a, false), apply(b, false)])
          for (const [call, other, i] of [[a, b, 0] as const, [b, a, 1] as const]) {
            const asks = call.op === 'request' || call.op === 'slow'
            if (asks && other.op === 'reload' && other.p === call.p && running[i] === 'started') {
              expect(ok[i], `${call.op} to ${names[call.p]} during its reload`).toBe(true)
            }
          }
          return true
        }
        const name = names[op.p]!
        const was = state(name)
        const outcome = await settle(perform(op, name))
        expectNamedFailure(op.op, name, outcome)
        if (!alone) return outcome.ok
        expectAfter(op.op, was, state(name), outcome)
        if (op.op === 'request' || op.op === 'slow')
          expect(outcome.ok, `${op.op} to ${name} (${was})`).toBe(was === 'started')
        return outcome.ok
      }
      for (const op of ops) {
        await apply(op, true)
        const started = names.filter((name) => state(name) === 'started')
        expect(core.deadlines.size, 'deadlines left after the operation').toBe(0)
        expect(core.events.size, `subscriptions of ${started.join(', ')}`).toBe(started.length)
        for (const name of started) {
          const expected = serving.get(name)
          const tag = await host.request(name, 'echo')
          if (expected !== undefined) expect(tag, `${name} answers from the version that serves`).toBe(expected)
        }
      }
    } finally {
      await host.stop()
    }
    expect({ subs: core.events.size, deadlines: core.deadlines.size }).toEqual({ subs: 0, deadlines: 0 })
    // Every worker or process the host made has ended (libuv releases a process's handle on the
    // loop turn after its exit and its channel's close, which stop() waits for).
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(isolates()).toBeLessThanOrEqual(before)
  }
}

describe('random operations on isolated folder plugins', () => {
  it('keeps its word in worker threads', async () => {
    await fc.assert(fc.asyncProperty(scenario, checkScenario('worker')), runs(12))
  }, 180_000)

  it('keeps its word in child processes', async () => {
    await fc.assert(fc.asyncProperty(scenario, checkScenario('process')), runs(6))
  }, 180_000)
})
