import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PdkError } from '@pdk/core'

/** A package.json as read from disk: plain JSON, with the fields pdk reads typed loosely. */
export interface PackageJson {
  name?: string
  version?: string
  description?: string
  keywords?: string[]
  files?: string[]
  bin?: string | Record<string, string>
  scripts?: Record<string, string>
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  bundleDependencies?: string[] | boolean
  bundledDependencies?: string[] | boolean
  publishConfig?: Record<string, unknown>
  private?: boolean
  pdk?: Record<string, unknown>
  [key: string]: unknown
}

/** Reads `<dir>/package.json`; a missing folder or file, or bad JSON, is a `PdkError` naming the file. */
export async function readPackage(dir: string): Promise<PackageJson> {
  const file = join(dir, 'package.json')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new PdkError(
      'PDK_IO',
      code === 'ENOENT' ? `No package.json in ${dir}.` : `Cannot read ${file}: ${(error as Error).message}.`,
      {
        hint: 'Run the command in a plugin folder or pass its path (e.g. `pdk pack ./my-plugin`).',
        details: { file },
        cause: error,
      },
    )
  }
  try {
    const data = JSON.parse(text) as unknown
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('it is not an object')
    return data as PackageJson
  } catch (error) {
    throw new PdkError('PDK_MANIFEST_INVALID', `${file} is not a JSON object: ${(error as Error).message}.`, {
      hint: 'Fix the JSON syntax; `pdk validate` shows where.',
      details: { file, pointer: '' },
      cause: error,
    })
  }
}

/** The name and version of a package, or a `PdkError` saying which one is missing. */
export function nameAndVersion(pkg: PackageJson, dir: string): { name: string; version: string } {
  const file = join(dir, 'package.json')
  if (typeof pkg.name !== 'string' || pkg.name === '') {
    throw new PdkError('PDK_MANIFEST_INVALID', `${file} has no "name".`, {
      hint: 'Add a package name; `pdk validate` checks the whole manifest.',
      details: { file, pointer: '/name' },
    })
  }
  if (typeof pkg.version !== 'string' || pkg.version === '') {
    throw new PdkError('PDK_MANIFEST_INVALID', `${file} has no "version".`, {
      hint: 'Add a semver version such as "1.0.0".',
      details: { file, pointer: '/version' },
    })
  }
  return { name: pkg.name, version: pkg.version }
}
