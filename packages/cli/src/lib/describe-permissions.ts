import type { Permissions } from '@pdk/core'

/** One permission a plugin asks for, in plain words. */
export interface PermissionLine {
  /** The manifest field it comes from (`fs.read`, `network`, `env`, `childProcess`…). */
  permission: string
  /** JSON pointer into package.json (`/pdk/permissions/network`). */
  pointer: string
  /** What the plugin may do, as a sentence for a person deciding whether to allow it. */
  text: string
  /** True for permissions that let a plugin escape the host's checks (processes, native code). */
  sensitive: boolean
}

/**
 * Says in plain words what a plugin's `permissions` allow; used by `pdk docs` and `pdk install`.
 * A plugin that asks for nothing gets one line saying so.
 * @example describePermissions({ env: ['TOKEN'] }) // [{ permission: 'env', text: 'Read the environment variable TOKEN.', … }]
 */
export function describePermissions(permissions: Permissions | undefined): PermissionLine[] {
  const lines: PermissionLine[] = []
  const p = permissions ?? {}
  const base = '/pdk/permissions'
  const read = p.fs?.read ?? []
  const write = p.fs?.write ?? []
  if (read.length > 0) {
    lines.push({
      permission: 'fs.read',
      pointer: `${base}/fs/read`,
      text: `Read files in its own package folder under ${list(read.map(code))}.`,
      sensitive: false,
    })
  }
  if (write.length > 0) {
    lines.push({
      permission: 'fs.write',
      pointer: `${base}/fs/write`,
      text: `Write files in its data folder under ${list(write.map(code))}.`,
      sensitive: false,
    })
  }
  if (p.network && p.network.length > 0) {
    lines.push({
      permission: 'network',
      pointer: `${base}/network`,
      text: `Connect over the network to ${list(p.network.map(describeHost))}.`,
      sensitive: false,
    })
  }
  if (p.env && p.env.length > 0) {
    const noun = p.env.length === 1 ? 'variable' : 'variables'
    lines.push({
      permission: 'env',
      pointer: `${base}/env`,
      text: `Read the environment ${noun} ${list(p.env.map(code))}.`,
      sensitive: false,
    })
  }
  if (p.childProcess) {
    lines.push({
      permission: 'childProcess',
      pointer: `${base}/childProcess`,
      text: 'Start other programs as child processes, which run with all the rights of the host process.',
      sensitive: true,
    })
  }
  if (p.worker) {
    lines.push({ permission: 'worker', pointer: `${base}/worker`, text: 'Start worker threads.', sensitive: false })
  }
  if (p.nativeAddons) {
    lines.push({
      permission: 'nativeAddons',
      pointer: `${base}/nativeAddons`,
      text: "Load native add-ons: compiled code that the host's permission checks cannot see into.",
      sensitive: true,
    })
  }
  if (lines.length === 0) {
    lines.push({
      permission: 'none',
      pointer: base,
      text: 'Nothing beyond reading its own package folder: no network, no environment, no files elsewhere.',
      sensitive: false,
    })
  }
  return lines
}

/** `api.example.com:443` → "api.example.com on port 443"; `*.example.com` → "any subdomain of example.com". */
function describeHost(entry: string): string {
  const match = /^(.*?)(?::(\d+))?$/.exec(entry)
  const host = match?.[1] ?? entry
  const port = match?.[2]
  const name = host.startsWith('*.') ? `any subdomain of ${code(host.slice(2))}` : code(host)
  return port ? `${name} on port ${port}` : `${name} on any port`
}

function code(text: string): string {
  return `\`${text}\``
}

/** `a`, `a and b`, `a, b and c`. */
function list(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}
