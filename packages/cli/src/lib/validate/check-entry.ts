import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { readablePaths } from '@pdk/core/readable-paths'
import type { EntryCheckMessage } from '../../loader/check-entry.js'

/** What loading the entry showed. */
export type EntryCheckResult =
  | {
      status: 'plugin' | 'not-plugin'
      defaultType: string
      exports: string[]
      output: string
      /** The files loading the entry loaded outside any node_modules (absolute paths); absent when Node could not tell. */
      files?: string[]
    }
  | { status: 'threw'; error: NonNullable<EntryCheckMessage['error']>; output: string }
  | { status: 'timeout'; timeoutMs: number; output: string }
  | { status: 'exited'; code: number | null; signal: string | null; output: string }

// Built, the loader is dist/loader/check-entry.js; run from the TypeScript sources (the unit
// tests), it is the .ts file, which Node 22.18+ runs by stripping its types.
const LOADER = [
  fileURLToPath(new URL('../../loader/check-entry.js', import.meta.url)),
  fileURLToPath(new URL('../../loader/check-entry.ts', import.meta.url)),
].find((file) => existsSync(file)) as string
const OUTPUT_LIMIT = 4000

/**
 * Loads `entryFile` in a child Node process under the permission model: it may read the
 * project, its dependencies (real paths) and pdk's loader, and nothing else; it may not write,
 * spawn or start workers. Killed after `timeoutMs`. Never throws for anything the entry does.
 * `readable` is `readablePaths(cwd)` when the caller has it already.
 */
export async function checkEntry(
  cwd: string,
  entryFile: string,
  timeoutMs: number,
  readable?: readonly string[],
): Promise<EntryCheckResult> {
  const paths = [...(readable ?? (await readablePaths(cwd))), LOADER]
  const nonce = randomUUID()
  const args = [
    '--permission',
    ...paths.map((path) => `--allow-fs-read=${path}`),
    '--max-old-space-size=256',
    // Importing runs each function a few times at most: V8's optimising compiler would only
    // spend CPU on the core the validation itself needs (Maglev and Sparkplug still run).
    '--no-opt',
    '--disable-warning=ExperimentalWarning',
    LOADER,
    pathToFileURL(entryFile).href,
  ]
  return new Promise((resolve) => {
    // A clean environment: NODE_OPTIONS could widen the permissions, and the entry has no business with the user's secrets.
    const child = spawn(process.execPath, args, {
      cwd,
      env: { PDK_ENTRY_NONCE: nonce, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    })
    let output = ''
    let channel = ''
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT)
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    ;(child.stdio[3] as Readable | null)?.on('data', (chunk: Buffer) => {
      if (channel.length < 1_000_000) channel += chunk.toString('utf8')
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ status: 'threw', error: { name: error.name, message: error.message }, output })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      output = output.trim()
      if (timedOut) return resolve({ status: 'timeout', timeoutMs, output })
      const message = readMessage(channel, nonce)
      if (message === undefined) return resolve({ status: 'exited', code, signal, output })
      if (message.status === 'threw')
        return resolve({ status: 'threw', error: message.error ?? { name: 'Error', message: 'unknown error' }, output })
      resolve({
        status: message.status,
        defaultType: message.defaultType ?? 'missing',
        exports: message.exports ?? [],
        output,
        ...(Array.isArray(message.files) && { files: message.files.map(filePath).filter((f) => f !== undefined) }),
      })
    })
  })
}

function filePath(url: unknown): string | undefined {
  try {
    return typeof url === 'string' ? fileURLToPath(url) : undefined
  } catch {
    return undefined
  }
}

/** The loader's message: the first line on fd 3 that carries the nonce. */
function readMessage(channel: string, nonce: string): EntryCheckMessage | undefined {
  for (const line of channel.split('\n')) {
    try {
      const message = JSON.parse(line) as EntryCheckMessage
      if (message.nonce === nonce) return message
    } catch {
      // Not ours: the entry may write to fd 3 too.
    }
  }
  return undefined
}
