#!/usr/bin/env node
// `npm start`: pdk's main job end to end, in a temporary folder. It never changes the
// repository, can run twice in a row, stops everything it started and exits 0 when every
// step worked. Every pdk step runs the real bin of this checkout as a child process
// (asynchronously: the embedded registry is served from this process).
import { spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const pdkBin = join(root, 'packages', 'cli', 'bin', 'run.js')
const started = performance.now()
// What .npmrc files hold instead of a token: npm and pnpm expand it from the environment.
const NPM_TOKEN_REF = ['$', '{NPM_TOKEN}'].join('')
const cleanups = []
let stepNo = 0

function header(title) {
  stepNo++
  process.stdout.write(`\n── ${stepNo}. ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}\n`)
}

/** Runs a command, streaming its output, and rejects when it exits non-zero. */
function run(cmd, args, { cwd = root, env = {}, capture = false } = {}) {
  process.stdout.write(
    `$ ${[cmd === process.execPath ? 'node' : cmd, ...args].map((a) => a.replace(root, '.')).join(' ')}\n`,
  )
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, CI: process.env.CI ?? '', ...env },
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    })
    let out = ''
    child.stdout?.on('data', (d) => {
      out += d
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(out)
      else
        reject(new Error(`${cmd === process.execPath ? 'node' : cmd} ${args.join(' ')} exited with ${code ?? signal}`))
    })
  })
}

const pdk = (args, options) => run(process.execPath, [pdkBin, ...args], options)

/**
 * Runs `pdk dev` until the plugin has started, saves a change to its source so the dev host
 * rebuilds it and swaps it in blue/green, shows what it printed, and stops it with Ctrl-C (exit 0).
 */
function devOnce(cwd, env) {
  process.stdout.write('$ npx pdk dev --no-typecheck   (a save once the plugin runs, then Ctrl-C)\n')
  const child = spawn(process.execPath, [pdkBin, 'dev', '--no-typecheck', '--no-color'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    let step = 'start'
    child.stdout.on('data', (d) => {
      out += d
      process.stdout.write(d)
      if (step === 'start' && / started /.test(out)) {
        step = 'reload'
        const file = join(cwd, 'src', 'index.ts')
        process.stdout.write('(saving a change to src/index.ts)\n')
        readFile(file, 'utf8')
          .then((text) => writeFile(file, `${text}// Saved during the tour: pdk dev rebuilt and hot-reloaded this.\n`))
          .catch(reject)
      } else if (step !== 'stop' && (/ failed/.test(out) || (step === 'reload' && /reloaded in/.test(out)))) {
        step = 'stop'
        child.kill('SIGINT')
      }
    })
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 && /reloaded in/.test(out)
        ? resolve()
        : reject(new Error(`pdk dev exited with ${code}: the plugin did not start and reload`)),
    )
  })
}

