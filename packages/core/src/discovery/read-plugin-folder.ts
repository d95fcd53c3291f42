import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PdkError } from '../errors.js'

/** A package.json read from disk: its parsed content, or the error that stopped reading it. */
export interface PackageFile {
  dir: string
  file: string
  json?: Record<string, unknown>
  error?: PdkError
}

/** Reads `<dir>/package.json`; undefined when there is none. Never imports anything. */
export async function readPackageFile(dir: string): Promise<PackageFile | undefined> {
  const file = join(dir, 'package.json')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    return { dir, file, error: PdkError.from(error, 'PDK_IO', { details: { file } }) }
  }
  try {
    const json = JSON.parse(text) as unknown
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      throw new Error('the top level is not an object')
    return { dir, file, json: json as Record<string, unknown> }
  } catch (error) {
    const message = `${file} is not valid JSON: ${(error as Error).message}`
    return {
      dir,
      file,
      error: new PdkError('PDK_MANIFEST_INVALID', message, { hint: 'Fix the JSON syntax.', details: { file } }),
    }
  }
}

/**
 * The plugin packages of one source folder: the folder itself when its package.json has a
 * `pdk` field, else its sub-folders one level deep and its `node_modules/*` and
 * `node_modules/@scope/*` packages that have one.
 */
export async function scanSource(dir: string): Promise<PackageFile[]> {
  const own = await readPackageFile(dir)
  if (own?.json && 'pdk' in own.json) return [own]
  if (own?.error) return [own]
  const folders = [...(await subFolders(dir)), ...(await subFolders(join(dir, 'node_modules')))]
  const scopes = (await subFolders(join(dir, 'node_modules'))).filter((f) => f.split('/').pop()!.startsWith('@'))
  for (const scope of scopes) folders.push(...(await subFolders(scope)))
  const found = await Promise.all(folders.map(readPackageFile))
  return found.filter((p): p is PackageFile => p !== undefined && (p.error !== undefined || 'pdk' in (p.json ?? {})))
}

async function subFolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries
      .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && e.name !== 'node_modules' && !e.name.startsWith('.'))
      .map((e) => join(dir, e.name))
      .sort()
  } catch {
    return []
  }
}
