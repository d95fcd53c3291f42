// `pdk test` against plain `vitest run` on the same plugin project with 3 trivial tests, both
// as processes from a cold start. Goal (issue 5): pdk test ≤ 1.2× vitest run. pdk pays for its
// CLI start, the @pdk/testing setup file and the result collector on top of vitest's own work.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compare, report, runProcess } from './lib/measure.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const pdk = join(root, 'packages', 'cli', 'bin', 'run.js')
const fromTesting = createRequire(join(root, 'packages', 'testing', 'package.json'))
const vitestDir = dirname(realpathSync(fromTesting.resolve('vitest/package.json')))

// A plugin project as `pdk init` leaves it, dependencies linked from the workspace.
const dir = mkdtempSync(join(tmpdir(), 'pdk-bench-test-'))
const write = (path, text) => {
  mkdirSync(dirname(join(dir, path)), { recursive: true })
  writeFileSync(join(dir, path), text)
}
const link = (path, target) => {
  mkdirSync(dirname(join(dir, path)), { recursive: true })
  symlinkSync(target, join(dir, path), 'dir')
}
write('package.json', JSON.stringify({ name: 'pdk-plugin-bench', version: '1.0.0', type: 'module' }))
write('src/index.ts', 'export const add = (a: number, b: number) => a + b\n')
write(
  'test/add.test.ts',
  `import { expect, it } from 'vitest'
import { add } from '../src/index.js'
it('adds', () => { expect(add(1, 2)).toBe(3) })
it('adds zero', () => { expect(add(1, 0)).toBe(1) })
it('adds negatives', () => { expect(add(-1, -2)).toBe(-3) })
`,
)
link('node_modules/vitest', vitestDir)
link('node_modules/@pdk/testing', join(root, 'packages', 'testing'))
link('node_modules/@pdk/core', join(root, 'packages', 'core'))

const env = { ...process.env, NO_COLOR: '1', CI: '1' }
const subject = () => runProcess(process.execPath, [pdk, 'test', dir], { env })
const peer = () =>
  runProcess(process.execPath, [join(vitestDir, 'vitest.mjs'), 'run', '--root', dir], { env, cwd: dir })

try {
  const measures = [
    await compare('pdk test (3 trivial tests)', {
      subject,
      peer,
      peerName: 'vitest run',
      goal: 1.2,
      rounds: 11,
      warmup: 2,
    }),
  ]
  await report('test', measures)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
