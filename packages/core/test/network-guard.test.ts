// permissions.network in isolated plugins: in a real worker thread and a real child process, a
// plugin reaches the hosts it was granted through fetch, http and net, and nothing else (another
// port, another host, a Unix socket, UDP). Runs against dist (the isolates' entries are built).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHost, type Host } from '@pdk/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const MARK = "[Symbol.for('pdk.plugin')]: true"

// Tries each way out and reports what happened, without throwing.
const PROBE = `import http from 'node:http'
import net from 'node:net'
import { createSocket } from 'node:dgram'
const outcome = (promise) => promise.then((value) => ({ ok: true, value }), (error) => ({ ok: false, code: error.code ?? error.cause?.code, message: String(error.cause?.message ?? error.message) }))
const get = (url) => new Promise((resolve, reject) => http.get(url, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)) }).on('error', reject))
const dial = (options) => new Promise((resolve, reject) => { const s = net.connect(options, () => { s.end(); resolve('connected') }); s.on('error', reject) })
export default { ${MARK},
  messages: {
    fetch: ({ url }) => outcome(fetch(url).then((r) => r.status)),
    ctxFetch: ({ url }, ctx) => outcome(ctx.fetch(url).then((r) => r.status)),
    get: ({ url }) => outcome(get(url)),
    dial: (options) => outcome(dial(options)),
    udp: () => outcome(new Promise((resolve) => resolve(createSocket('udp4')))).then((r) => ({ ok: r.ok, code: r.code })),
  },
}
`

let server: Server
let port: number
let root: string
const hosts: Host[] = []

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  root = await mkdtemp(join(tmpdir(), 'pdk-net-guard-'))
})

afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()))
  server.close()
  await rm(root, { recursive: true, force: true })
})

async function start(isolation: 'worker' | 'process', network: string[]) {
  const dir = join(root, `${isolation}-${network.length}`)
  await mkdir(dir, { recursive: true })
  const manifest = {
    name: 'probe',
    version: '1.0.0',
    type: 'module',
    main: 'index.js',
    pdk: {
      manifestVersion: 1,
      kind: 'extension',
      host: { name: 'net-host', range: '^1.0.0' },
      isolation,
      permissions: { network },
    },
  }
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest))
  await writeFile(join(dir, 'index.js'), PROBE)
  const host = await createHost({
    name: 'net-host',
    version: '1.0.0',
    cwd: root,
    plugins: [dir],
    policy: { grant: (m) => m.pdk.permissions },
    storage: { dir: join(root, 'storage', `${isolation}-${network.length}`) },
    logger: () => {},
  })
  hosts.push(host)
  await host.start()
  return host
}

type Outcome = { ok: boolean; value?: unknown; code?: string; message?: string }

for (const isolation of ['worker', 'process'] as const) {
  describe(`permissions.network in a ${isolation}`, () => {
    it('lets a plugin reach its granted host by fetch, ctx.fetch, http and net', async () => {
      const host = await start(isolation, [`127.0.0.1:${port}`])
      const url = `http://127.0.0.1:${port}/`
      for (const topic of ['fetch', 'ctxFetch', 'get']) {
        expect(await host.request<Outcome>('probe', topic, { url }), topic).toEqual({ ok: true, value: 200 })
      }
      expect(await host.request('probe', 'dial', { host: '127.0.0.1', port })).toEqual({ ok: true, value: 'connected' })
    })

    it('refuses every other way out, naming the plugin and what it may reach', async () => {
      const host = await start(isolation, [])
      const url = `http://127.0.0.1:${port}/`
      for (const topic of ['fetch', 'get']) {
        const outcome = await host.request<Outcome>('probe', topic, { url })
        expect(outcome, topic).toMatchObject({ ok: false, code: 'PDK_PERMISSION_DENIED' })
        expect(outcome.message).toMatch(`Plugin "probe" may not connect to 127.0.0.1:${port}`)
      }
      expect(await host.request('probe', 'dial', { host: 'localhost', port })).toMatchObject({
        ok: false,
        code: 'PDK_PERMISSION_DENIED',
      })
      expect(await host.request('probe', 'dial', { path: join(root, 'some.sock') })).toMatchObject({
        ok: false,
        code: 'PDK_PERMISSION_DENIED',
        message: expect.stringMatching(/Unix sockets/),
      })
      expect(await host.request('probe', 'udp')).toEqual({ ok: false, code: 'PDK_PERMISSION_DENIED' })
    })
  })
}
