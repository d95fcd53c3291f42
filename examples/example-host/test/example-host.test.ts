import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  eventually,
  examplePlugins,
  type HostProcess,
  hostDir,
  hostMain,
  runExampleHost,
} from './run-example-host.js'

interface PromSample {
  value?: string
  labels?: Record<string, string>
  count?: string
  sum?: string
  buckets?: Record<string, string>
}
interface PromFamily {
  name: string
  help: string
  type: string
  metrics: PromSample[]
}
// parse-prometheus-text-format ships no types; this is the part of its shape the tests read.
const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => PromFamily[]

function family(families: PromFamily[], name: string): PromFamily {
  const found = families.find((f) => f.name === name)
  if (!found) throw new Error(`no metric family ${name} in ${families.map((f) => f.name).join(', ')}`)
  return found
}

function sample(f: PromFamily, labels: Record<string, string>): PromSample | undefined {
  return f.metrics.find((m) => Object.entries(labels).every(([key, value]) => m.labels?.[key] === value))
}

const env = { WEATHER_UNIT: 'imperial', WEATHER_CITY: 'Oslo', GREETER_GREETING: 'Hi' }
let project: string

beforeAll(async () => {
  // A host project of its own (pdk.config.json and its state), so tests never write into the repository.
  project = await mkdtemp(join(tmpdir(), 'pdk-example-host-'))
  await writeFile(join(project, 'pdk.config.json'), await readFile(join(hostDir, 'pdk.config.json')))
})

afterAll(async () => {
  await rm(project, { recursive: true, force: true })
})

