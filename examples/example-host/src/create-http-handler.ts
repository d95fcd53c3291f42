import type { IncomingMessage, ServerResponse } from 'node:http'
import { type Host, isPdkError, PdkError } from '@pdk/core'
import { builtinRoutes, routeTable } from './http-routes.js'

/** What the HTTP server needs of the embedded host. */
export type ServedHost = Pick<
  Host,
  | 'name'
  | 'version'
  | 'list'
  | 'health'
  | 'metricsText'
  | 'request'
  | 'emit'
  | 'broadcast'
  | 'callHook'
  | 'restartPlugin'
  | 'reload'
>

const MAX_BODY_BYTES = 1_000_000
const EVENT_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new PdkError('PDK_USAGE', `The path segment "${segment}" is not valid percent-encoding`, {
      hint: 'Encode names with encodeURIComponent.',
    })
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) {
      throw new PdkError('PDK_LIMIT_EXCEEDED', `The request body is over ${MAX_BODY_BYTES} bytes`, {
        hint: 'Send a smaller JSON body.',
      })
    }
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new PdkError('PDK_USAGE', `The request body is not JSON: ${(error as Error).message}`, {
      hint: 'Send a JSON body with content-type application/json, or no body.',
    })
  }
}

// The caller's mistake, wherever it was noticed: here, or in a plugin's handler (whose own
// error arrives wrapped, with the original code somewhere in its cause chain or details).
function isUsageError(error: PdkError): boolean {
  const codes = [error.code, error.details.originalCode, (error.cause as { code?: unknown } | undefined)?.code]
  return codes.some((code) => code === 'PDK_USAGE' || code === 'PDK_INVALID_ARGUMENT')
}

function statusOf(error: PdkError): number {
  if (isUsageError(error)) return 400
  switch (error.code) {
    case 'PDK_NOT_FOUND':
    case 'PDK_NO_HANDLER':
      return 404
    case 'PDK_LIMIT_EXCEEDED':
      return 413
    case 'PDK_NOT_RUNNING':
    case 'PDK_CIRCUIT_OPEN':
      return 503
    // The new version was refused or failed; the running one still serves.
    case 'PDK_RELOAD_FAILED':
      return 409
    case 'PDK_TIMEOUT':
      return 504
    default:
      return 500
  }
}

/** The example host's HTTP API over an embedded host; every plugin call goes through the host's public API. */
export function createHttpHandler(host: ServedHost): (req: IncomingMessage, res: ServerResponse) => void {
  async function pluginRoutes() {
    return routeTable(await host.callHook('http.routes', []))
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const method = req.method ?? 'GET'
    const path = url.pathname
    const segments = path.split('/').filter(Boolean).map(decodeSegment)

    if (method === 'GET' && path === '/') {
      return send(res, 200, {
        name: host.name,
        version: host.version,
        routes: [...builtinRoutes, ...(await pluginRoutes())],
      })
    }
    if (method === 'GET' && path === '/health') {
      const health = await host.health()
      return send(res, health.status === 'error' ? 503 : 200, health)
    }
    if (method === 'GET' && path === '/metrics') {
      const text = host.metricsText()
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
      return void res.end(text)
    }
    if (method === 'GET' && path === '/plugins') return send(res, 200, host.list())
    if (method === 'GET' && path === '/routes') return send(res, 200, await pluginRoutes())
    if (method === 'POST' && segments[0] === 'events' && segments.length === 2) {
      const name = segments[1]!
      if (!EVENT_NAME.test(name)) {
        throw new PdkError('PDK_USAGE', `"${name}" is not an event name`, {
          hint: 'Use dot-separated segments of letters, digits, "_" and "-", e.g. user.created.',
        })
      }
      await host.emit(name, await readJson(req))
      return send(res, 202, { emitted: name })
    }
    if (method === 'POST' && segments[0] === 'broadcast' && segments.length === 2) {
      return send(res, 200, await host.broadcast(segments[1]!, await readJson(req)))
    }
    if (method === 'POST' && segments[0] === 'plugins' && segments[2] === 'messages' && segments.length === 4) {
      return send(res, 200, await host.request(segments[1]!, segments[3]!, await readJson(req)))
    }
    if (method === 'POST' && segments[0] === 'plugins' && segments[2] === 'restart' && segments.length === 3) {
      await host.restartPlugin(segments[1]!)
      return send(res, 200, host.list().find((info) => info.name === segments[1]) ?? null)
    }
    if (method === 'POST' && segments[0] === 'plugins' && segments[2] === 'reload' && segments.length === 3) {
      return send(res, 200, await host.reload(segments[1]!))
    }

    const route = (await pluginRoutes()).find((candidate) => candidate.method === method && candidate.path === path)
    if (route) {
      const payload = method === 'GET' ? Object.fromEntries(url.searchParams) : await readJson(req)
      return send(res, 200, await host.request(route.plugin, route.topic, payload))
    }
    send(res, 404, {
      error: {
        code: 'PDK_NOT_FOUND',
        message: `No route for ${method} ${path}`,
        hint: 'GET / lists the routes this host and its plugins answer.',
      },
    })
  }

  return (req, res) => {
    handle(req, res).catch((thrown: unknown) => {
      const error = isPdkError(thrown) ? thrown : PdkError.from(thrown)
      if (res.headersSent) return void res.destroy(error)
      send(res, statusOf(error), { error: error.toJSON() })
    })
  }
}
