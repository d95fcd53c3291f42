import type { Permissions } from '@pdk/core'

/** A problem with one value given to `pdk init`, named by its flag. */
export interface InitProblem {
  flag: string
  message: string
  hint?: string
}

/** The manifest validator's own checks of fs paths and network entries (from @pdk/core). */
export interface PermissionRules {
  fsPathProblem: typeof import('@pdk/core').fsPathProblem
  parseNetworkEntry: typeof import('@pdk/core').parseNetworkEntry
}

const BOOLEAN_KEYS = ['childProcess', 'worker', 'nativeAddons'] as const
const KEYS = ['fs.read', 'fs.write', 'network', 'env', ...BOOLEAN_KEYS]

/**
 * Parses `--permissions` (`fs.read=./assets,network=api.example.com:443,env=TOKEN,worker=true`;
 * a key may repeat) into the manifest's `permissions` object, checking each entry with the same
 * rules as the manifest validator. Never throws: problems are returned, one per bad entry.
 */
export function parsePermissions(
  text: string,
  { fsPathProblem, parseNetworkEntry }: PermissionRules,
): { permissions: Permissions | undefined; problems: InitProblem[] } {
  const problems: InitProblem[] = []
  const permissions: Permissions = {}
  const add = (message: string, hint?: string) =>
    problems.push({ flag: 'permissions', message, ...(hint !== undefined && { hint }) })
  for (const raw of text.split(',').map((s) => s.trim())) {
    if (raw === '') continue
    const eq = raw.indexOf('=')
    const key = eq < 0 ? raw : raw.slice(0, eq).trim()
    const value = eq < 0 ? '' : raw.slice(eq + 1).trim()
    if (!KEYS.includes(key)) {
      add(
        `--permissions has an unknown key "${key}" in "${raw}".`,
        `Keys: ${KEYS.join(', ')}; e.g. fs.read=./assets,network=api.example.com:443,env=TOKEN.`,
      )
      continue
    }
    if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (value !== 'true' && value !== 'false' && value !== '') {
        add(`--permissions ${key} takes true or false, got "${value}".`)
        continue
      }
      permissions[key as (typeof BOOLEAN_KEYS)[number]] = value !== 'false'
      continue
    }
    if (value === '') {
      add(`--permissions "${raw}" has no value.`, `Write ${key}=VALUE.`)
      continue
    }
    if (key === 'fs.read' || key === 'fs.write') {
      const problem = fsPathProblem(value)
      if (problem) {
        add(
          `--permissions ${key}=${value}: ${problem === 'manifest/fs-absolute' ? 'an absolute path' : problem === 'manifest/fs-escape' ? 'a path that leaves its folder' : 'not a usable path'} (${problem}).`,
          'fs paths are relative POSIX paths inside the plugin folder (read) or its data folder (write), such as ./assets.',
        )
        continue
      }
      const mode = key === 'fs.read' ? 'read' : 'write'
      permissions.fs ??= {}
      permissions.fs[mode] = [...new Set([...(permissions.fs[mode] ?? []), value])]
    } else if (key === 'network') {
      const parsed = parseNetworkEntry(value)
      if ('problem' in parsed) {
        add(
          `--permissions network=${value}: ${parsed.problem}`,
          parsed.suggestion
            ? `Did you mean network=${parsed.suggestion}?`
            : 'Use host, host:port or *.domain[:port], without a scheme.',
        )
        continue
      }
      permissions.network = [...new Set([...(permissions.network ?? []), value])]
    } else {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
        add(
          `--permissions env=${value}: not an environment variable name.`,
          'Use letters, digits and _, e.g. env=API_TOKEN.',
        )
        continue
      }
      permissions.env = [...new Set([...(permissions.env ?? []), value])]
    }
  }
  return { permissions: Object.keys(permissions).length > 0 ? permissions : undefined, problems }
}
