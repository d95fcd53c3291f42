// The worker thread that runs `checkFiles` (npm's file list and the secret scan) beside the
// main thread, which meanwhile loads @pdk/core and runs the manifest rules: the two are the
// largest parts of a validate run and need nothing of each other (decision 100, addendum).
// Started only on a machine with a core for it (gather-findings.ts).
import { parentPort, workerData } from 'node:worker_threads'
import { checkFiles } from './check-files.js'
import type { FileChecksInput } from './start-file-checks.js'

const { cwd, pkg, targets } = workerData as FileChecksInput
parentPort?.postMessage(await checkFiles(cwd, pkg, targets))
