import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Finding } from '@pdk/core'
import type { TargetsOutcome } from './check-targets.js'

/** What `checkFiles` needs, as sent to its worker. */
export interface FileChecksInput {
  cwd: string
  pkg: Record<string, unknown>
  targets: TargetsOutcome
}

// Built, the worker is dist/lib/validate/files-worker.js. From the TypeScript sources (unit
// tests) there is no runnable worker, and the checks run in this thread.
const WORKER = new URL('./files-worker.js', import.meta.url)

/**
 * `checkFiles` (the published file list, targets in it, secrets) started at once in a worker
 * thread, so that it runs on a core of its own while this thread loads @pdk/core and runs the
 * manifest rules. The findings are `checkFiles`'s own: when the worker cannot start
 * or fails, the same function runs in this thread (so an error it throws is thrown here, as
 * before). `workerFile` is for tests.
 */
export function startFileChecks(input: FileChecksInput, workerFile: URL = WORKER): Promise<Finding[]> {
  // Imported only when needed: npm-packlist and secretlint are what the worker is there to load.
  const inThread = () =>
    import('./check-files.js').then(({ checkFiles }) => checkFiles(input.cwd, input.pkg, input.targets))
  if (!existsSync(fileURLToPath(workerFile))) return inThread()
  return new Promise<Finding[] | undefined>((resolve) => {
    let worker: Worker
    try {
      worker = new Worker(workerFile, { workerData: input })
    } catch {
      return resolve(undefined)
    }
    worker.once('message', (findings: Finding[]) => {
      resolve(findings)
      // It has nothing left to do; ending it now keeps a stray handle from holding the process.
      void worker.terminate()
    })
    worker.once('error', () => resolve(undefined))
    worker.once('exit', () => resolve(undefined))
  }).then((findings) => findings ?? inThread())
}
