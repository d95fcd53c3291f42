// File system grants in isolated plugins: the same rules, and the same errors, in a real worker
// thread (enforced by the worker's own guard) and a real child process (Node's permission
// model): read the package, write only the granted folders inside the data folder.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Host } from '@pdk/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startProbe } from './helpers/start-probe.js'

const MARK = "[Symbol.for('pdk.plugin')]: true"

// Tries each kind of access and reports what happened, without throwing.
const PROBE = `import fs, { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
const attempt = async (fn) => { try { return { ok: true, value: await fn() } } catch (error) { return { ok: false, code: error.code } } }
export default { ${MARK},
  messages: {
    readOwn: () => attempt(() => JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).name),
    read: ({ path }) => attempt(() => readFileSync(path, 'utf8')),
    readPromise: ({ path }) => attempt(() => readFile(path, 'utf8')),
    readCallback: ({ path }) => attempt(() => new Promise((resolve, reject) => fs.readFile(path, 'utf8', (e, v) => (e ? reject(e) : resolve(v))))),
    exists: ({ path }) => attempt(() => existsSync(path)),
    writeData: (_, ctx) => attempt(async () => { const file = join(ctx.plugin.dataDir, 'cache', 'note.txt'); await writeFile(file, 'kept'); return readFileSync(file, 'utf8') }),
    writeOwn: () => attempt(() => writeFileSync(new URL('./written.txt', import.meta.url), 'no')),
  },
}
`

let root: string
let secret: string
const hosts: Host[] = []

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pdk-fs-guard-'))
  secret = join(root, 'secret.txt')
  await writeFile(secret, 'not for plugins')
})

afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()))
  await rm(root, { recursive: true, force: true })
})

async function start(isolation: 'worker' | 'process') {
  const name = `probe-${isolation}`
  const host = await startProbe({ root, name, isolation, permissions: { fs: { write: ['cache'] } }, code: PROBE })
  hosts.push(host)
  return { host, name }
}

const DENIED = { ok: false, code: 'ERR_ACCESS_DENIED' }

for (const isolation of ['worker', 'process'] as const) {
  describe(`file system grants in a ${isolation}`, () => {
    it('reads its package and writes its granted folder; nothing else, with the permission model’s error', async () => {
      const { host, name } = await start(isolation)
      expect(await host.request(name, 'readOwn')).toEqual({ ok: true, value: name })
      expect(await host.request(name, 'writeData')).toEqual({ ok: true, value: 'kept' })
      for (const topic of ['read', 'readPromise', 'readCallback']) {
        expect(await host.request(name, topic, { path: secret }), topic).toEqual(DENIED)
      }
      // Not "missing": denied, as Node's permission model says it.
      expect(await host.request(name, 'exists', { path: secret })).toEqual(DENIED)
      expect(await host.request(name, 'writeOwn')).toEqual(DENIED)
    })
  })
}
