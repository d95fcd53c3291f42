// Blue/green hot reload (`host.reload`, `host.watch`) against the built package: in-memory
// plugins, folder plugins re-read from disk in the host's process and in real worker threads,
// state handed over with snapshot/restore, calls in flight drained, calls and events during the
// switch delivered to the new version, and every failure leaving the old version serving.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createHost,
  definePlugin,
  type Host,
  type HostOptions,
  type InMemoryPlugin,
  type LogEntry,
  type PdkErrorData,
  type PluginDefinition,
  type ReloadResult,
} from '@pdk/core'
import { afterEach, describe, expect, it } from 'vitest'

const HOST = { name: 'reload-host', range: '^1.0.0' }
const MARK = "[Symbol.for('pdk.plugin')]: true"

function plugin(
  name: string,
  definition: PluginDefinition<any>,
  version = '1.0.0',
  pdk: Record<string, unknown> = {},
): InMemoryPlugin {
  return {
    manifest: { name, version, type: 'module', pdk: { manifestVersion: 1, kind: 'extension', host: HOST, ...pdk } },
    definition: definePlugin(definition),
  } as InMemoryPlugin
}

const hosts: Host[] = []
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()))
})

async function startHost(plugins: HostOptions['plugins'], extra: Partial<HostOptions> = {}) {
  const logs: LogEntry[] = []
  const host = await createHost({
    name: 'reload-host',
    version: '1.0.0',
    plugins,
    hooks: { 'text.pipe': 'waterfall' },
    logger: (entry) => logs.push(entry),
    restart: { maxRestarts: 0 },
    ...extra,
  })
  hosts.push(host)
  await host.start()
  return { host, logs }
}

function deferred<T = void>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms))

/** A counter whose count survives reloads through snapshot/restore; `tag` tells the versions apart. */
function counter(tag: string, seen: string[], extra: Partial<PluginDefinition<any>> = {}): PluginDefinition<any> {
  let count = 0
  return {
    snapshot: () => ({ count }),
    restore: (_ctx, state) => {
      count = (state as { count: number }).count
    },
    start: () => void seen.push(`start ${tag}`),
    stop: () => void seen.push(`stop ${tag}`),
    dispose: () => void seen.push(`dispose ${tag}`),
    messages: {
      add: () => ({ tag, count: ++count }),
    },
    events: { 'tick.*': () => void seen.push(`event ${tag}`) },
    hooks: { 'text.pipe': (text: string) => `${text} ${tag}` },
    ...extra,
  }
}

