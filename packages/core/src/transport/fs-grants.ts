import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LoadRequest } from './protocol.js'
import { readablePaths } from './readable-paths.js'

// @pdk/core's own package folder: an isolate imports the plugin runtime from it.
const CORE_DIR = dirname(dirname(dirname(fileURLToPath(import.meta.url))))

let coreReadable: Promise<string[]> | undefined

/** What an isolated plugin may read and write: the same lists for a process's permission flags and a worker's guard. */
export interface FsGrants {
  /** Its package folder, its dependencies and @pdk/core, each by its links and its real path. */
  read: string[]
  /** Its granted `fs.write` folders, inside its data folder (made here, so they exist). */
  write: string[]
}

/** The file system an isolated plugin is granted, with its write folders created. */
export async function fsGrants(request: LoadRequest, entry: string): Promise<FsGrants> {
  const packageDir = request.dir ?? dirname(entry)
  coreReadable ??= readablePaths(CORE_DIR)
  const read = [...new Set([...(await readablePaths(packageDir)), ...(await coreReadable)])]
  const dataDir = request.boot.plugin.dataDir
  const write = (request.granted?.fs?.write ?? []).map((path) => resolve(dataDir, path))
  // Node's permission model treats an allowed path that does not exist yet as a file: the
  // granted folders are made first, so files inside them can be written.
  await Promise.all(write.map((path) => mkdir(path, { recursive: true })))
  return { read, write }
}
