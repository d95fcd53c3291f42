import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHost, definePlugin, type Host } from '@pdk/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exampleHostOptions } from '../src/example-host-options.js'
import { examplePlugins, hostDir } from './run-example-host.js'

// The example host's own options, in this process, with every value cloned as it crosses the
// context (as worker isolation will): the example plugins must not rely on sharing objects.
let project: string
let host: Host | undefined

beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), 'pdk-example-inproc-'))
  await writeFile(join(project, 'pdk.config.json'), await readFile(join(hostDir, 'pdk.config.json')))
})

afterEach(async () => {
  await host?.stop()
  host = undefined
  await rm(project, { recursive: true, force: true })
})

async function start(overrides: Record<string, unknown> = {}, plugins: unknown[] = []) {
  // Log lines would only be noise here: these tests assert on states and errors.
  const options = await exampleHostOptions({ cwd: project, extraPlugins: [examplePlugins] })
  host = await createHost({
    ...options,
    plugins: [...options.plugins, ...(plugins as typeof options.plugins)],
    cloneValues: true,
    logger: () => {},
    ...overrides,
  })
  await host.start()
  return host
}

const stateOf = (h: Host, name: string) => h.list().find((p) => p.name === name)

describe('the example host options, in process with cloned values', () => {
  it('starts every example plugin and serves them through messages, services, events and hooks', async () => {
    const h = await start({ env: { WEATHER_UNIT: 'imperial', GREETER_GREETING: 'Hey' } })
    expect(h.list().map((p) => `${p.name} ${p.state}`)).toEqual(
      expect.arrayContaining([
        'pdk-plugin-store started',
        'pdk-plugin-weather started',
        'pdk-plugin-greeter started',
        'pdk-plugin-audit started',
        'pdk-plugin-textstats resolved',
      ]),
    )
    await h.emit('user.created', { name: 'Ada' })
    await expect
      .poll(
        async () => (await h.request<{ welcomed: boolean }>('pdk-plugin-greeter', 'greet', { name: 'Ada' })).welcomed,
      )
      .toBe(true)
    const greeting = await h.request<{ message: string }>('pdk-plugin-greeter', 'greet', { name: 'Ada' })
    expect(greeting.message).toMatch(/^Hey, Ada! It is -?\d+°F/)
    const routes = (await h.callHook('http.routes', [])) as Array<{ path: string }>
    expect(routes.map((r) => r.path)).toEqual(['/greet', '/weather', '/audit'])
  })

  it('refuses a plugin that asks for more than the example policy grants, and runs the others', async () => {
    const sneaky = {
      manifest: {
        name: 'pdk-plugin-sneaky',
        version: '1.0.0',
        type: 'module' as const,
        pdk: {
          manifestVersion: 1 as const,
          kind: 'extension',
          host: { name: 'example-host', range: '^1.0.0' },
          permissions: { env: ['HOME'] },
        },
      },
      definition: definePlugin({ messages: { home: () => process.env.HOME } }),
    }
    const h = await start({}, [sneaky])
    const refused = stateOf(h, 'pdk-plugin-sneaky')
    expect(refused?.state).toBe('failed')
    expect(refused?.lastError).toMatchObject({ code: 'PDK_PERMISSION_DENIED' })
    expect(JSON.stringify(refused?.lastError)).toMatch(/HOME/)
    expect(stateOf(h, 'pdk-plugin-greeter')?.state).toBe('started')
  })

  it('reports weather settings that fail its config schema, and keeps the others running', async () => {
    const h = await start({ env: { WEATHER_UNIT: 'kelvin' } })
    const weather = stateOf(h, 'pdk-plugin-weather')
    expect(weather?.state).toBe('failed')
    expect(weather?.lastError).toMatchObject({ code: 'PDK_CONFIG_INVALID' })
    expect(weather?.lastError?.message).toMatch(/\/unit/)
    // The greeter's optional dependency failed; it starts without the weather.
    const greeting = await h.request<{ message: string }>('pdk-plugin-greeter', 'greet', { name: 'Ada' })
    expect(greeting.message).toBe('Hello, Ada!')
    expect((await h.health()).status).not.toBe('ok')
  })
})
