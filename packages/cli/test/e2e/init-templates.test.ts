// The proof of issue 6: every plugin template, scaffolded with `pdk init --yes` and installed
// (pnpm; extension with npm too) with @pdk/* from the run's registry, passes pdk build,
// validate and test, publint and attw, and starts in a real @pdk/core host; the host template
// installs, starts, loads a plugin scaffolded beside it, answers a request and stops.
import { spawn } from 'node:child_process'
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PdkRegistryInfo, useRegistry } from '../helpers/registry.js'
import {
  jsonOf,
  limitConcurrency,
  makeWorkDir,
  pdkIn,
  projectEnv,
  removeWorkDir,
  runIn,
  workspaceBin,
} from '../helpers/registry-projects.js'

const TIMEOUT = 600_000

// Starts the built plugin in a real host from the project's own @pdk/core, asks it one
// question, and prints what happened as JSON.
const HOST_PROOF = `
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHost } from '@pdk/core'
const [name, topic, payload] = process.argv.slice(2)
const storage = await mkdtemp(join(tmpdir(), 'pdk-proof-storage-'))
const host = await createHost({
  name: 'example-host',
  version: '1.0.0',
  plugins: [process.cwd()],
  policy: { grant: (manifest) => manifest.pdk.permissions },
  storage: { dir: storage },
})
await host.start()
const started = host.list()
const answer = topic ? await host.request(name, topic, JSON.parse(payload)) : null
const health = await host.health()
await host.stop()
await rm(storage, { recursive: true, force: true })
process.stdout.write(JSON.stringify({ started, answer, health, stopped: host.list() }))
`

interface Case {
  template: string
  packageManager: 'pnpm' | 'npm'
  request?: { topic: string; payload: unknown; answer: unknown }
}

const CASES: Case[] = [
  {
    template: 'basic',
    packageManager: 'pnpm',
    request: { topic: 'hello', payload: { name: 'Ada' }, answer: 'Hello, Ada!' },
  },
  {
    template: 'extension',
    packageManager: 'pnpm',
    request: { topic: 'greet', payload: { name: 'Ada' }, answer: { message: 'Hello, Ada!', count: 1 } },
  },
  {
    template: 'extension',
    packageManager: 'npm',
    request: { topic: 'greet', payload: { name: 'Ada' }, answer: { message: 'Hello, Ada!', count: 1 } },
  },
  { template: 'system', packageManager: 'pnpm' },
  { template: 'integration', packageManager: 'pnpm' },
]

