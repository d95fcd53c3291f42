#!/usr/bin/env node
// The `pdk` bin. Kept tiny: it checks the Node version before anything else can fail on an
// old Node, enables the module compile cache, answers `--version` and the root help without
// loading oclif (the help from oclif.manifest.json, in oclif's layout), runs a plain
// `pdk validate …`, `pdk init …` or `pdk build …` command line without oclif too (flags read from oclif.manifest.json),
// and otherwise hands over to oclif, which reads oclif.manifest.json instead of importing commands.
import module from 'node:module'

const ENGINES = '^22.22.2 || ^24.15.0 || >=26.0.0'
const [major = 0, minor = 0, patch = 0] = process.versions.node.split('.').map(Number)
const at = (a, b, c) => major > a || (major === a && (minor > b || (minor === b && patch >= c)))
const supported = (major === 22 && at(22, 22, 2)) || (major === 24 && at(24, 15, 0)) || major >= 26
if (!supported) {
  process.stderr.write(
    `pdk needs Node ${ENGINES}, but this is Node ${process.versions.node}: install Node 22.22.2 or later (https://nodejs.org) and run pdk again.\n`,
  )
  process.exit(1)
}

module.enableCompileCache?.()

const args = process.argv.slice(2)
// The commands src/dispatch/fast-command.ts can run without oclif.
const FAST = new Set(['validate', 'init', 'build'])
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v' || args[0] === 'version')) {
  const { readFileSync } = await import('node:fs')
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(
    `${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-v${process.versions.node}\n`,
  )
} else if (args.length === 0 || (args.length === 1 && (args[0] === '--help' || args[0] === '-h'))) {
  const { renderRootHelp } = await import('../dist/render/root-help.js')
  process.stdout.write(renderRootHelp(new URL('../', import.meta.url)))
} else if (!(FAST.has(args[0]) && (await withoutOclif(args[0], args.slice(1))))) {
  const { execute } = await import('@oclif/core')
  await execute({ dir: import.meta.url })
}

/** Runs a plain `pdk <id> …` command line without oclif; false when oclif must judge it (then nothing ran). */
async function withoutOclif(id, argv) {
  const { fastCommand } = await import('../dist/dispatch/fast-command.js')
  return fastCommand(id, argv, new URL('../', import.meta.url))
}
