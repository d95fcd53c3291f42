// Scaffolded projects for end-to-end tests: `pdk init` through the real bin, installs against
// the run's registry (./registry.ts), and the tools the proof runs in them, all as
// asynchronous child processes (the registry is served from vitest's main process).
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAsync, WORKSPACE_ROOT } from '../../../../scripts/lib/local-registry.mjs'
import { installEnv, type PdkRegistryInfo } from './registry.js'
import { type PdkRun, runPdk } from './run-pdk.js'

/** A workspace bin (`publint`, `attw`). */
export function workspaceBin(name: string): string {
  return join(WORKSPACE_ROOT, 'node_modules', '.bin', name)
}

/** A new temporary folder; remove it with `removeWorkDir`. */
export function makeWorkDir(prefix = 'pdk-init-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

export async function removeWorkDir(dir: string | undefined): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
}

/** The environment of a test that installs: @pdk from the run's registry, the run's store, a git identity. */
export function projectEnv(registry: PdkRegistryInfo): NodeJS.ProcessEnv {
  return {
    ...installEnv(registry),
    NO_COLOR: '1',
    CI: '1',
    GIT_AUTHOR_NAME: 'Pdk Test',
    GIT_AUTHOR_EMAIL: 'pdk-test@example.com',
    GIT_COMMITTER_NAME: 'Pdk Test',
    GIT_COMMITTER_EMAIL: 'pdk-test@example.com',
  }
}

/** Runs the real `pdk` bin in `cwd` with `env` (a whole environment, not additions). */
export function pdkIn(cwd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<PdkRun> {
  return runPdk(args, { cwd, env: blank(env), timeoutMs })
}

/** Runs any command in `cwd` with `env`; resolves `{ code, stdout, stderr }`. */
export function runIn(cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 300_000) {
  return runAsync(cmd, args, { cwd, env, timeoutMs })
}

// runPdk adds its options' env to process.env; unset what `env` does not have.
function blank(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const key of Object.keys(process.env)) out[key] = undefined
  return { ...out, ...env }
}

/** Entries of `dir` (sorted), or [] when it does not exist: what a failed init left behind. */
export async function entriesOf(dir: string): Promise<string[]> {
  return existsSync(dir) ? (await readdir(dir)).sort() : []
}

/** Parses the JSON document a `--json` run printed, with the run's output in the error when it is not JSON. */
export function jsonOf<T = any>(run: PdkRun): T {
  try {
    return JSON.parse(run.stdout) as T
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`)
  }
}

/** At most `limit` of the returned function's calls run at once (heavy child processes on a small machine). */
export function limitConcurrency(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: Array<() => void> = []
  return async (fn) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    active++
    try {
      return await fn()
    } finally {
      active--
      waiting.shift()?.()
    }
  }
}
