#!/usr/bin/env node
// Builds every workspace package: each package's optional scripts/prebuild.mjs (code
// generation), one incremental `tsc -b` over the solution, then each package's optional
// scripts/postbuild.mjs (oclif manifest, copied assets). Runs on Node 22 via pnpm.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const quiet = process.argv.includes('--quiet')
// Dependency order: core first, templates (data), testing (-> core), cli (-> all).
const packages = ['core', 'templates', 'testing', 'cli']

function step(label, cmd, args, cwd = root) {
  if (!quiet) process.stderr.write(`[build] ${label}\n`)
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 2, 2] })
  if (result.status !== 0) {
    process.stderr.write(`[build] failed: ${label}\n`)
    process.exit(result.status ?? 1)
  }
}

for (const name of packages) {
  const dir = join(root, 'packages', name)
  const script = join(dir, 'scripts', 'prebuild.mjs')
  if (existsSync(script)) step(`${name}: prebuild`, process.execPath, [script], dir)
}
step('tsc -b', process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json'])
for (const name of packages) {
  const dir = join(root, 'packages', name)
  const script = join(dir, 'scripts', 'postbuild.mjs')
  if (existsSync(script)) step(`${name}: postbuild`, process.execPath, [script], dir)
}