describe('host.reload: in-memory plugins', () => {
  it('switches to the new version with its state, and leaves no trace of the old one', async () => {
    const seen: string[] = []
    const { host } = await startHost([plugin('count', counter('blue', seen))])
    await host.request('count', 'add')
    await host.request('count', 'add')

    const result = await host.reload('count', { plugin: plugin('count', counter('green', seen), '1.1.0') })
    expect(result).toMatchObject({ name: 'count', from: '1.0.0', to: '1.1.0', swapped: true, isolation: 'none' })
    expect(await host.request('count', 'add')).toEqual({ tag: 'green', count: 3 })
    expect(host.list()[0]).toMatchObject({ name: 'count', version: '1.1.0', state: 'started' })
    // The new version started before the old one stopped (blue/green), and the old one is gone.
    expect(seen).toEqual(['start blue', 'start green', 'stop blue', 'dispose blue'])

    seen.length = 0
    await host.emit('tick.now', {})
    expect(seen).toEqual(['event green'])
    expect(await host.callHook('text.pipe', 'x')).toBe('x green')
  })

  it('lets calls in flight finish on the old version and holds new calls and events for the new one', async () => {
    const seen: string[] = []
    const release = deferred()
    let blueCount = 0
    const blue = counter('blue', seen, {
      snapshot: () => ({ count: blueCount }),
      messages: {
        slow: async () => {
          await release.promise
          return { tag: 'blue', count: ++blueCount }
        },
        add: () => ({ tag: 'blue', count: ++blueCount }),
      },
    })
    const { host } = await startHost([plugin('count', blue)])
    const inFlight = host.request('count', 'slow')
    const reloading = host.reload('count', { plugin: plugin('count', counter('green', seen), '1.1.0') })
    await tick()
    // The gate is up: this call and this event wait for the new version.
    const duringSwitch = host.request('count', 'add')
    await host.emit('tick.during', {})
    expect(seen).toEqual(['start blue'])
    release.resolve()
    expect(await inFlight).toEqual({ tag: 'blue', count: 1 })
    await reloading
    // The old version's last call is in the state it handed on.
    expect(await duringSwitch).toEqual({ tag: 'green', count: 2 })
    expect(seen).toContain('event green')
    expect(seen).not.toContain('event blue')
  })

  it('keeps the old version serving when the new one fails, and cleans up after the new one', async () => {
    const seen: string[] = []
    const { host } = await startHost([plugin('count', counter('blue', seen))])
    await host.request('count', 'add')
    const broken = counter('green', seen, {
      init: () => {
        throw new Error('no database')
      },
    })
    const error = await host.reload('count', { plugin: plugin('count', broken, '1.1.0') }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'PDK_RELOAD_FAILED',
      details: { plugin: 'count', version: '1.0.0', step: 'reload', at: 'init' },
    })
    expect((error as Error).message).toMatch(/no database.*Version 1\.0\.0 keeps serving/)
    expect(host.list()[0]).toMatchObject({ version: '1.0.0', state: 'started' })
    expect(await host.request('count', 'add')).toEqual({ tag: 'blue', count: 2 })
    expect(seen).toContain('dispose green')
    expect(seen).not.toContain('stop blue')
    seen.length = 0
    await host.emit('tick.after', {})
    expect(seen).toEqual(['event blue'])
    expect(await host.callHook('text.pipe', 'x')).toBe('x blue')
  })

  it('keeps the old version when the new one fails to start, and removes what the new one registered', async () => {
    const seen: string[] = []
    const { host } = await startHost([plugin('count', counter('blue', seen))])
    const broken = counter('green', seen, {
      start: () => Promise.reject(new Error('port in use')),
    })
    await expect(host.reload('count', { plugin: plugin('count', broken, '1.1.0') })).rejects.toMatchObject({
      code: 'PDK_RELOAD_FAILED',
      details: { at: 'start' },
    })
    seen.length = 0
    await host.emit('tick.after', {})
    expect(seen).toEqual(['event blue'])
    expect(await host.callHook('text.pipe', 'x')).toBe('x blue')
    expect(await host.request('count', 'add')).toMatchObject({ tag: 'blue' })
  })

  it('refuses a new version that does not fit the running host, naming why', async () => {
    const { host } = await startHost([
      plugin('store', { messages: { get: () => 'v1' } }, '1.2.0', { capabilities: ['kv'] }),
      plugin('app', {}, '1.0.0', { dependencies: { store: '^1.0.0' } }),
    ])
    const attempt = (version: string, pdk: Record<string, unknown> = {}, definition: PluginDefinition<any> = {}) =>
      host.reload('store', { plugin: plugin('store', definition, version, { capabilities: ['kv'], ...pdk }) }).then(
        () => {
          throw new Error(`reloading store to ${version} should have been refused`)
        },
        (e: unknown) => e as { code: string; message: string; details: Record<string, unknown> },
      )

    const major = await attempt('2.0.0')
    expect(major).toMatchObject({ code: 'PDK_RELOAD_FAILED', details: { at: 'resolve' } })
    expect(major.message).toMatch(/"app" depends on "store@\^1\.0\.0", which version 2\.0\.0 does not satisfy/)
    expect((await attempt('1.3.0', { kind: 'system' })).message).toMatch(/kind changed from "extension" to "system"/)
    expect((await attempt('1.3.0', { capabilities: [] })).message).toMatch(/capability "kv"/)
    expect((await attempt('1.3.0', { dependencies: { ghost: '^1.0.0' } })).message).toMatch(/ghost/)
    expect((await attempt('1.3.0', { dependencies: { app: '^1.0.0' } })).message).toMatch(
      /cycle: store -> app -> store/,
    )
    const hook = await attempt('1.3.0', {}, { hooks: { 'no.such.hook': (v: unknown) => v } })
    expect(hook).toMatchObject({ code: 'PDK_RELOAD_FAILED', details: { at: 'load' } })
    await expect(host.reload('store', { plugin: plugin('other', {}, '1.3.0') })).rejects.toThrow(/not "store"/)

    expect(host.list().find((p) => p.name === 'store')).toMatchObject({ version: '1.2.0', state: 'started' })
    expect(await host.request('store', 'get')).toBe('v1')
  })

  it('gives a plugin that is not running the new version for its next start', async () => {
    const seen: string[] = []
    const { host } = await startHost([
      plugin('held', counter('blue', seen)),
      plugin('broken', { start: () => Promise.reject(new Error('bad')) }),
    ])
    await host.stopPlugin('held')
    const held = await host.reload('held', { plugin: plugin('held', counter('green', seen), '1.1.0') })
    expect(held).toMatchObject({ swapped: false, to: '1.1.0' })
    expect(host.list().find((p) => p.name === 'held')?.state).toBe('disposed')
    await host.startPlugin('held')
    expect(await host.request('held', 'add')).toMatchObject({ tag: 'green' })

    // A plugin that failed on its own is started with the fixed version.
    expect(host.list().find((p) => p.name === 'broken')?.state).toBe('failed')
    const fixed = await host.reload('broken', { plugin: plugin('broken', { messages: { ok: () => true } }, '1.0.1') })
    expect(fixed.swapped).toBe(false)
    expect(host.list().find((p) => p.name === 'broken')?.state).toBe('started')
    expect(await host.request('broken', 'ok')).toBe(true)
  })

  it('runs reloads of one plugin one after the other', async () => {
    const seen: string[] = []
    const { host } = await startHost([plugin('count', counter('v1', seen))])
    await host.request('count', 'add')
    const results = await Promise.all([
      host.reload('count', { plugin: plugin('count', counter('v2', seen), '1.0.1') }),
      host.reload('count', { plugin: plugin('count', counter('v3', seen), '1.0.2') }),
    ])
    expect(results.map((r: ReloadResult) => `${r.from}->${r.to}`)).toEqual(['1.0.0->1.0.1', '1.0.1->1.0.2'])
    expect(await host.request('count', 'add')).toEqual({ tag: 'v3', count: 2 })
  })
})

