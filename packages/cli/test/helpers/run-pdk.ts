import { spawn } from 'node:child_process'
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
