// `pdk verify` of a signed 500-file package folder, in process, against a bare script that
// hashes the same files with sha512 and checks one ed25519 signature. Goal (issue 7): ≤ 1.5×.
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compare, report } from './lib/measure.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const cli = join(root, 'packages', 'cli', 'dist')
const { generateKey, signPlugin, trustKey, verifyPlugin } = await import(join(cli, 'index.js'))

const FILES = 500
const dir = mkdtempSync(join(tmpdir(), 'pdk-bench-verify-'))
const pkgDir = join(dir, 'plugin')
const config = join(dir, 'config')
try {
  mkdirSync(join(pkgDir, 'dist'), { recursive: true })
  writeFileSync(
    join(pkgDir, 'package.json'),
    JSON.stringify({ name: 'pdk-plugin-bench-verify', version: '1.0.0', type: 'module', files: ['dist'] }),
  )
  for (let i = 0; i < FILES - 1; i++) {
    mkdirSync(join(pkgDir, 'dist', `m${i % 25}`), { recursive: true })
    writeFileSync(
      join(pkgDir, 'dist', `m${i % 25}`, `file-${i}.js`),
      `export const v${i} = ${JSON.stringify('x'.repeat(1500 + i))}\n`,
    )
  }
  await generateKey({ cwd: dir, configDir: config, name: 'bench' })
  const trusted = join(dir, 'trusted.json')
  await trustKey({ cwd: dir, configDir: config, file: join(config, 'keys', 'bench.pub'), trusted })
  await signPlugin({ cwd: pkgDir, key: join(config, 'keys', 'bench.key'), configDir: config })

  const subject = async () => {
    const result = await verifyPlugin({ cwd: dir, target: pkgDir, trusted, configDir: config })
    if (!result.ok || result.files !== FILES) throw new Error(`verify failed: ${JSON.stringify(result.findings)}`)
  }

  // The bare script: walk the folder, sha512 every file, one ed25519 check over the list.
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const walk = async (d) =>
    (
      await Promise.all(
        (
          await readdir(d, { withFileTypes: true })
        ).map((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)])),
      )
    ).flat()
  const listing = async () => {
    const files = (await walk(pkgDir)).filter((f) => !f.endsWith('pdk-signature.json')).sort()
    const hashes = await Promise.all(
      files.map(
        async (f) =>
          `${relative(pkgDir, f)} ${createHash('sha512')
            .update(await readFile(f))
            .digest('base64')}`,
      ),
    )
    return Buffer.from(hashes.join('\n'))
  }
  const signature = sign(null, await listing(), privateKey)
  const pub = createPublicKey(publicKey.export({ type: 'spki', format: 'pem' }))
  const peer = async () => {
    if (!verify(null, await listing(), pub, signature)) throw new Error('bare verify failed')
  }
  const measures = [
    await compare(`pdk verify (${FILES}-file package)`, {
      subject,
      peer,
      peerName: 'sha512 + ed25519 script',
      goal: 1.5,
      rounds: 15,
    }),
  ]
  await report('verify', measures)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
