import { readFile, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { PdkError } from '../errors.js'
import { parseManifestText } from './parse-manifest-text.js'
import type { Finding } from './types.js'

/** What `readManifest` returns: where the manifest is, its text, its value when it is JSON, and findings about the text. */
export interface ReadManifestResult {
  /** The plugin's package folder (absolute). */
  dir: string
  /** `<dir>/package.json` (absolute). */
  file: string
  text: string
  /** The parsed JSON; absent when the text is not JSON (see `findings`). */
  value?: unknown
  findings: Finding[]
}

async function statOf(path: string) {
  try {
    return await stat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined
    throw new PdkError('PDK_IO', `Cannot read "${path}": ${(error as Error).message}.`, {
      hint: 'Check that the path is readable.',
      details: { file: path },
      cause: error,
    })
  }
}

/**
 * Reads `<dir>/package.json` (a path to a package.json itself is accepted too). Malformed JSON is
 * a finding, not an error; a folder that does not exist, a file where a folder belongs and a
 * folder without package.json are `PdkError`s saying which path and what to pass instead.
 */
export async function readManifest(dir: string): Promise<ReadManifestResult> {
  const path = resolve(dir)
  const info = await statOf(path)
  if (info === undefined) {
    throw new PdkError('PDK_NOT_FOUND', `The plugin folder "${path}" does not exist.`, {
      hint: "Pass the folder that contains the plugin's package.json (or run the command inside it).",
      details: { file: path },
    })
  }
  let folder = path
  if (!info.isDirectory()) {
    if (basename(path) !== 'package.json') {
      throw new PdkError('PDK_NOT_FOUND', `"${path}" is a file, not a plugin folder.`, {
        hint: `Pass the folder that contains package.json, such as "${dirname(path)}".`,
        details: { file: path },
      })
    }
    folder = dirname(path)
  }
  const file = join(folder, 'package.json')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new PdkError('PDK_NOT_FOUND', `There is no package.json in "${folder}", so it is not a plugin folder.`, {
        hint: 'Run the command in the plugin folder, pass its path, or create a plugin with `pdk init`.',
        details: { file },
      })
    }
    throw new PdkError('PDK_IO', `Cannot read "${file}": ${(error as Error).message}.`, {
      hint:
        code === 'EISDIR' ? 'package.json is a folder here; it must be a file.' : 'Check that the file is readable.',
      details: { file },
      cause: error,
    })
  }
  const parsed = parseManifestText(text, file)
  return { dir: folder, file, text, ...parsed }
}
