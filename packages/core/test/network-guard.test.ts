// permissions.network in isolated plugins: in a real worker thread and a real child process, a
// plugin reaches the hosts it was granted through fetch, http and net, and nothing else (another
// port, another host, a Unix socket, UDP). Runs against dist (the isolates' entries are built).
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Host } from '@pdk/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startProbe } from './helpers/start-probe.js'

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
  const name = `probe-${isolation}-${network.length}`
  const host = await startProbe({ root, name, isolation, permissions: { network }, code: PROBE })
  hosts.push(host)
  return { host, name }
}

type Outcome = { ok: boolean; value?: unknown; code?: string; message?: string }

for (const isolation of ['worker', 'process'] as const) {
  describe(`permissions.network in a ${isolation}`, () => {
    it('lets a plugin reach its granted host by fetch, ctx.fetch, http and net', async () => {
      const { host, name } = await start(isolation, [`127.0.0.1:${port}`])
      const url = `http://127.0.0.1:${port}/`
      for (const topic of ['fetch', 'ctxFetch', 'get']) {
        expect(await host.request<Outcome>(name, topic, { url }), topic).toEqual({ ok: true, value: 200 })
      }
      expect(await host.request(name, 'dial', { host: '127.0.0.1', port })).toEqual({ ok: true, value: 'connected' })
    })

    it('refuses every other way out, naming the plugin and what it may reach', async () => {
      const { host, name } = await start(isolation, [])
      const url = `http://127.0.0.1:${port}/`
      for (const topic of ['fetch', 'get']) {
        const outcome = await host.request<Outcome>(name, topic, { url })
        expect(outcome, topic).toMatchObject({ ok: false, code: 'PDK_PERMISSION_DENIED' })
        expect(outcome.message).toMatch(`Plugin "${name}" may not connect to 127.0.0.1:${port}`)
      }
      expect(await host.request(name, 'dial', { host: 'localhost', port })).toMatchObject({
        ok: false,
        code: 'PDK_PERMISSION_DENIED',
      })
      expect(await host.request(name, 'dial', { path: join(root, 'some.sock') })).toMatchObject({
        ok: false,
        code: 'PDK_PERMISSION_DENIED',
        message: expect.stringMatching(/Unix sockets/),
      })
      expect(await host.request(name, 'udp')).toEqual({ ok: false, code: 'PDK_PERMISSION_DENIED' })
    })
  })
}
