// searchPlugins() in process against a local Verdaccio holding 200 plugins, against a bare
// script doing the same search requests and packument reads with the same concurrency (8).
// Goal (issue 7): ≤ 1.5×.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startLocalRegistry } from '../scripts/lib/local-registry.mjs'
import { compare, report } from './lib/measure.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const cli = join(root, 'packages', 'cli')
const require = createRequire(join(cli, 'package.json'))
const { publish } = require('libnpmpublish')
const { searchPlugins } = await import(join(cli, 'dist', 'index.js'))
const { createTarball } = await import(join(cli, 'dist', 'lib', 'registry', 'create-tarball.js'))

const PLUGINS = 200
const CONCURRENCY = 8
const registry = await startLocalRegistry()
const dir = mkdtempSync(join(tmpdir(), 'pdk-bench-search-'))
const kinds = ['system', 'integration', 'extension']
try {
  const auth = { registry: registry.url, [`${registry.url.replace(/^http:/, '')}:_authToken`]: registry.token }
  for (let i = 0; i < PLUGINS; i += 20) {
    await Promise.all(
      Array.from({ length: 20 }, async (_, j) => {
        const n = i + j
        const manifest = {
          name: `pdk-plugin-bench-${String(n).padStart(3, '0')}`,
          version: '1.0.0',
          description: `Benchmark plugin number ${n}`,
          keywords: ['pdk-plugin'],
          type: 'module',
          pdk: {
            manifestVersion: 1,
            kind: kinds[n % 3],
            host: { name: 'example-host', range: n % 4 ? '^1.0.0' : '^2.0.0' },
          },
        }
        const folder = join(dir, manifest.name)
        mkdirSync(folder)
        writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest))
        await publish(manifest, await createTarball(folder, manifest, ['package.json']), auth)
      }),
    )
  }

  const subject = async () => {
    const result = await searchPlugins({
      cwd: dir,
      registry: registry.url,
      host: 'example-host@1.0.0',
      concurrency: CONCURRENCY,
    })
    if (result.total !== PLUGINS) throw new Error(`searchPlugins found ${result.total} plugins, not ${PLUGINS}`)
  }
  // The bare script: the same two search requests (with, then without the keyword qualifier
  // Verdaccio ignores), then every hit's packument, 8 at a time, with fetch and JSON.parse.
  const peer = async () => {
    const search = async (text) =>
      (await (await fetch(`${registry.url}-/v1/search?text=${encodeURIComponent(text)}&size=250&from=0`)).json())
        .objects
    let hits = await search('keywords:pdk-plugin')
    if (hits.length === 0) hits = await search('')
    const names = hits.map((h) => h.package.name)
    const found = []
    let next = 0
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < names.length) {
          const name = names[next++]
          const doc = await (await fetch(`${registry.url}${name}`, { headers: { accept: 'application/json' } })).json()
          if (doc.versions?.[doc['dist-tags'].latest]?.pdk) found.push(name)
        }
      }),
    )
    if (found.length !== PLUGINS) throw new Error(`the bare script found ${found.length} plugins, not ${PLUGINS}`)
  }
  const measures = [
    await compare(`searchPlugins() over ${PLUGINS} plugins`, {
      subject,
      peer,
      peerName: 'bare fetch script',
      goal: 1.5,
      rounds: 11,
      warmup: 2,
    }),
  ]
  await report('search', measures)
} finally {
  await registry.stop()
  rmSync(dir, { recursive: true, force: true })
}
