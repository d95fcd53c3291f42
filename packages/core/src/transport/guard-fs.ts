import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FsGrants } from './fs-grants.js'

type Access = 'read' | 'write'
/** Which arguments of a call are paths, and what the call does with each. */
type Paths = ReadonlyArray<readonly [index: number, access: Access]>

const READ: Paths = [[0, 'read']]
const WRITE: Paths = [[0, 'write']]
const FROM_TO: Paths = [
  [0, 'read'],
  [1, 'write'],
]
const BOTH: Paths = [
  [0, 'write'],
  [1, 'write'],
]
const LINK_AT: Paths = [[1, 'write']]

// The `fs` functions that take paths, by what they do with them; `open` depends on its flags.
const CALLS: Record<string, Paths> = {
  access: READ,
  exists: READ,
  stat: READ,
  lstat: READ,
  statfs: READ,
  readFile: READ,
  readdir: READ,
  readlink: READ,
  realpath: READ,
  opendir: READ,
  watch: READ,
  watchFile: READ,
  createReadStream: READ,
  writeFile: WRITE,
  appendFile: WRITE,
  mkdir: WRITE,
  mkdtemp: WRITE,
  rm: WRITE,
  rmdir: WRITE,
  unlink: WRITE,
  chmod: WRITE,
  lchmod: WRITE,
  chown: WRITE,
  lchown: WRITE,
  utimes: WRITE,
  lutimes: WRITE,
  truncate: WRITE,
  createWriteStream: WRITE,
  rename: BOTH,
  copyFile: FROM_TO,
  cp: FROM_TO,
  link: FROM_TO,
  symlink: LINK_AT,
}

/**
 * The file system rules of `process` isolation (Node's permission model), applied to a plugin
 * in a worker thread, where the permission model (process-wide) cannot be: it may read its
 * package, its dependencies and @pdk/core, and write (and read) only its granted `fs.write`
 * folders. Every path-taking function of the worker's own `fs` and `fs/promises` checks its
 * paths first and fails as the permission model would (`ERR_ACCESS_DENIED`), so a plugin that
 * breaks its grants fails the same way in `pdk dev`'s worker as in a production process. The
 * worker's module loader does not go through these functions; raw bindings remain reachable,
 * so this is a guard against mistakes, not against a plugin written to escape.
 */
export function guardFs(grants: FsGrants, plugin: { name: string }): void {
  const readable = [...grants.read, ...grants.write]
  const allowed = (path: string, access: Access) =>
    (access === 'read' ? readable : grants.write).some((root) => path === root || path.startsWith(root + sep))
  const denied = (args: unknown[], paths: Paths): Error | undefined => {
    for (const [index, access] of paths) {
      const path = pathOf(args[index])
      if (path !== undefined && !allowed(path, access)) return accessDenied(plugin.name, path, access)
    }
    return undefined
  }
  const openAccess = (flags: unknown): Paths =>
    flags === undefined || flags === 'r' || flags === 'rs' || flags === 'sr' || flags === fs.constants.O_RDONLY
      ? READ
      : WRITE

  for (const [name, paths] of Object.entries({ ...CALLS, open: READ })) {
    for (const style of ['callback', 'sync'] as const) {
      const key = style === 'sync' ? `${name}Sync` : name
      const original = (fs as unknown as Record<string, unknown>)[key]
      if (typeof original !== 'function') continue
      const guarded = function (this: unknown, ...args: unknown[]) {
        const error = denied(args, name === 'open' ? openAccess(args[1]) : paths)
        if (error === undefined) return Reflect.apply(original, this, args)
        // As the permission model does: callbacks get the error, everything else throws it
        // (`existsSync` and `exists` included: a denied path is not reported as missing).
        const callback = args.at(-1)
        const takesCallback = !key.startsWith('create') && key !== 'watch' && key !== 'exists'
        if (style === 'callback' && takesCallback && typeof callback === 'function') {
          process.nextTick(() => callback(error))
          return undefined
        }
        throw error
      }
      Object.defineProperties(guarded, Object.getOwnPropertyDescriptors(original))
      ;(fs as unknown as Record<string, unknown>)[key] = guarded
    }
    const promises = fs.promises as unknown as Record<string, unknown>
    const original = promises[name]
    if (typeof original !== 'function') continue
    promises[name] = function (this: unknown, ...args: unknown[]) {
      const error = denied(args, name === 'open' ? openAccess(args[1]) : paths)
      return error === undefined ? Reflect.apply(original, this, args) : Promise.reject(error)
    }
  }
  // `import { readFileSync } from 'node:fs'` (and from 'node:fs/promises') sees the guarded ones.
  syncBuiltinESMExports()
}

function pathOf(value: unknown): string | undefined {
  if (typeof value === 'string') return resolve(value)
  if (value instanceof URL) return value.protocol === 'file:' ? resolve(fileURLToPath(value)) : undefined
  if (Buffer.isBuffer(value)) return resolve(value.toString())
  return undefined
}

function accessDenied(plugin: string, path: string, access: Access): Error {
  const error = new Error(
    `Access to this API has been restricted: plugin "${plugin}" may not ${access} ${path}. ` +
      (access === 'read'
        ? 'It may read its package, its dependencies and its granted pdk.permissions.fs.write folders.'
        : 'It may write only in its granted pdk.permissions.fs.write folders, inside its data folder (ctx.plugin.dataDir).'),
  ) as Error & { code: string; permission: string; resource: string }
  error.code = 'ERR_ACCESS_DENIED'
  error.permission = access === 'read' ? 'FileSystemRead' : 'FileSystemWrite'
  error.resource = path
  return error
}
