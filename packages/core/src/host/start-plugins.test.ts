import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from './__fixtures__/plugin.js'
import { createHost } from './create-host.js'
import type { StateChange } from './host-types.js'

const pdk = { manifestVersion: 1, kind: 'extension', host: { name: 'test-host', range: '^1.0.0' } }
const entry = "export default { [Symbol.for('pdk.plugin')]: true }\n"

async function pkg(dir: string, json: Record<string, unknown>): Promise<void> {
  await mkdir(dir, { recursive: true })
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      version: '1.0.0',
      type: 'module',
      main: 'index.js',
      ...json,
      pdk: { ...pdk, ...(json.pdk as object) },
    }),
  )
  await writeFile(join(dir, 'index.js'), entry)
}

describe('boot scheduling', () => {
  it('starts a long chain of synchronous and asynchronous plugins in order, with every state event', async () => {
    const seen: string[] = []
    const plugins = Array.from({ length: 300 }, (_, i) =>
      plugin(
        `chain-${i}`,
        // Every third plugin starts synchronously: the boot must not recurse through them.
        i % 3 === 0
          ? { start: () => void seen.push(`chain-${i}`) }
          : { start: async () => void seen.push(`chain-${i}`) },
        i > 0 ? { dependencies: { [`chain-${i - 1}`]: '^1.0.0' } } : {},
      ),
    )
    const host = await createHost(hostOptions(plugins))
    const changes: StateChange[] = []
    host.on('state', (change) => changes.push(change))
    await host.start()
    expect(seen).toEqual(plugins.map((p) => p.manifest.name))
    expect(host.list().every((p) => p.state === 'started')).toBe(true)
    const first = changes.filter((c) => c.name === 'chain-0').map((c) => `${c.from}->${c.to}`)
    expect(first).toEqual(['discovered->resolved', 'resolved->loaded', 'loaded->initialized', 'initialized->started'])
    await host.stop()
  })

  it('shares the start in progress with a request that arrives while the plugin waits in start()', async () => {
    let release: () => void = () => undefined
    const host = await createHost(
      hostOptions([
        plugin('slow', {
          start: () => new Promise<void>((resolve) => (release = resolve)),
          messages: { ping: () => 'pong' },
        }),
      ]),
    )
    const started = host.start()
    await new Promise((resolve) => setImmediate(resolve))
    expect(host.list()[0]!.state).toBe('initialized')
    // A request to a plugin that is starting waits for that start instead of failing.
    const answer = host.request('slow', 'ping')
    release()
    await started
    await expect(answer).resolves.toBe('pong')
    await host.stop()
  })

  it('reports a plugin that fails in start() without holding up the plugins that do not need it', async () => {
    const host = await createHost(
      hostOptions([
        plugin('broken', {
          start: async () => {
            throw new Error('no socket')
          },
        }),
        plugin('needs-broken', {}, { dependencies: { broken: '^1.0.0' } }),
        plugin('free'),
      ]),
    )
    await host.start()
    const states = Object.fromEntries(host.list().map((p) => [p.name, p]))
    expect(states.broken!.lastError).toMatchObject({ code: 'PDK_PLUGIN_FAILED', details: { step: 'start' } })
    expect(states['needs-broken']!.lastError).toMatchObject({
      code: 'PDK_DEP_FAILED',
      details: { dependency: 'broken' },
    })
    expect(states.free!.state).toBe('started')
    await host.stop()
  })

  it('adds a system plugin that needs a running plugin together with others without waiting for the running one', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pdk-boot-'))
    const host = await createHost({ ...hostOptions([plugin('base')]), plugins: [plugin('base')] })
    await host.start()
    await pkg(join(root, 'sys-plug'), { name: 'sys-plug', pdk: { kind: 'system', dependencies: { base: '^1.0.0' } } })
    await pkg(join(root, 'ext-plug'), { name: 'ext-plug' })
    const added = await host.add(root)
    expect(added.map((p) => `${p.name}:${p.state}`).sort()).toEqual(['ext-plug:started', 'sys-plug:started'])
    await host.stop()
  })
  // With `side` optionally needing the unresolved `orphan`, its dependency list drops it: the
  // boot then finds dependencies by name instead of by resolution's positions. Both ways agree.
  it.each([
    ['by position', { leaf: '^1.0.0' }],
    ['by name', { orphan: '^1.0.0', leaf: '^1.0.0' }],
  ])(
    'starts each plugin after its dependencies when refused and unresolved plugins come first (%s)',
    async (_, optional) => {
      // Records of a batch: refusals, then resolved plugins in dependency order, then the ones that
      // did not resolve; dependencies are found by slot among all of them.
      const started: string[] = []
      // A start that takes a turn of the event loop: a plugin launched before its dependency
      // finished would show up between that dependency's begin and end.
      const starts = (name: string) => ({
        start: async () => {
          started.push(`${name}…`)
          await new Promise((resolve) => setTimeout(resolve, 1))
          started.push(name)
        },
      })
      const host = await createHost(
        hostOptions([
          plugin('leaf', starts('leaf'), { dependencies: { mid: '^1.0.0', root: '^1.0.0' } }),
          plugin('broken', {}, { manifestVersion: 2 as never }),
          plugin('mid', starts('mid'), { dependencies: { root: '^1.0.0' }, optionalDependencies: { gone: '^1.0.0' } }),
          plugin('orphan', starts('orphan'), { dependencies: { missing: '^1.0.0' } }),
          plugin('root', starts('root')),
          plugin('side', starts('side'), { optionalDependencies: optional }),
        ]),
      )
      await host.start()
      expect(started).toEqual(['root…', 'root', 'mid…', 'mid', 'leaf…', 'leaf', 'side…', 'side'])
      const states = Object.fromEntries(host.list().map((p) => [p.name, p.state]))
      expect(states).toEqual({
        broken: 'failed',
        root: 'started',
        mid: 'started',
        leaf: 'started',
        side: 'started',
        orphan: 'failed',
      })
      await host.stop()
    },
  )
})
