import { dirname } from 'node:path'
import { PdkError } from '../errors.js'
import type { Culprit } from '../lifecycle/plugin-errors.js'

const WHY: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file stands where a folder is needed',
  EISDIR: 'a folder stands where the store file should be',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
}

/** `PDK_STORAGE` for a file-system fault under a plugin's store or data folder. */
export function storageError(plugin: Culprit, op: string, path: string, error: unknown): PdkError {
  const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN'
  const why = WHY[code] ?? (error as Error).message
  return new PdkError(
    'PDK_STORAGE',
    `Storage ${op} for plugin "${plugin.name}@${plugin.version}" failed at ${path}: ${why} (${code}).`,
    {
      hint: `Make ${dirname(path)} a writable folder (move away whatever file is in the way), or point the host's storage.dir elsewhere. Data already stored is kept.`,
      details: { plugin: plugin.name, version: plugin.version, step: 'storage', file: path, errno: code },
      cause: error,
    },
  )
}
