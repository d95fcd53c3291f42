import { quote } from '../describe-value.js'
import { isObject, type RuleContext, stringItems } from '../rule-context.js'

/** A `permissions.network` entry, parsed: `*.example.com:443` -> `{ host: 'example.com', wildcard: true, port: 443 }`. */
export interface NetworkEntry {
  host: string
  /** `*.domain`: any subdomain of `host` (not `host` itself). */
  wildcard: boolean
  port?: number
}

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
const HOST = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`)
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 }

/** Parses a `permissions.network` entry, or says what is wrong with it and what to write instead. */
export function parseNetworkEntry(entry: string): NetworkEntry | { problem: string; suggestion?: string } {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(entry)
  if (scheme) {
    const [, protocol = '', authority = ''] = scheme
    const port = DEFAULT_PORTS[protocol.toLowerCase()]
    const hasPort = /:\d+$/.test(authority)
    const suggestion = authority && (hasPort || port === undefined ? authority : `${authority}:${port}`)
    return { problem: `it has a scheme ("${protocol}://")`, ...(suggestion ? { suggestion } : {}) }
  }
  if (/[/?#]/.test(entry)) {
    return { problem: 'it has a path', suggestion: entry.replace(/[/?#].*$/, '') }
  }
  if (entry.trim() === '') return { problem: 'it is empty' }
  const match = /^(.*?)(?::(\d+))?$/.exec(entry)
  let host = match?.[1] ?? entry
  const portText = match?.[2]
  if (portText !== undefined) {
    const port = Number(portText)
    if (port < 1 || port > 65535) return { problem: `port ${portText} is outside 1–65535` }
  }
  const wildcard = host.startsWith('*.')
  if (wildcard) host = host.slice(2)
  if (host.includes('*')) {
    return { problem: 'a "*" may only stand for whole subdomains at the start ("*.example.com")' }
  }
  if (!HOST.test(host) && !(IPV6.test(host) && !wildcard)) {
    return { problem: `${quote(host)} is not a host name` }
  }
  return { host: host.toLowerCase(), wildcard, ...(portText === undefined ? {} : { port: Number(portText) }) }
}

/** `manifest/network`: entries are `host`, `host:port` or `*.domain[:port]`, no scheme, no path. */
export function checkNetwork({ pdk, report }: RuleContext): void {
  const permissions = pdk?.permissions
  if (!isObject(permissions) || !Array.isArray(permissions.network)) return
  for (const [entry, pointer] of stringItems(permissions.network, '/pdk/permissions/network')) {
    const parsed = parseNetworkEntry(entry)
    if (!('problem' in parsed)) continue
    report({
      rule: 'manifest/network',
      pointer,
      message: `pdk.permissions.network entry ${quote(entry)} is not a host: ${parsed.problem}.`,
      expected: '"host", "host:port" or "*.domain[:port]", such as "api.example.com:443"',
      found: quote(entry),
      hint: parsed.suggestion
        ? `Write ${quote(parsed.suggestion)}.`
        : 'Name the host and optionally the port, such as "api.example.com:443" or "*.example.com".',
    })
  }
}
