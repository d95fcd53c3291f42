// How fast `pdk init` scaffolds, against create-vite scaffolding its vanilla-ts template, both
// as processes in the same run. Goal (issue 6): `pdk init --yes --no-install --no-git` ≤ 2.5×.
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compare, report, runProcess } from './lib/measure.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const pdk = join(root, 'packages', 'cli', 'bin', 'run.js')
const createViteDir = dirname(createRequire(join(root, 'package.json')).resolve('create-vite/package.json'))
const createVite = join(createViteDir, 'index.js')
const env = { ...process.env, NO_COLOR: '1', CI: '1', npm_config_user_agent: 'npm/11.0.0 node/v22' }
const work = await mkdtemp(join(tmpdir(), 'pdk-init-bench-'))
let n = 0

try {
  const measures = [
    await compare('pdk init --yes --no-install --no-git (extension)', {
      subject: () =>
        runProcess(process.execPath, [pdk, 'init', `plugin-${n++}`, '--yes', '--no-install', '--no-git'], {
          cwd: work,
          env,
        }),
      peer: () =>
        runProcess(process.execPath, [createVite, `vite-${n++}`, '--template', 'vanilla-ts'], { cwd: work, env }),
      peerName: 'create-vite vanilla-ts',
      goal: 2.5,
      rounds: 15,
      warmup: 3,
    }),
  ]
  await report('init', measures)
} finally {
  await rm(work, { recursive: true, force: true })
}
