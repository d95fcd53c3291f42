#!/usr/bin/env node
// The one set-up step behind `npm start`, `npm test`, `npm run setup` and `npm run pdk`.
// It runs on whatever Node runs npm (20 on a bare machine), installs pnpm into .tools/,
// installs the workspace (Node 22 arrives as the `node` devDependency) only when the
// dependency stamp changed, builds the packages incrementally, then runs the requested
// pnpm script in a new process so that it runs on Node 22 from node_modules/.bin.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PNPM_VERSION = '10.34.9'
const root = dirname(dirname(fileURLToPath(import.meta.url)))
const argv = process.argv.slice(2)
const quiet = argv[0] === '--quiet'
if (quiet) argv.shift()
const [script, ...rest] = argv

const log = (line) => {
  if (!quiet) process.stderr.write(`[setup] ${line}\n`)
}
const fail = (line) => {
  process.stderr.write(`[setup] ${line}\n`)
  process.exit(1)
}

const tools = join(root, '.tools')
const pnpmBin = join(tools, 'node_modules', '.bin', 'pnpm')
const binDir = join(root, 'node_modules', '.bin')
const env = {
  ...process.env,
  PATH: `${binDir}:${join(tools, 'node_modules', '.bin')}:${process.env.PATH}`,
  npm_config_yes: 'true',
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: options.stdio ?? ['ignore', 2, 2], env })
  if (result.error) fail(`could not run ${cmd}: ${result.error.message}`)
  return result.status ?? 1
}

function installedPnpm() {
  try {
    return JSON.parse(readFileSync(join(tools, 'node_modules', 'pnpm', 'package.json'), 'utf8')).version
  } catch {
    return undefined
  }
}

if (installedPnpm() !== PNPM_VERSION) {
  log(`installing pnpm ${PNPM_VERSION} into .tools/`)
  const status = run('npm', [
    'install',
    '--prefix',
    tools,
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `pnpm@${PNPM_VERSION}`,
  ])
  if (status !== 0) fail('npm could not install pnpm; check your network and npm configuration')
}

function dependencyStamp() {
  const hash = createHash('sha256')
  for (const file of ['pnpm-lock.yaml', 'pnpm-workspace.yaml']) {
    if (existsSync(join(root, file))) hash.update(readFileSync(join(root, file)))
  }
  const manifests = ['package.json']
  for (const group of ['packages', 'examples', 'examples/plugins', 'bench']) {
    const dir = join(root, group)
    if (!existsSync(dir)) continue
    if (existsSync(join(dir, 'package.json'))) manifests.push(join(group, 'package.json'))
    for (const entry of readdirSync(dir).sort()) {
      const file = join(group, entry, 'package.json')
      if (existsSync(join(root, file))) manifests.push(file)
    }
  }
  for (const file of manifests) {
    const pkg = JSON.parse(readFileSync(join(root, file), 'utf8'))
    const fields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'bin']
    hash.update(file)
    hash.update(JSON.stringify(fields.map((f) => pkg[f] ?? null)))
  }
  hash.update(PNPM_VERSION)
  return hash.digest('hex')
}

const stampFile = join(root, 'node_modules', '.pdk-setup-stamp')
const stamp = dependencyStamp()
const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : ''
if (current !== stamp || !existsSync(join(binDir, 'node'))) {
  log('installing the workspace with pnpm')
  const args = ['install', '--config.confirm-modules-purge=false']
  if (process.env.CI) args.push('--frozen-lockfile')
  if (run(pnpmBin, args) !== 0) fail('pnpm install failed (see above)')
  writeFileSync(stampFile, dependencyStamp())
}

const nodeCheck = spawnSync(join(binDir, 'node'), ['--version'], { encoding: 'utf8' })
if (!/^v22\./.test(nodeCheck.stdout ?? '')) {
  fail(
    `node_modules/.bin/node is not Node 22 (${nodeCheck.stdout?.trim() || nodeCheck.error?.message}); delete node_modules and run again`,
  )
}

if (run(pnpmBin, ['run', '--silent', 'build', ...(quiet ? ['--quiet'] : [])]) !== 0)
  fail('the build failed (see above)')

if (script) {
  const status = run(pnpmBin, ['run', '--silent', script, ...rest], { stdio: 'inherit' })
  process.exit(status)
}
log("ready: `npm run pdk -- <command>` runs this checkout's pdk")