describe('example-host as a child process', () => {
  let host: HostProcess
  let firstCount = 0

  beforeAll(async () => {
    host = await runExampleHost(project, ['--plugins', examplePlugins], env)
  })

  afterAll(async () => {
    await host?.stop('SIGKILL')
  })

  it('prints the URL it listens on and lists the built-in and plugin routes', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const { status, body } = await call(`${host.url}/`)
    expect(status).toBe(200)
    expect(body.name).toBe('example-host')
    expect(body.version).toMatch(/^1\./)
    const paths = body.routes.map((route: { path: string }) => route.path)
    expect(paths).toEqual(expect.arrayContaining(['/health', '/metrics', '/greet', '/weather', '/audit']))
  })

  it('runs one plugin of each kind; the lazy one waits for its first message', async () => {
    const { status, body } = await call(`${host.url}/plugins`)
    expect(status).toBe(200)
    const byName = Object.fromEntries(
      body.map((p: { name: string; kind: string; state: string }) => [p.name, `${p.kind} ${p.state}`]),
    )
    expect(byName).toEqual({
      'pdk-plugin-store': 'system started',
      'pdk-plugin-weather': 'integration started',
      'pdk-plugin-greeter': 'extension started',
      'pdk-plugin-audit': 'monitoring started',
      'pdk-plugin-textstats': 'analysis resolved',
    })
  })

  it('activates the lazy analysis plugin with its first message, in its own worker thread', async () => {
    const analyzed = await call(`${host.url}/plugins/pdk-plugin-textstats/messages/analyze`, {
      method: 'POST',
      body: { text: 'The cat sat. The cat ran.' },
    })
    expect(analyzed.status).toBe(200)
    expect(analyzed.body).toMatchObject({ words: 6, sentences: 2 })
    expect(analyzed.body.topWords[0]).toEqual({ word: 'cat', count: 2 })
    const { body } = await call(`${host.url}/plugins`)
    expect(body.find((p: { name: string }) => p.name === 'pdk-plugin-textstats')).toMatchObject({
      state: 'started',
      lazy: true,
      isolation: 'worker',
    })
  })

  it('orders the http.routes hook taps by priority', async () => {
    const { body } = await call(`${host.url}/routes`)
    expect(body.map((route: { path: string; plugin: string }) => `${route.path} ${route.plugin}`)).toEqual([
      '/greet pdk-plugin-greeter',
      '/weather pdk-plugin-weather',
      '/audit pdk-plugin-audit',
    ])
  })

  it('greets through a message, counting in the store service, with config from the environment', async () => {
    const { status, body } = await call(`${host.url}/greet?name=Ada`)
    expect(status).toBe(200)
    // GREETER_GREETING=Hi, and the weather (an optional dependency) in Oslo, in °F (WEATHER_UNIT=imperial).
    expect(body.message).toMatch(/^Hi, Ada! It is -?\d+°F in Oslo \((sunny|cloudy|rain|wind|fog)\)\.$/)
    expect(body).toMatchObject({ name: 'Ada', welcomed: false })
    firstCount = body.count
    expect(firstCount).toBe(1)
    expect((await call(`${host.url}/greet?name=Ada`)).body.count).toBe(2)
  })

  it('delivers events to wildcard subscribers', async () => {
    const emitted = await call(`${host.url}/events/user.created`, { method: 'POST', body: { name: 'Ada' } })
    expect(emitted).toMatchObject({ status: 202, body: { emitted: 'user.created' } })
    const greeting = await eventually(async () => {
      const { body } = await call(`${host.url}/greet?name=Ada`)
      return body.welcomed === true && body
    })
    expect(greeting.count).toBeGreaterThan(2)
    const report = await eventually(async () => {
      const { body } = await call(`${host.url}/audit`)
      return body.counts['user.created'] === 1 && body
    })
    expect(report.counts['greeter.greeted']).toBeGreaterThanOrEqual(3)
    expect(report.recent.some((entry: { name: string; from: string }) => entry.name === 'greeter.greeted')).toBe(true)
  })

  it('answers forecasts in the configured unit and refuses bad input with 400', async () => {
    const { status, body } = await call(`${host.url}/weather?city=Lima&days=2`)
    expect(status).toBe(200)
    expect(body.city).toBe('Lima')
    expect(body.unit).toBe('imperial')
    expect(body.days).toHaveLength(2)
    expect((await call(`${host.url}/weather?city=Lima&days=2`)).body).toEqual(body)

    const bad = await call(`${host.url}/weather?days=9`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/days/)
  })

  it('keeps serving after a handler fails', async () => {
    const failed = await call(`${host.url}/greet`)
    expect(failed.status).toBe(400)
    expect(failed.body.error.code).toMatch(/^PDK_/)
    expect(JSON.stringify(failed.body.error)).toMatch(/greet needs a name/)
    expect((await call(`${host.url}/greet?name=Grace`)).body.count).toBe(1)
  })

  it('broadcasts to every plugin with a handler', async () => {
    const { status, body } = await call(`${host.url}/broadcast/stats`, { method: 'POST', body: {} })
    expect(status).toBe(200)
    const byPlugin = Object.fromEntries(body.map((r: { plugin: string }) => [r.plugin, r]))
    expect(byPlugin['pdk-plugin-store']).toMatchObject({ ok: true, value: { keys: expect.any(Number) } })
    expect(byPlugin['pdk-plugin-store'].value.keys).toBeGreaterThanOrEqual(3)
    expect(byPlugin['pdk-plugin-greeter']).toMatchObject({ ok: true, value: { people: 2, welcomed: 1 } })
  })

  it('restarts a plugin and keeps what it stored', async () => {
    const before = (await call(`${host.url}/greet?name=Ada`)).body.count
    const restarted = await call(`${host.url}/plugins/pdk-plugin-greeter/restart`, { method: 'POST' })
    expect(restarted.status).toBe(200)
    expect(restarted.body).toMatchObject({ name: 'pdk-plugin-greeter', state: 'started' })
    expect((await call(`${host.url}/greet?name=Ada`)).body.count).toBe(before + 1)
  })

  it('answers unknown routes and plugins with 404, malformed requests with 400', async () => {
    expect((await call(`${host.url}/nowhere`)).status).toBe(404)
    expect((await call(`${host.url}/plugins/pdk-plugin-nobody/restart`, { method: 'POST' })).status).toBe(404)
    const malformed = await call(`${host.url}/events/%E0%A4%A`, { method: 'POST' })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.message).toMatch(/percent-encoding/)
    const notJson = await fetch(`${host.url}/events/user.created`, { method: 'POST', body: '{ nope' })
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toMatch(/not JSON/)
  })

  it('reports health of the host and of each plugin', async () => {
    const { status, body } = await call(`${host.url}/health`)
    expect(status).toBe(200)
    expect(body.status).toBe('ok')
    expect(Object.keys(body.plugins).sort()).toEqual([
      'pdk-plugin-audit',
      'pdk-plugin-greeter',
      'pdk-plugin-store',
      'pdk-plugin-textstats',
      'pdk-plugin-weather',
    ])
    for (const plugin of Object.values(body.plugins)) expect(plugin).toMatchObject({ status: 'ok', state: 'started' })
    expect(body.plugins['pdk-plugin-weather']).toMatchObject({
      status: 'ok',
      details: { city: 'Oslo', unit: 'imperial' },
    })
    expect(body.plugins['pdk-plugin-store'].details.keys).toBeGreaterThanOrEqual(3)
  })

  it('exports Prometheus metrics, automatic and recorded by plugins', async () => {
    const { status, type, text } = await call(`${host.url}/metrics`)
    expect(status).toBe(200)
    expect(type).toMatch(/^text\/plain/)
    const families = parsePrometheus(text)
    const calls = family(families, 'pdk_plugin_calls_total')
    expect(Number(sample(calls, { plugin: 'pdk-plugin-greeter', topic: 'greet' })?.value)).toBeGreaterThanOrEqual(5)
    expect(family(families, 'pdk_plugin_start_seconds').type).toBe('GAUGE')
    expect(family(families, 'pdk_plugin_call_duration_seconds').type).toBe('HISTOGRAM')
    const restarts = family(families, 'pdk_plugin_restarts_total')
    const greeter = (await call(`${host.url}/plugins`)).body.find(
      (p: { name: string }) => p.name === 'pdk-plugin-greeter',
    )
    expect(Number(sample(restarts, { plugin: 'pdk-plugin-greeter' })?.value)).toBe(greeter.restarts)

    const greetings = family(families, 'pdk_plugin_greetings_total')
    expect(greetings.type).toBe('COUNTER')
    expect(Number(sample(greetings, { plugin: 'pdk-plugin-greeter', welcomed: 'true' })?.value)).toBeGreaterThan(0)
    const words = family(families, 'pdk_plugin_text_words')
    expect(words.type).toBe('HISTOGRAM')
    expect(words.metrics[0]?.buckets?.['+Inf']).toBe('1')
    // The parser folds a labelled histogram's series into one and drops their _sum and _count,
    // so those are read from the text itself.
    expect(text).toMatch(/^pdk_plugin_text_words_count\{[^}]*plugin="pdk-plugin-textstats"[^}]*\} 1$/m)
    expect(text).toMatch(/^pdk_plugin_text_words_sum\{[^}]*plugin="pdk-plugin-textstats"[^}]*\} 6$/m)
    const seen = family(families, 'pdk_plugin_events_seen_total')
    expect(Number(sample(seen, { plugin: 'pdk-plugin-audit', event: 'user.created' })?.value)).toBe(1)
  })

  it('stops gracefully on SIGTERM with exit code 0', async () => {
    expect(await host.stop('SIGTERM')).toBe(0)
    expect(host.stderr()).toMatch(/SIGTERM, stopping/)
    expect(host.stderr()).toMatch(/stopped/)
  })
})

