// How fast `pdk` starts, against `node -e 0` and a minimal oclif CLI with a manifest, as processes.
// Goals (issue 3): --version and --help ≤ 4× node -e 0; validate of a small plugin ≤ 5×, judged
// on the default invocation, which reuses the cached result of an unchanged project (warm; the
// warm-up rounds fill the cache). The cold figure (--no-cache: every check runs, the entry
// check's child process included) is reported beside it, without a goal.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compare, measure, report, runProcess } from './lib/measure.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const node = process.execPath
const pdk = join(root, 'packages', 'cli', 'bin', 'run.js')
const mini = join(root, 'bench', 'fixtures', 'minimal-oclif', 'bin', 'run.js')
const example = ['greeter', 'store', 'weather']
  .map((n) => join(root, 'examples', 'plugins', n))
  .find((d) => existsSync(d))
const env = { ...process.env, NO_COLOR: '1', CI: '1' }
const proc = (args) => () => runProcess(node, args, { env, allowFail: true })
const opts = { rounds: 21, warmup: 3 }

const baseline = proc(['-e', '0'])
const measures = []
const versus = async (id, args, goal) => {
  const m = await compare(id, { subject: proc(args), peer: baseline, peerName: 'node -e 0', goal, ...opts })
  measures.push(m)
  return m
}

await versus('pdk --version', [pdk, '--version'], 4)
await versus('pdk --help', [pdk, '--help'], 4)
const oclif = await compare('minimal oclif CLI (manifest) hello', {
  subject: proc([mini, 'hello']),
  peer: baseline,
  peerName: 'node -e 0',
  ...opts,
})
measures.push(oclif)
if (example) {
  const name = `pdk validate examples/plugins/${example.split('/').pop()} --no-typecheck`
  await versus(`${name} (warm cache)`, [pdk, 'validate', example, '--no-typecheck'], 5)
  await versus(`${name} --no-cache (cold)`, [pdk, 'validate', example, '--no-typecheck', '--no-cache'], undefined)
}
const help = measures.find((m) => m.id === 'pdk --help')
measures.push(
  measure('pdk --help vs minimal oclif', {
    value: help.value,
    peerValue: oclif.value,
    peerName: 'minimal oclif',
    unit: 'ms',
  }),
)
await report('cli-start', measures)
