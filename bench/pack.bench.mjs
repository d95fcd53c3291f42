// `pdk pack` against `npm pack` on the same plugin, both as processes writing a tarball into a
// temporary folder with lifecycle scripts off. Goal (issue 7): ≤ 1.2× npm pack.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compare, report, runProcess } from './lib/measure.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const pdk = join(root, 'packages', 'cli', 'bin', 'run.js')
const dir = mkdtempSync(join(tmpdir(), 'pdk-bench-pack-'))
const out = join(dir, 'out')
const plugin = join(dir, 'plugin')
mkdirSync(out)

// A plugin of a realistic size: a bundle, declarations, maps and a README, 40 files.
const files = {
  'package.json': JSON.stringify({
    name: 'pdk-plugin-bench-pack',
    version: '1.0.0',
    type: 'module',
    description: 'A plugin to pack',
    keywords: ['pdk-plugin'],
    license: 'MIT',
    files: ['dist'],
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'example-host', range: '^1.0.0' } },
  }),
  'README.md': '# bench\n'.repeat(50),
  'src/index.ts': 'export default {}\n',
}
for (let i = 0; i < 12; i++) {
  files[`dist/part-${i}.js`] = `export const part${i} = ${JSON.stringify('x'.repeat(2000))}\n`
  files[`dist/part-${i}.js.map`] = JSON.stringify({ version: 3, mappings: 'AAAA'.repeat(300) })
  files[`dist/part-${i}.d.ts`] = `export declare const part${i}: string\n`
}
files['dist/index.js'] = 'export default {}\n'
files['dist/index.d.ts'] = 'export {}\n'
for (const [path, content] of Object.entries(files)) {
  mkdirSync(dirname(join(plugin, path)), { recursive: true })
  writeFileSync(join(plugin, path), content)
}

const env = { ...process.env, NO_COLOR: '1', CI: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false' }
const subject = () => runProcess(process.execPath, [pdk, 'pack', '--destination', out], { cwd: plugin, env })
const peer = () => runProcess('npm', ['pack', '--pack-destination', out, '--ignore-scripts'], { cwd: plugin, env })

try {
  const measures = [
    await compare('pdk pack (40-file plugin)', { subject, peer, peerName: 'npm pack', goal: 1.2, rounds: 15 }),
  ]
  await report('pack', measures)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
