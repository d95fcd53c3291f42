import type { IncomingMessage, ServerResponse } from 'node:http'
import { type createHost, isPdkError } from '@pdk/core'

type Host = Awaited<ReturnType<typeof createHost>>

const MAX_BODY = 1_000_000

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw Object.assign(new Error(`The request body is over ${MAX_BODY} bytes.`), { status: 413 })
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw Object.assign(new Error('The request body is not JSON.'), { status: 400 })
  }
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type })
  res.end(type === 'application/json' ? `${JSON.stringify(body)}\n` : String(body))
}

/**
 * The host's HTTP API:
 * - `POST /plugins/NAME/TOPIC` with a JSON body: `host.request(NAME, TOPIC, body)`, answered as JSON
 * - `GET /plugins`: the plugins and their states
 * - `GET /health`: the host's and each plugin's health (503 when not ok)
 * - `GET /metrics`: Prometheus text
 */
export function createHttpHandler(host: Host) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://host')
    try {
      if (req.method === 'GET' && url.pathname === '/plugins') return send(res, 200, host.list())
      if (req.method === 'GET' && url.pathname === '/health') {
        const health = await host.health()
        return send(res, health.status === 'ok' ? 200 : 503, health)
      }
      if (req.method === 'GET' && url.pathname === '/metrics') {
        return send(res, 200, host.metricsText(), 'text/plain; version=0.0.4')
      }
      const call = /^\/plugins\/((?:@[^/]+\/)?[^/]+)\/([^/]+)$/.exec(url.pathname)
      if (req.method === 'POST' && call) {
        const [, name, topic] = call.map((part) => decodeURIComponent(part))
        return send(res, 200, await host.request(name!, topic!, await readJson(req)))
      }
      send(res, 404, { error: { code: 'NOT_FOUND', message: `No route ${req.method} ${url.pathname}` } })
    } catch (error) {
      if (isPdkError(error)) {
        const status = error.code === 'PDK_NO_HANDLER' || error.code === 'PDK_NOT_FOUND' ? 404 : error.code === 'PDK_USAGE' ? 400 : 500
        return send(res, status, { error: { code: error.code, message: error.message, hint: error.hint } })
      }
      const status = (error as { status?: number }).status ?? 500
      send(res, status, { error: { code: 'ERROR', message: (error as Error).message } })
    }
  }
}
