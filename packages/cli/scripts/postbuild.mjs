#!/usr/bin/env node
// Writes oclif.manifest.json so `pdk` reads command metadata instead of importing every
// command at start-up (see docs/decisions/001-cli-start-up.md).
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const pkg = dirname(dirname(fileURLToPath(import.meta.url)))
const oclif = join(pkg, '..', '..', 'node_modules', 'oclif', 'bin', 'run.js')
const result = spawnSync(process.execPath, [oclif, 'manifest'], { cwd: pkg, stdio: ['ignore', 'ignore', 'inherit'] })
process.exit(result.status ?? 1)
