#!/usr/bin/env node
// `npm start`: pdk's main job end to end, in a temporary folder. It never changes the
// repository, can run twice in a row, stops everything it started and exits 0 when every
// step worked. Every pdk step runs the real bin of this checkout as a child process
// (asynchronously: the embedded registry is served from this process).
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const pdkBin = join(root, 'packages', 'cli', 'bin', 'run.js')
const started = performance.now()
const cleanups = []
let stepNo = 0

function header(title) {
  stepNo++
  process.stdout.write(`\n── ${stepNo}. ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}\n`)
}

/** Runs a command, streaming its output, and rejects when it exits non-zero. */
function run(cmd, args, { cwd = root, env = {}, capture = false } = {}) {
  process.stdout.write(`$ ${[cmd === process.execPath ? 'node' : cmd, ...args].map((a) => a.replace(root, '.')).join(' ')}\n`)
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
      else reject(new Error(`${cmd === process.execPath ? 'node' : cmd} ${args.join(' ')} exited with ${code ?? signal}`))
    })
  })
}

const pdk = (args, options) => run(process.execPath, [pdkBin, ...args], options)

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'pdk-tour-'))
  cleanups.push(() => rm(work, { recursive: true, force: true }))
  process.stdout.write(`pdk tour in ${work}\n`)

  header('Validate the example plugins')
  const pluginsDir = join(root, 'examples', 'plugins')
  for (const name of (await readdir(pluginsDir)).sort()) {
    await pdk(['validate', join(pluginsDir, name), '--no-typecheck'])
  }
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
