import { readFile } from 'node:fs/promises'
import { PdkError } from '../errors.js'
import type { LockedPlugin, Lockfile } from './lockfile-types.js'

/**
 * Reads `pdk-lock.json`. A missing file is an empty lockfile (nothing installed yet); a file
 * that is not a version-1 lockfile is `PDK_HOST_CONFIG`, naming the first bad field.
 */
export async function readLockfile(path: string): Promise<Lockfile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lockfileVersion: 1, plugins: {} }
    throw new PdkError('PDK_HOST_CONFIG', `Cannot read the lockfile ${path}: ${(error as Error).message}.`, {
      hint: 'Check the plugins folder; `pdk doctor` checks the host project.',
      details: { file: path, step: 'configure' },
      cause: error,
    })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw bad(path, '', `is not JSON (${(error as Error).message})`)
  }
  const doc = data as { lockfileVersion?: unknown; plugins?: unknown }
  if (typeof doc !== 'object' || doc === null) throw bad(path, '', 'is not a JSON object')
  if (doc.lockfileVersion !== 1) {
    throw bad(
      path,
      '/lockfileVersion',
      `has lockfileVersion ${JSON.stringify(doc.lockfileVersion)}; this pdk reads version 1`,
    )
  }
  if (typeof doc.plugins !== 'object' || doc.plugins === null || Array.isArray(doc.plugins)) {
    throw bad(path, '/plugins', 'has no "plugins" object')
  }
  for (const [name, entry] of Object.entries(doc.plugins as Record<string, unknown>)) {
    const pointer = `/plugins/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`
    const e = entry as Partial<LockedPlugin>
    for (const key of ['version', 'resolved', 'integrity', 'digest', 'path'] as const) {
      if (typeof e?.[key] !== 'string' || e[key] === '')
        throw bad(path, `${pointer}/${key}`, `has no "${key}" for "${name}"`)
    }
    if (typeof e.granted !== 'object' || e.granted === null)
      throw bad(path, `${pointer}/granted`, `has no "granted" for "${name}"`)
    if (e.signature !== null && (typeof e.signature !== 'object' || typeof e.signature?.keyId !== 'string')) {
      throw bad(path, `${pointer}/signature`, `has a malformed "signature" for "${name}"`)
    }
  }
  return data as Lockfile
}

function bad(file: string, pointer: string, what: string): PdkError {
  return new PdkError('PDK_HOST_CONFIG', `The lockfile ${file} ${what}.`, {
    hint: 'Restore it from version control, or reinstall the plugins with `pdk install`.',
    details: { file, pointer, step: 'configure' },
  })
}