describe('pdk init templates, installed and checked for real', () => {
  let registry: PdkRegistryInfo
  let env: NodeJS.ProcessEnv
  let work: string
  // Installs and builds are heavy; two chains at a time keep a 2-core machine responsive.
  const heavy = limitConcurrency(2)

  beforeAll(async () => {
    registry = await useRegistry()
    env = projectEnv(registry)
    work = await makeWorkDir('pdk-init-proof-')
  })
  afterAll(() => removeWorkDir(work))

  for (const c of CASES) {
    it.concurrent(
      `${c.template} with ${c.packageManager}: init, build, validate, test, publint, attw, start in a host`,
      () =>
        heavy(async () => {
          const name = `pdk-plugin-${c.template}-${c.packageManager}`
          const init = await pdkIn(
            work,
            ['init', name, '--template', c.template, '--yes', '--package-manager', c.packageManager, '--json'],
            env,
          )
          expect(init.code, init.stderr).toBe(0)
          const result = jsonOf(init)
          expect(result).toMatchObject({ ok: true, name, template: { name: c.template }, install: { ok: true } })
          expect(result.git).toMatchObject({ initialized: true, committed: true })
          const dir = join(work, name)
          const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
          expect(pkg.engines.node).toBe('^22.22.2 || ^24.15.0 || >=26.0.0')
          expect(pkg.peerDependencies).toEqual({ '@pdk/core': expect.stringMatching(/^\^/) })
          expect(Object.keys(pkg.devDependencies)).toEqual(
            expect.arrayContaining(['@pdk/cli', '@pdk/testing', 'typescript', 'vitest']),
          )
          expect(pkg.devDependencies.typescript).toBe('~6.0.3')

          for (const step of [['build'], ['validate'], ['test']]) {
            const run = await pdkIn(dir, step, env)
            expect(run.code, `pdk ${step.join(' ')} in ${name}:\n${run.stdout}\n${run.stderr}`).toBe(0)
          }
          const publint = await runIn(dir, workspaceBin('publint'), [], env)
          expect(publint.code, `publint:\n${publint.stdout}${publint.stderr}`).toBe(0)
          const attw = await runIn(
            dir,
            workspaceBin('attw'),
            ['--pack', '.', '--profile', 'esm-only', '--format', 'ascii'],
            env,
          )
          expect(attw.code, `attw:\n${attw.stdout}${attw.stderr}`).toBe(0)

          await writeFile(join(dir, '.pdk-proof.mjs'), HOST_PROOF)
          const args = c.request ? [name, c.request.topic, JSON.stringify(c.request.payload)] : [name]
          const started = await runIn(dir, process.execPath, ['.pdk-proof.mjs', ...args], env)
          expect(started.code, started.stderr).toBe(0)
          const proof = JSON.parse(started.stdout)
          expect(proof.started).toContainEqual(expect.objectContaining({ name, state: 'started', kind: pkg.pdk.kind }))
          if (c.request) expect(proof.answer).toEqual(c.request.answer)
          expect(proof.health.plugins[name]).toMatchObject({ status: 'ok' })
          expect(proof.stopped).toContainEqual(
            expect.objectContaining({ name, state: expect.stringMatching(/stopped|disposed/) }),
          )
        }),
      TIMEOUT,
    )
  }

  it.concurrent(
    'host: installs, starts, loads a plugin scaffolded beside it, answers a request over HTTP and stops',
    () =>
      heavy(async () => {
        const hostDir = join(work, 'my-host')
        const pluginName = 'pdk-plugin-beside'
        const base = ['--yes', '--package-manager', 'pnpm', '--no-git', '--json']
        const host = await pdkIn(work, ['init', 'my-host', '--template', 'host', ...base], env)
        expect(host.code, host.stderr).toBe(0)
        expect(jsonOf(host)).toMatchObject({ ok: true, template: { type: 'host' }, install: { ok: true } })
        const config = JSON.parse(await readFile(join(hostDir, 'pdk.config.json'), 'utf8'))
        expect(config.host).toMatchObject({ name: 'my-host', version: '1.0.0', pluginsDir: 'plugins' })

        const plugin = await pdkIn(
          work,
          ['init', pluginName, '--template', 'basic', '--host', 'my-host@^1.0.0', ...base],
          env,
        )
        expect(plugin.code, plugin.stderr).toBe(0)
        const pluginDir = join(work, pluginName)
        const build = await pdkIn(pluginDir, ['build'], env)
        expect(build.code, build.stderr).toBe(0)
        // Into the host's plugins folder, as a package folder: its @pdk/core is the host's own.
        const into = join(hostDir, 'plugins', pluginName)
        await mkdir(into, { recursive: true })
        await cp(join(pluginDir, 'package.json'), join(into, 'package.json'))
        await cp(join(pluginDir, 'dist'), join(into, 'dist'), { recursive: true })

        for (const script of ['build', 'test']) {
          const run = await runIn(hostDir, 'pnpm', ['run', script], env)
          expect(run.code, `pnpm run ${script}:\n${run.stdout}${run.stderr}`).toBe(0)
        }

        const child = spawn(process.execPath, ['dist/main.js', '--port', '0'], {
          cwd: hostDir,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        let out = ''
        let err = ''
        child.stderr.on('data', (d) => {
          err += d
        })
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (d) => {
            out += d
            const match = /listening on (http:\/\/\S+)/.exec(out)
            if (match) resolve(match[1]!)
          })
          child.on('exit', (code) => reject(new Error(`the host exited with ${code} before listening:\n${out}${err}`)))
        })
        try {
          expect(out).toContain(`${pluginName}@0.1.0 (started)`)
          const response = await fetch(`${url}/plugins/${pluginName}/hello`, {
            method: 'POST',
            body: JSON.stringify({ name: 'Ada' }),
          })
          expect(response.status).toBe(200)
          expect(await response.json()).toBe('Hello, Ada!')
          expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: 'ok' })
        } finally {
          const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
          child.kill('SIGTERM')
          expect(await exited, err).toBe(0)
        }
        expect(out).toContain('SIGTERM: stopping')
      }),
    TIMEOUT,
  )
})
