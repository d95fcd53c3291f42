import type { Permissions } from '../manifest/types.js'

/**
 * What a plugin asks for that the grant does not cover, one readable line each
 * (`env: GREETER_TOKEN`, `network: api.example.com:443`). Empty when everything is granted.
 */
export function missingPermissions(asked: Permissions | undefined, granted: Permissions | undefined): string[] {
  const missing: string[] = []
  if (asked === undefined) return missing
  const g = granted ?? {}
  const lists = [
    ['fs.read', asked.fs?.read, g.fs?.read],
    ['fs.write', asked.fs?.write, g.fs?.write],
    ['network', asked.network, g.network],
    ['env', asked.env, g.env],
  ] as const
  for (const [label, wants, has] of lists) {
    for (const item of wants ?? []) if (!covers(has ?? [], item, label === 'network')) missing.push(`${label}: ${item}`)
  }
  for (const flag of ['childProcess', 'worker', 'nativeAddons'] as const) {
    if (asked[flag] === true && g[flag] !== true) missing.push(flag)
  }
  return missing
}

function covers(granted: readonly string[], item: string, network: boolean): boolean {
  if (granted.includes(item) || granted.includes('*')) return true
  if (!network) return granted.includes(normalisePath(item))
  const [host = ''] = item.split(':')
  return granted.some((g) => {
    const [gHost = '', gPort] = g.split(':')
    const portOk = gPort === undefined || item.endsWith(`:${gPort}`)
    return portOk && (gHost === host || (gHost.startsWith('*.') && host.endsWith(gHost.slice(1))))
  })
}

function normalisePath(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '')
}
