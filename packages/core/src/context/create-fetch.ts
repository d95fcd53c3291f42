import { PdkError } from '../errors.js'

const MAX_REDIRECTS = 10

/**
 * `ctx.fetch`: the platform fetch, limited to the hosts in `permissions.network`. Redirects are
 * followed by hand so that a redirect cannot lead outside the granted hosts.
 */
export function createFetch(network: readonly string[], plugin: { name: string; version: string }): typeof fetch {
  const allowed = network.map(parseEntry)
  const check = (url: URL) => {
    if (allowed.some((entry) => matches(entry, url))) return
    const target = `${url.hostname}:${portOf(url)}`
    throw new PdkError('PDK_PERMISSION_DENIED', `Plugin "${plugin.name}" may not fetch ${target}.`, {
      hint: `Add "${url.hostname}" to pdk.permissions.network in its package.json and have the host policy grant it.`,
      details: { plugin: plugin.name, version: plugin.version, step: 'fetch', url: url.href, network: [...network] },
    })
  }
  const limited = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let request = new Request(input, init)
    const manual = init?.redirect === 'manual' || (input instanceof Request && input.redirect === 'manual')
    for (let hop = 0; ; hop++) {
      check(new URL(request.url))
      const response = await fetch(request, { redirect: 'manual' })
      const location = response.headers.get('location')
      if (manual || location === null || response.status < 300 || response.status > 399) return response
      if (hop === MAX_REDIRECTS) {
        throw new PdkError('PDK_LIMIT_EXCEEDED', `More than ${MAX_REDIRECTS} redirects from ${input}.`, {
          details: { plugin: plugin.name, version: plugin.version, step: 'fetch' },
        })
      }
      const next = new URL(location, request.url)
      const keepBody = response.status === 307 || response.status === 308
      request = new Request(
        next,
        keepBody ? request : { method: 'GET', headers: request.headers, signal: request.signal },
      )
    }
  }
  return limited as typeof fetch
}

interface Entry {
  host: string
  wildcard: boolean
  port: string | undefined
}

function parseEntry(entry: string): Entry {
  const [hostPart = '', port] = entry.toLowerCase().split(':')
  const wildcard = hostPart.startsWith('*.')
  return { host: wildcard ? hostPart.slice(1) : hostPart, wildcard, port }
}

function matches(entry: Entry, url: URL): boolean {
  if (entry.port !== undefined && entry.port !== portOf(url)) return false
  const hostname = url.hostname.toLowerCase()
  return entry.wildcard ? hostname.endsWith(entry.host) : hostname === entry.host
}

function portOf(url: URL): string {
  if (url.port !== '') return url.port
  return url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : ''
}
