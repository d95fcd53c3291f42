import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The `pdk` bin of this checkout. */
export const PDK_BIN = join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'bin', 'run.js')

export interface PdkRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the real `pdk` bin as a child process (never blocking the event loop) and collects its output. */
export function runPdk(
  args: string[],
  options: {
    cwd?: string
    env?: Record<string, string | undefined>
    node?: string
    input?: string
    timeoutMs?: number
  } = {},
): Promise<PdkRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, [PDK_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.stdin.end(options.input ?? '')
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }))
  })
}

/**
 * Writes a module that, loaded with `NODE_OPTIONS=--import=<it>`, fails any import of
 * @oclif/core: proves that a command line ran on bin/run.js's fast path. Returns its path.
 */
export async function writeNoOclifHook(dir: string): Promise<string> {
  const hook = join(dir, 'no-oclif.mjs')
  await writeFile(
    hook,
    "import { registerHooks } from 'node:module'\nregisterHooks({ resolve(specifier, context, next) {\n  if (specifier === '@oclif/core') throw new Error('@oclif/core was loaded on the fast path')\n  return next(specifier, context)\n} })\n",
  )
  return hook
}

/** A long-running `pdk` (watch modes) whose stdout is one JSON object per line. */
export interface NdjsonRun {
  child: ChildProcessWithoutNullStreams
  /** Every line so far, parsed. */
  lines: Record<string, any>[]
  /** Resolves with the first line (so far or to come) that `match` accepts. */
  until(match: (line: Record<string, any>) => boolean): Promise<Record<string, any>>
  /** Resolves with the exit code. */
  exited: Promise<number | null>
}

/** Starts the `pdk` bin with `args` and parses its NDJSON stdout as it comes. */
export function spawnNdjson(args: string[], options: { cwd: string }): NdjsonRun {
  const child = spawn(process.execPath, [PDK_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1' },
  })
  const lines: Record<string, any>[] = []
  const waiters: (() => void)[] = []
  let buffer = ''
  child.stdout.on('data', (chunk) => {
    buffer += chunk
    let index = buffer.indexOf('\n')
    while (index >= 0) {
      lines.push(JSON.parse(buffer.slice(0, index)))
      buffer = buffer.slice(index + 1)
      index = buffer.indexOf('\n')
    }
    for (const waiter of waiters.splice(0)) waiter()
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  let closed = false
  // Waits for the first line that matches; fails at once, with what was seen, if the command
  // ends first (rather than leaving the test to its timeout).
  const until = (match: (line: Record<string, any>) => boolean) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      const check = () => {
        const found = lines.find(match)
        if (found) resolve(found)
        else if (closed)
          reject(
            new Error(
              `pdk ${args.join(' ')} ended without the line waited for; it printed:\n${lines.map((l) => JSON.stringify(l)).join('\n')}\n${stderr.slice(-2000)}`,
            ),
          )
        else waiters.push(check)
      }
      check()
    })
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      closed = true
      for (const waiter of waiters.splice(0)) waiter()
      resolve(code)
    }),
  )
  return { child, lines, until, exited }
}
