import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The example host's folder and its built entry. */
export const hostDir = dirname(dirname(fileURLToPath(import.meta.url)))
export const hostMain = join(hostDir, 'dist', 'main.js')
export const examplePlugins = join(hostDir, '..', 'plugins')

/** The example host running as a child process. */
export interface HostProcess {
  child: ChildProcess
  url: string
  stderr(): string
  /** Sends `signal` and resolves with the exit code (null if killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

const LISTENING = /^example-host listening on (http:\/\/127\.0\.0\.1:\d+)$/m

/** Starts `node dist/main.js args` in `cwd` and resolves once it prints the URL it listens on. */
export async function runExampleHost(cwd: string, args: string[], env: Record<string, string> = {}) {
  if (!existsSync(hostMain)) {
    throw new Error(`${hostMain} does not exist: build first (node scripts/build.mjs at the repository root)`)
  }
  const child = spawn(process.execPath, [hostMain, ...args], {
    cwd,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>

  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = LISTENING.exec(stdout)
      if (match) {
        child.stdout!.off('data', onData)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    void exited.then(([code, signal]) =>
      reject(new Error(`example-host exited (code ${code}, signal ${signal}) before listening:\n${stderr}`)),
    )
  })

  const host: HostProcess = {
    child,
    url,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      const [code] = await exited
      return code
    },
  }
  return host
}

/** GET or POST a JSON route; returns the status and the parsed body. */
export async function call(url: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await response.text()
  const type = response.headers.get('content-type') ?? ''
  return { status: response.status, type, text, body: type.startsWith('application/json') ? JSON.parse(text) : text }
}

/** Calls `probe` until it returns a truthy value (events are delivered asynchronously). */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, attempts = 100): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await probe()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`condition not met after ${attempts} attempts`)
}