describe('example-host started again on the same project', () => {
  it('keeps the state plugins stored, takes plugins from EXAMPLE_HOST_PLUGINS, and stops on SIGINT', async () => {
    const host = await runExampleHost(project, [], { ...env, EXAMPLE_HOST_PLUGINS: examplePlugins })
    try {
      const greeting = await call(`${host.url}/greet?name=Grace`)
      expect(greeting.body).toMatchObject({ count: 2, welcomed: false })
      const ada = await call(`${host.url}/greet?name=Ada`)
      expect(ada.body).toMatchObject({ welcomed: true })
      expect(ada.body.count).toBeGreaterThan(4)
      // The audit saved its counts when it stopped and read them back when it started.
      expect((await call(`${host.url}/audit`)).body.counts['user.created']).toBe(1)
      expect(await host.stop('SIGINT')).toBe(0)
    } finally {
      await host.stop('SIGKILL')
    }
  })

  it('stops cleanly on a SIGTERM that arrives while the plugins are starting', async () => {
    const child = spawn(process.execPath, [hostMain, '--plugins', examplePlugins], {
      cwd: project,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = once(child, 'exit')
    let stderr = ''
    // The store logs from its init, before the host listens: the signal lands during start-up.
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr === '') child.kill('SIGTERM')
      stderr += chunk
    })
    const [code, signal] = await exited
    expect({ code, signal }).toEqual({ code: 0, signal: null })
    expect(stderr).toMatch(/SIGTERM, stopping[\s\S]*stopped/)
  })

  it('says so when its port is taken, stops its plugins and exits 1', async () => {
    const blocker = createServer()
    blocker.listen(0, '127.0.0.1')
    await once(blocker, 'listening')
    const { port } = blocker.address() as AddressInfo
    try {
      await expect(runExampleHost(project, ['--plugins', examplePlugins, '--port', String(port)])).rejects.toThrow(
        new RegExp(
          `exited \\(code 1[\\s\\S]*cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE[\\s\\S]*Hint: Another process`,
        ),
      )
    } finally {
      blocker.close()
    }
  })

  it('refuses to start on a missing project with a message and exit 1', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'pdk-example-empty-'))
    try {
      await expect(runExampleHost(empty, [])).rejects.toThrow(
        /exited \(code 1[\s\S]*Error: No host project at .*pdk-example-empty-.*pdk\.config\.json[\s\S]*Hint: .*pdk\.config\.json/,
      )
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })
})

