import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

/** npm's flat options (registry, `@scope:registry`, `//host/:_authToken`, cache…), as npm-registry-fetch and pacote take them. */
export type NpmOptions = Record<string, unknown> & { registry: string }

export interface NpmConfigOptions {
  /** Where npm would run: its project `.npmrc` is found from here. */
  cwd: string
  /** `--registry`: overrides npm's configured default registry for this call. */
  registry?: string
  env?: NodeJS.ProcessEnv
}

/**
 * npm's configuration exactly as npm reads it (builtin, global, user and project `.npmrc`,
 * `npm_config_*` variables), by npm's own @npmcli/config, flattened to the options npm's
 * registry libraries take. Auth stays inside these options; pdk never prints them.
 */
export async function loadNpmConfig(options: NpmConfigOptions): Promise<NpmOptions> {
  const [{ default: Config }, { default: definitions }] = await Promise.all([
    import('@npmcli/config'),
    import('@npmcli/config/lib/definitions/index.js'),
  ])
  const config = new Config({
    definitions: definitions.definitions,
    shorthands: definitions.shorthands,
    flatten: definitions.flatten,
    nerfDarts: definitions.nerfDarts,
    // npm's builtin npmrc sits beside npm; pdk has none, so point at its own folder.
    npmPath: dirname(fileURLToPath(import.meta.url)),
    argv: [],
    cwd: options.cwd,
    env: options.env ?? process.env,
    execPath: process.execPath,
    platform: process.platform,
  })
  await config.load()
  const flat = { ...config.flat } as NpmOptions
  if (options.registry) flat.registry = withSlash(options.registry)
  else flat.registry = withSlash(String(flat.registry ?? 'https://registry.npmjs.org/'))
  return flat
}

/** The registry a package name is fetched from: its scope's registry if configured, else the default. */
export function registryFor(name: string, npm: NpmOptions): string {
  if (name.startsWith('@')) {
    const scoped = npm[`${name.split('/')[0]}:registry`]
    if (typeof scoped === 'string') return withSlash(scoped)
  }
  return npm.registry
}

/** True when npm's configuration holds some credential for `registry` (a token, basic auth or a client cert). */
export function hasAuthFor(registry: string, npm: NpmOptions): boolean {
  const url = new URL(registry)
  // npm's "nerf dart": //host[:port]/path/, matched from the longest path down.
  const parts = url.pathname.split('/').filter(Boolean)
  for (let i = parts.length; i >= 0; i--) {
    const nerf = `//${url.host}/${parts
      .slice(0, i)
      .map((p) => `${p}/`)
      .join('')}`
    for (const key of [':_authToken', ':_auth', ':username', ':certfile']) {
      if (npm[`${nerf}${key}`]) return true
    }
  }
  return false
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}