// A folder plugin whose answer and version are written into its files.
async function writePlugin(
  dir: string,
  version: string,
  answer: string,
  isolation = 'none',
  name = 'disk',
): Promise<void> {
  await mkdir(join(dir, 'dist'), { recursive: true })
  const manifest = {
    name,
    version,
    type: 'module',
    exports: { '.': { import: './dist/index.js' } },
    pdk: { manifestVersion: 1, kind: 'extension', host: HOST, isolation },
  }
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest))
  await writeFile(
    join(dir, 'dist', 'index.js'),
    `import { threadId } from 'node:worker_threads'
let count = 0
export default { ${MARK},
  snapshot: () => ({ count }),
  restore: (_ctx, state) => { count = state.count },
  messages: { answer: () => ({ answer: ${JSON.stringify(answer)}, count: ++count, threadId, pid: process.pid }) },
}
`,
  )
}

describe('host.reload and host.watch: folder plugins', () => {
  for (const isolation of ['none', 'worker', 'process'] as const) {
    it(`re-reads the plugin's files and loads the new code (isolation ${isolation})`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'pdk-reload-'))
      await writePlugin(dir, '1.0.0', 'one', isolation)
      const { host } = await startHost([dir], { cwd: dir, storage: { dir: join(dir, '.pdk') } })
      type Answer = { answer: string; threadId: number; pid: number }
      const first = await host.request<Answer>('disk', 'answer')
      expect(first).toMatchObject({ answer: 'one', count: 1 })
      await writePlugin(dir, '1.0.1', 'two', isolation)
      expect(await host.reload('disk')).toMatchObject({ from: '1.0.0', to: '1.0.1', isolation, swapped: true })
      const second = await host.request<Answer>('disk', 'answer')
      expect(second).toMatchObject({ answer: 'two', count: 2 })
      // Isolated, the new version runs in a new thread or process (the old one was ended).
      if (isolation === 'worker') expect(second.threadId).not.toBe(first.threadId)
      else if (isolation === 'process') expect(second.pid).not.toBe(first.pid)
      else expect([second.threadId, second.pid]).toEqual([first.threadId, first.pid])
      // A later restart (by hand or by the supervisor) loads the reloaded code, not the first
      // (in-process, the module and its state are the reloaded one's; an isolate starts afresh).
      await host.restartPlugin('disk')
      const third = await host.request<Answer>('disk', 'answer')
      expect(third).toMatchObject({ answer: 'two', count: isolation === 'none' ? 3 : 1 })
    })
  }

  it('reloads a plugin when its files change, and reports a broken save without dropping the plugin', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdk-watch-'))
    await writePlugin(dir, '1.0.0', 'one')
    const { host } = await startHost([dir], { cwd: dir, storage: { dir: join(dir, '.pdk') } })
    const outcomes: Array<{ name: string; result?: ReloadResult; error?: PdkErrorData }> = []
    const waiters: Array<() => void> = []
    const watcher = host.watch({
      debounceMs: 50,
      onReload: (outcome) => {
        outcomes.push(outcome)
        for (const wake of waiters.splice(0)) wake()
      },
    })
    // A save of two files may be one reload or two (on a loaded machine, more than debounceMs
    // apart): wait for the outcome looked for, whichever reload brings it.
    const outcome = (match: (o: (typeof outcomes)[number]) => boolean) =>
      new Promise<(typeof outcomes)[number]>((resolve) => {
        const check = () => {
          const found = outcomes.find(match)
          if (found) resolve(found)
          else waiters.push(check)
        }
        check()
      })
    type Answer = { answer: string; count: number }
    const answerOf = async (want: string) => {
      for (;;) {
        const answer = await host.request<Answer>('disk', 'answer')
        if (answer.answer === want) return answer
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    try {
      await watcher.ready
      expect(await host.request('disk', 'answer')).toMatchObject({ answer: 'one', count: 1 })
      await writePlugin(dir, '1.1.0', 'two')
      expect(await outcome((o) => o.result?.to === '1.1.0')).toMatchObject({ name: 'disk', result: { from: '1.0.0' } })
      // The count was handed over through every reload.
      expect((await answerOf('two')).count).toBeGreaterThan(1)

      const served = outcomes.length
      await writeFile(join(dir, 'dist', 'index.js'), 'export default {')
      const failed = await outcome((o) => o.error !== undefined)
      expect(failed).toMatchObject({ name: 'disk', error: { code: 'PDK_RELOAD_FAILED' } })
      expect(outcomes.length).toBeGreaterThan(served)
      expect(await host.request('disk', 'answer')).toMatchObject({ answer: 'two' })
    } finally {
      await watcher.close()
    }
  })
  it('watches plugins added later, and only the plugins it is given', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pdk-watch-more-'))
    const [first, later] = [join(root, 'first'), join(root, 'later')]
    await writePlugin(first, '1.0.0', 'first one', 'none', 'first')
    await writePlugin(later, '1.0.0', 'later one', 'none', 'later')
    const { host } = await startHost([first], { cwd: root, storage: { dir: join(root, '.pdk') } })
    const seenByFirst: string[] = []
    const everything = host.watch({ debounceMs: 20 })
    const onlyFirst = host.watch({ debounceMs: 20, plugins: ['first'], onReload: (o) => seenByFirst.push(o.name) })
    try {
      await Promise.all([everything.ready, onlyFirst.ready])
      await host.add(later)
      expect(await host.request('later', 'answer')).toMatchObject({ answer: 'later one' })
      // The watcher hears the add as a state event and starts watching the new plugin's files
      // shortly after: save until the new version answers.
      for (let saved = false; !saved; ) {
        await writePlugin(later, '1.1.0', 'later two', 'none', 'later')
        for (let i = 0; i < 25 && !saved; i++) {
          await new Promise((resolve) => setTimeout(resolve, 40))
          saved = (await host.request<{ answer: string }>('later', 'answer')).answer === 'later two'
        }
      }
      // The watcher given only "first" did not reload "later".
      expect(seenByFirst).toEqual([])
    } finally {
      await everything.close()
      await onlyFirst.close()
    }
  })
})