describe('example-host with plugins installed into its pluginsDir', () => {
  it('loads them through loadHostConfig alone, with @pdk/core from the host project', async () => {
    // The layout `pdk install` leaves: pluginsDir is a small npm project, plugins in its
    // node_modules without their @pdk/core peer, which the host project's own node_modules provides.
    const installed = await mkdtemp(join(tmpdir(), 'pdk-example-installed-'))
    try {
      await writeFile(join(installed, 'pdk.config.json'), await readFile(join(hostDir, 'pdk.config.json')))
      await mkdir(join(installed, 'plugins'))
      await writeFile(join(installed, 'plugins', 'package.json'), '{ "private": true }\n')
      for (const name of ['store', 'greeter']) {
        const target = join(installed, 'plugins', 'node_modules', `pdk-plugin-${name}`)
        await mkdir(target, { recursive: true })
        await cp(join(examplePlugins, name, 'package.json'), join(target, 'package.json'))
        await cp(join(examplePlugins, name, 'dist'), join(target, 'dist'), { recursive: true })
      }
      const core = dirname(createRequire(join(hostDir, 'package.json')).resolve('@pdk/core/package.json'))
      await mkdir(join(installed, 'node_modules', '@pdk'), { recursive: true })
      await symlink(core, join(installed, 'node_modules', '@pdk', 'core'), 'dir')

      const host = await runExampleHost(installed, [])
      try {
        const plugins = (await call(`${host.url}/plugins`)).body as Array<{ name: string; state: string; dir: string }>
        expect(plugins.map((p) => `${p.name} ${p.state}`).sort()).toEqual([
          'pdk-plugin-greeter started',
          'pdk-plugin-store started',
        ])
        expect(plugins[0]!.dir.startsWith(join(installed, 'plugins', 'node_modules'))).toBe(true)
        expect((await call(`${host.url}/greet?name=Ada`)).body).toMatchObject({ message: 'Hello, Ada!', count: 1 })
        expect(await host.stop('SIGTERM')).toBe(0)
      } finally {
        await host.stop('SIGKILL')
      }
    } finally {
      await rm(installed, { recursive: true, force: true })
    }
  })
})

