import { spawn } from 'node:child_process'

/** What a child process did. */
export interface CommandOutcome {
  code: number
  /** stdout and stderr, interleaved, the last 64 KB. */
  output: string
  /** Set when the command could not start (`ENOENT`: not installed). */
  spawnError?: NodeJS.ErrnoException
}

const KEEP = 64 * 1024

/**
 * Runs a command asynchronously (a blocking child would freeze spinners and any server in
 * this process), capturing its output; `onLine` sees each line as it comes. Aborting `signal`
 * kills it.
 */
export function runCommand(
  cmd: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal; onLine?: (line: string) => void },
): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    let output = ''
    let partial = ''
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal && { signal: options.signal }),
    })
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      output = (output + text).slice(-KEEP)
      if (!options.onLine) return
      const lines = (partial + text).split(/\r?\n/)
      partial = lines.pop() ?? ''
      for (const line of lines) if (line.trim()) options.onLine(line.trim())
    }
    child.stdout.on('data', take)
    child.stderr.on('data', take)
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') return
      resolve({ code: 127, output, spawnError: error })
    })
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 130 : 1), output }))
  })
}
