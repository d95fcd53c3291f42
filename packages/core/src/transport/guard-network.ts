import dgram from 'node:dgram'
import { syncBuiltinESMExports } from 'node:module'
import net from 'node:net'
import { PdkError } from '../errors.js'

/** A granted `permissions.network` entry: `host`, `host:port` or `*.domain[:port]`. */
interface Allowed {
  host: string
  wildcard: boolean
  port: number | undefined
}

/**
 * Limits every outgoing connection of an isolated plugin to its granted `permissions.network`
 * hosts: TCP and TLS (so `http`, `https`, `http2`, `fetch` and anything else built on
 * `net.Socket`), by host name before any lookup; Unix sockets and UDP are refused outright (the
 * manifest has no grammar for them). Installed in the plugin's own worker or process before its
 * entry is imported; each isolate has its own `net` module, so the host is untouched. A process
 * runs under Node's permission model, which refuses `process.binding`, so this is the boundary
 * there; a worker could reach the raw bindings, so there it only stops the ordinary ways.
 */
export function guardNetwork(network: readonly string[], plugin: { name: string; version: string }): void {
  const allowed = network.map(parseAllowed)
  const refuse = (target: string, why: string): PdkError =>
    new PdkError('PDK_PERMISSION_DENIED', `Plugin "${plugin.name}" may not connect to ${target}: ${why}.`, {
      hint:
        network.length === 0
          ? `It may connect nowhere. Add the host to pdk.permissions.network in its package.json and have the host policy grant it.`
          : `It may connect to ${network.join(', ')}. Add the host to pdk.permissions.network in its package.json and have the host policy grant it.`,
      details: { plugin: plugin.name, version: plugin.version, step: 'network', target, network: [...network] },
    })

  const connect = net.Socket.prototype.connect
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = targetOf(args)
    const denied =
      target.path !== undefined
        ? refuse(target.path, 'Unix sockets and named pipes are not granted to plugins')
        : allowed.some((entry) => matches(entry, target.host, target.port))
          ? undefined
          : refuse(`${target.host}:${target.port}`, 'the host is not in its granted permissions.network')
    if (denied === undefined) return (connect as (...a: unknown[]) => net.Socket).apply(this, args)
    // As a refused connection would: the socket errors on the next tick.
    process.nextTick(() => this.destroy(denied))
    return this
  } as typeof connect

  dgram.createSocket = ((..._args: unknown[]) => {
    throw refuse('a UDP socket', 'UDP is not granted to plugins')
  }) as typeof dgram.createSocket
  // `import { createSocket } from 'node:dgram'` sees the replacement too.
  syncBuiltinESMExports()
}

/** Where `socket.connect(...)` goes, from any of its call forms. */
function targetOf(args: unknown[]): { host: string; port: number; path?: string } {
  let first = args[0]
  // `net.connect` and `tls.connect` pass `[options, callback]` as one normalized array.
  if (Array.isArray(first)) first = first[0]
  if (first !== null && typeof first === 'object') {
    const options = first as { host?: unknown; port?: unknown; path?: unknown }
    if (typeof options.path === 'string') return { host: '', port: 0, path: options.path }
    return { host: hostOf(options.host), port: Number(options.port) }
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { host: '', port: 0, path: first }
  return { host: hostOf(args[1]), port: Number(first) }
}

function hostOf(host: unknown): string {
  const name = typeof host === 'string' && host !== '' ? host : 'localhost'
  return name.toLowerCase().replace(/^\[(.*)\]$/, '$1')
}

function parseAllowed(entry: string): Allowed {
  const match = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase())
  let host = match?.[1] ?? entry
  const wildcard = host.startsWith('*.')
  if (wildcard) host = host.slice(1)
  return {
    host: host.replace(/^\[(.*)\]$/, '$1'),
    wildcard,
    port: match?.[2] === undefined ? undefined : Number(match[2]),
  }
}

function matches(entry: Allowed, host: string, port: number): boolean {
  if (entry.port !== undefined && entry.port !== port) return false
  return entry.wildcard ? host.endsWith(entry.host) : host === entry.host
}