/** Starts the example host and resolves its URL once it prints its listening line. */
function startHost(cwd, env) {
  const script = join(root, 'examples', 'example-host', 'dist', 'main.js')
  process.stdout.write(`$ node examples/example-host/dist/main.js --cwd ${cwd.replace(root, '.')}\n`)
  const child = spawn(process.execPath, [script, '--cwd', cwd, '--port', '0'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)))
  const url = new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      process.stdout.write(d)
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1])
    })
    exited.then((code) => reject(new Error(`the example host exited with ${code} before listening`)))
  })
  return { child, url, exited }
}

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  let shown = text.trim()
  try {
    shown = JSON.stringify(JSON.parse(text))
  } catch {}
  process.stdout.write(
    `${method} ${path} -> ${response.status} ${shown.length > 400 ? `${shown.slice(0, 400)}…` : shown}\n`,
  )
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`)
  return text
}

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'pdk-tour-'))
  cleanups.push(() => rm(work, { recursive: true, force: true }))
  process.stdout.write(`pdk tour in ${work}\n`)
  // pdk's own configuration (keys, trust) lives in the tour's folder, never in ~/.config.
  const pdkEnv = { PDK_CONFIG_DIR: join(work, 'pdk-config'), NO_UPDATE_NOTIFIER: '1' }

  header('Start the embedded npm registry (Verdaccio on 127.0.0.1, no uplinks)')
  const { startLocalRegistry, publishWorkspacePackages, authLine, cleanNpmEnv } = await import(
    './lib/local-registry.mjs'
  )
  const registry = await startLocalRegistry({ storageDir: join(work, 'registry') })
  cleanups.push(() => registry.stop())
  process.stdout.write(`registry: ${registry.url}\n`)
  const published = await publishWorkspacePackages(registry)
  process.stdout.write(`published ${published.map((p) => `${p.name}@${p.version}`).join(', ')}\n`)
  // Commands that talk to the registry read its token from npm's configuration, as they would
  // from a developer's ~/.npmrc; --registry is passed to every registry command.
  const env = {
    ...cleanNpmEnv(process.env),
    ...pdkEnv,
    npm_config_userconfig: registry.npmrc,
    NPM_TOKEN: registry.token,
  }

  header('Scaffold a plugin with pdk init')
  const plugin = join(work, 'pdk-plugin-hello')
  await pdk(
    [
      'init',
      'pdk-plugin-hello',
      '--yes',
      '--template',
      'extension',
      '--description',
      'Says hello: the pdk tour plugin',
      '--no-install',
      '--no-git',
      '--dir',
      plugin,
    ],
    { cwd: work, env },
  )
  // Only the @pdk scope comes from the embedded registry; everything else from npm's default.
  // The token stays in the environment (npm and pnpm expand ${NPM_TOKEN}); pdk validate refuses a literal one.
  await writeFile(join(plugin, '.npmrc'), `@pdk:registry=${registry.url}\n${authLine(registry.url, NPM_TOKEN_REF)}\n`)
  const pnpm = join(root, '.tools', 'node_modules', '.bin', 'pnpm')
  await run(pnpm, ['install', '--config.confirm-modules-purge=false', '--config.auto-install-peers=true'], {
    cwd: plugin,
    env: { ...cleanNpmEnv(process.env), NPM_TOKEN: registry.token },
  })
  // The README still carries the template's marker until its author writes it; the tour is that author.
  const readme = join(plugin, 'README.md')
  await writeFile(readme, (await readFile(readme, 'utf8')).replaceAll('<!-- pdk:template-readme -->', ''))

  header('Build it (esbuild bundle, declarations, type-check)')
  await pdk(['build'], { cwd: plugin, env })

  header('Validate it (manifest rules, package rules, entry check, type-check)')
  await pdk(['validate'], { cwd: plugin, env })

  header('Test it (vitest with the @pdk/testing preset)')
  await pdk(['test'], { cwd: plugin, env })

  header('Run it in the development host (pdk dev: a worker, rebuilt and hot-reloaded on save)')
  await devOnce(plugin, env)

  header('Document it (typedoc API docs and a manifest page)')
  await pdk(['docs', '--out', join(work, 'hello-docs')], { cwd: plugin, env })

  header('Sign and publish it to the embedded registry')
  await pdk(['keys', 'generate', '--name', 'tour'], { cwd: work, env })
  await pdk(['keys', 'trust', join(pdkEnv.PDK_CONFIG_DIR, 'keys', 'tour.pub')], { cwd: work, env })
  await pdk(['publish', '--registry', registry.url, '--key', 'tour', '--no-test'], { cwd: plugin, env })

  header('Find it with pdk search')
  await pdk(['search', 'hello', '--registry', registry.url, '--host', 'example-host@1.0.0'], { cwd: work, env })

  header('Install it into the example host')
  const hostDir = join(work, 'example-host')
  await cp(join(root, 'examples', 'example-host'), hostDir, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|plugins|\.pdk)([\\/]|$)/.test(src.slice(root.length)),
  })
  // The host provides @pdk/core to its plugins (their peer dependency): this checkout's.
  await mkdir(join(hostDir, 'node_modules', '@pdk'), { recursive: true })
  await symlink(join(root, 'packages', 'core'), join(hostDir, 'node_modules', '@pdk', 'core'), 'dir')
  await pdk(['install', 'pdk-plugin-hello', '--cwd', hostDir, '--registry', registry.url, '--yes'], { cwd: work, env })
  await pdk(['list', '--cwd', hostDir], { cwd: work, env })
  await pdk(['verify', 'pdk-plugin-hello@0.1.0', '--registry', registry.url], { cwd: work, env })

  header('Run the example host with the example plugins and the installed one')
  // The example plugins load from the repository (read only: their state goes to the host's storage folder).
  const host = startHost(hostDir, { EXAMPLE_HOST_PLUGINS: join(root, 'examples', 'plugins'), LOG_LEVEL: 'warn' })
  cleanups.push(async () => {
    if (host.child.exitCode === null) host.child.kill('SIGKILL')
  })
  const base = await host.url
  await call(base, 'GET', '/plugins')
  await call(base, 'POST', '/plugins/pdk-plugin-hello/messages/greet', { name: 'Ada' })
  await call(base, 'GET', '/greet?name=Ada')
  // pdk-plugin-textstats is lazy and runs in a worker thread of its own (pdk.isolation).
  await call(base, 'POST', '/plugins/pdk-plugin-textstats/messages/analyze', { text: 'The cat sat. The cat ran.' })
  await call(base, 'POST', '/events/user.created', { name: 'Grace' })
  await call(base, 'GET', '/health')
  const metrics = await fetch(`${base}/metrics`).then((r) => r.text())
  process.stdout.write(
    `GET /metrics -> ${metrics
      .split('\n')
      .filter((l) => l.startsWith('pdk_plugin_calls_total'))
      .slice(0, 6)
      .join('\n')}\n…\n`,
  )
  host.child.kill('SIGTERM')
  const code = await host.exited
  process.stdout.write(`example host stopped (exit ${code})\n`)
  if (code !== 0) throw new Error(`the example host exited with ${code} on SIGTERM`)
}

async function cleanup() {
  for (const fn of cleanups.reverse()) {
    try {
      await fn()
    } catch (error) {
      process.stderr.write(`cleanup: ${error.message}\n`)
    }
  }
}

process.once('SIGINT', () => {
  cleanup().finally(() => process.exit(130))
})

try {
  await main()
  await cleanup()
  process.stdout.write(`\nThe tour finished in ${((performance.now() - started) / 1000).toFixed(1)}s.\n`)
} catch (error) {
  await cleanup()
  process.stderr.write(`\nThe tour stopped at step ${stepNo}: ${error.message}\n`)
  process.exit(1)
}
