import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { type RunningExampleHost, startExampleHost } from '../src/start-example-host.js'
import { call, hostDir } from './run-example-host.js'

// A plugin whose `wait` answers only once `release` arrives: a request held in flight on purpose.
const slowPlugin = `import { definePlugin } from '@pdk/core'
let release
const held = new Promise((resolve) => { release = resolve })
let waiting = false
export default definePlugin({
  messages: {
    wait: async () => { waiting = true; await held; return { released: true } },
    waiting: () => waiting,
    release: () => { release(); return true },
  },
})
`

let project: string
let running: RunningExampleHost | undefined

beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), 'pdk-example-drain-'))
  await writeFile(join(project, 'pdk.config.json'), await readFile(join(hostDir, 'pdk.config.json')))
  const slow = join(project, 'extra', 'slow')
  await mkdir(join(slow, 'node_modules', '@pdk'), { recursive: true })
  const manifest = {
    name: 'pdk-plugin-slow',
    version: '1.0.0',
    type: 'module',
    exports: { '.': { import: './index.js' } },
    pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'example-host', range: '^1.0.0' } },
  }
  await writeFile(join(slow, 'package.json'), JSON.stringify(manifest))
  await writeFile(join(slow, 'index.js'), slowPlugin)
  const core = dirname(createRequire(join(hostDir, 'package.json')).resolve('@pdk/core/package.json'))
  await symlink(core, join(slow, 'node_modules', '@pdk', 'core'), 'dir')
})

afterEach(async () => {
  await running?.close()
  running = undefined
  await rm(project, { recursive: true, force: true })
})

it('lets a request in flight finish before it stops the plugins, and refuses new connections meanwhile', async () => {
  running = await startExampleHost({ cwd: project, extraPlugins: [join(project, 'extra')], logLevel: 'warn' })
  const { host, url } = running
  const pending = call(`${url}/plugins/pdk-plugin-slow/messages/wait`, { method: 'POST' })
  await expect.poll(() => host.request('pdk-plugin-slow', 'waiting'), { timeout: 10_000 }).toBe(true)

  const closing = running.close()
  await expect(fetch(`${url}/health`)).rejects.toThrow()
  // Give a shutdown that does not wait for the request (the fault this test is for) the time
  // to stop the plugin and drop the connection; a draining one waits up to 5 s for it.
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(host.list().find((p) => p.name === 'pdk-plugin-slow')?.state).toBe('started')

  await host.request('pdk-plugin-slow', 'release')
  expect(await pending).toMatchObject({ status: 200, body: { released: true } })
  await closing
  expect(host.list().find((p) => p.name === 'pdk-plugin-slow')?.state).not.toBe('started')
})
