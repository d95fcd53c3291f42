import { PdkError } from '@pdk/core'
import semver from 'semver'

/** What a plugin version must fit: the host, its @pdk/core, and ranges other plugins put on it. */
export interface FitContext {
  host: { name: string; version: string }
  coreVersion: string | undefined
  /** Ranges on this plugin from installed or planned plugins (`pdk.dependencies`). */
  constraints: { from: string; range: string }[]
}

/** The manifest fields the fit depends on. */
export interface FitManifest {
  name: string
  version: string
  peerDependencies?: Record<string, string>
  pdk?: Record<string, unknown>
}

/**
 * Why a plugin version cannot be installed in this host, or undefined when it fits: not a
 * plugin (no `pdk` field), made for another host, a `host.range` that excludes the host's
 * version, an `@pdk/core` peer range the host's core does not satisfy, or a range another
 * plugin puts on it.
 */
export function fitProblem(m: FitManifest, ctx: FitContext): PdkError | undefined {
  const id = `"${m.name}@${m.version}"`
  const details = { plugin: m.name, version: m.version }
  const pdk = m.pdk as { host?: { name?: unknown; range?: unknown } } | undefined
  if (typeof pdk !== 'object' || pdk === null) {
    return new PdkError('PDK_MANIFEST_INVALID', `${id} is not a pdk plugin: its package.json has no "pdk" field.`, {
      hint: "Install pdk plugins only (`pdk search` lists them); plain npm packages belong in the host's own dependencies.",
      details: { ...details, pointer: '/pdk' },
    })
  }
  const hostName = pdk.host?.name
  const range = pdk.host?.range
  if (hostName !== ctx.host.name) {
    return new PdkError(
      'PDK_HOST_INCOMPATIBLE',
      `${id} is made for host "${String(hostName)}", not "${ctx.host.name}".`,
      {
        hint: `Look for a plugin for ${ctx.host.name}: \`pdk search --host ${ctx.host.name}@${ctx.host.version}\`.`,
        details: { ...details, pointer: '/pdk/host/name', expected: ctx.host.name, found: hostName },
      },
    )
  }
  if (typeof range !== 'string' || !semver.satisfies(ctx.host.version, range, { includePrerelease: true })) {
    return new PdkError(
      'PDK_HOST_INCOMPATIBLE',
      `${id} works with ${ctx.host.name}@${String(range)}, but this host is ${ctx.host.name}@${ctx.host.version}.`,
      {
        hint: `Pick a version made for ${ctx.host.version} (\`pdk search ${m.name} --host ${ctx.host.name}@${ctx.host.version}\`), or upgrade the host.`,
        details: { ...details, pointer: '/pdk/host/range', expected: ctx.host.version, found: range },
      },
    )
  }
  const corePeer = m.peerDependencies?.['@pdk/core']
  if (corePeer && ctx.coreVersion && !semver.satisfies(ctx.coreVersion, corePeer, { includePrerelease: true })) {
    return new PdkError(
      'PDK_HOST_INCOMPATIBLE',
      `${id} needs @pdk/core ${corePeer}, but the host has @pdk/core ${ctx.coreVersion}.`,
      {
        hint: `Pick a version of ${m.name} built for @pdk/core ${ctx.coreVersion}, or upgrade the host's @pdk/core.`,
        details: { ...details, pointer: '/peerDependencies/@pdk~1core', expected: ctx.coreVersion, found: corePeer },
      },
    )
  }
  for (const c of ctx.constraints) {
    if (!semver.satisfies(m.version, c.range, { includePrerelease: true })) {
      return new PdkError(
        'PDK_DEP_VERSION',
        `Plugin "${c.from}" needs "${m.name}@${c.range}", which ${m.version} is not.`,
        {
          hint: `Keep a version of ${m.name} that fits ${c.range}, or update "${c.from}" first (\`pdk update ${c.from}\`).`,
          details: { ...details, dependent: c.from, range: c.range },
        },
      )
    }
  }
  return undefined
}
