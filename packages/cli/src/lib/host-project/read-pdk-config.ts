import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PdkError } from '@pdk/core'

/** The parts of `pdk.config.json` the marketplace commands read. */
export interface PdkConfigFile {
  sign?: { key?: string }
  host?: {
    name?: string
    version?: string
    pluginsDir?: string
    requireSignatures?: boolean
    trustedKeys?: string
  }
  [key: string]: unknown
}

/** `<cwd>/pdk.config.json`, or `{}` when there is none. Bad JSON is a `PDK_HOST_CONFIG` error naming the file. */
export async function readPdkConfig(cwd: string): Promise<PdkConfigFile> {
  const file = join(cwd, 'pdk.config.json')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new PdkError('PDK_IO', `Cannot read ${file}: ${(error as Error).message}.`, {
      details: { file },
      cause: error,
    })
  }
  try {
    const data = JSON.parse(text) as unknown
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('it is not an object')
    return data as PdkConfigFile
  } catch (error) {
    throw new PdkError('PDK_HOST_CONFIG', `${file} is not a JSON object: ${(error as Error).message}.`, {
      hint: 'Fix the JSON syntax of pdk.config.json.',
      details: { file, pointer: '' },
      cause: error,
    })
  }
}