describe('example-host reloading a plugin from disk', () => {
  const MARK = "[Symbol.for('pdk.plugin')]: true"
  // A plugin that answers with its version and counts calls, handing the count over on reload.
  const writeCounter = async (dir: string, version: string) => {
    const manifest = {
      name: 'pdk-plugin-counter',
      version,
      type: 'module',
      main: 'dist/index.js',
      pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'example-host', range: '^1.0.0' } },
    }
    await mkdir(join(dir, 'dist'), { recursive: true })
    await writeFile(join(dir, 'package.json'), JSON.stringify(manifest))
    await writeFile(
      join(dir, 'dist', 'index.js'),
      `let count = 0
export default { ${MARK},
  snapshot: () => ({ count }),
  restore: (_ctx, state) => { count = state.count },
  messages: { count: () => ({ version: ${JSON.stringify(version)}, count: ++count }) },
}
`,
    )
  }

  it('reloads on POST /plugins/NAME/reload and with --watch, keeping the old version when the new one is refused', async () => {
    const plugins = await mkdtemp(join(tmpdir(), 'pdk-example-reload-'))
    const dir = join(plugins, 'counter')
    await writeCounter(dir, '1.0.0')
    const host = await runExampleHost(project, ['--plugins', plugins, '--watch'])
    const count = async () =>
      (await call(`${host.url}/plugins/pdk-plugin-counter/messages/count`, { method: 'POST', body: {} })).body as {
        version: string
        count: number
      }
    try {
      expect(await count()).toEqual({ version: '1.0.0', count: 1 })

      // Saved files are picked up by the watcher: the new version serves, with the count handed on.
      await writeCounter(dir, '1.1.0')
      const watched = await eventually(async () => {
        const answer = await count()
        return answer.version === '1.1.0' && answer
      })
      expect(watched.count).toBeGreaterThan(1)
      await eventually(async () => /reloaded pdk-plugin-counter 1\.0\.0 -> 1\.1\.0/.test(host.stderr()))

      // An explicit reload of a version the host refuses: 409, and 1.1.0 still serves.
      const before = (await count()).count
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
      manifest.pdk.kind = 'system'
      await writeFile(join(dir, 'package.json'), JSON.stringify(manifest))
      const refused = await call(`${host.url}/plugins/pdk-plugin-counter/reload`, { method: 'POST' })
      expect(refused.status).toBe(409)
      expect(refused.body.error).toMatchObject({ code: 'PDK_RELOAD_FAILED', details: { at: 'resolve' } })
      expect(await count()).toEqual({ version: '1.1.0', count: before + 1 })

      manifest.pdk.kind = 'extension'
      manifest.version = '1.2.0'
      await writeFile(join(dir, 'package.json'), JSON.stringify(manifest))
      const reloaded = await call(`${host.url}/plugins/pdk-plugin-counter/reload`, { method: 'POST' })
      expect(reloaded.status).toBe(200)
      expect(reloaded.body).toMatchObject({ name: 'pdk-plugin-counter', to: '1.2.0', swapped: true })
      expect(await host.stop('SIGTERM')).toBe(0)
    } finally {
      await host.stop('SIGKILL')
      await rm(plugins, { recursive: true, force: true })
    }
  })
})
