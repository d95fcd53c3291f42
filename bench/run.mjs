#!/usr/bin/env node
// `npm run bench` runs every bench/*.bench.mjs, `npm run bench -- NAME [NAME…]` the named ones,
// each in its own Node process (so one benchmark's warm caches do not help the next).
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = dirname(fileURLToPath(import.meta.url))
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .map((f) => f.slice(0, -'.bench.mjs'.length))
  .sort()
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const unknown = wanted.filter((w) => !all.includes(w))
if (unknown.length) {
  process.stderr.write(`Unknown benchmark ${unknown.map((u) => `"${u}"`).join(', ')}. Available: ${all.join(', ')}\n`)
  process.exit(2)
}
let failed = 0
for (const name of wanted.length ? wanted : all) {
  process.stderr.write(`\n[bench] ${name}\n`)
  const result = spawnSync(process.execPath, ['--expose-gc', join(dir, `${name}.bench.mjs`)], { stdio: 'inherit' })
  if (result.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
