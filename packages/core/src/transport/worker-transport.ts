import { Worker } from 'node:worker_threads'
import { fsGrants } from './fs-grants.js'
import { isolateEnded, requireEntry } from './isolate-errors.js'
import { pickEnv } from './pick-env.js'
import type { LoadRequest, PluginEndpoint, RemoteLoad, Transport } from './protocol.js'
import { connectIsolate } from './remote-plugin.js'

const WORKER_MAIN = new URL('./worker-main.js', import.meta.url)

/**
 * Isolation `worker`: each plugin in its own worker thread, with `limits.memoryMb` as the
 * worker's heap limit, only its granted environment variables in `process.env`, and the file
 * system and network rules of `process` isolation applied by the worker itself. A crash or
 * the memory limit ends the worker, not the host. Every value crosses as a structured clone.
 */
export function createWorkerTransport(): Transport {
  return { isolation: 'worker', load: loadInWorker }
}

async function loadInWorker(request: LoadRequest): Promise<PluginEndpoint> {
  const entry = requireEntry(request, 'worker')
  // The permission model is process-wide: the worker applies the same file system rules itself.
  const load: RemoteLoad = { boot: request.boot, entry, fs: await fsGrants(request, entry) }
  const worker = new Worker(WORKER_MAIN, {
    workerData: load,
    name: `pdk:${request.boot.plugin.name}`,
    env: pickEnv(request.granted?.env),
    ...(request.memoryMb !== undefined && { resourceLimits: { maxOldGenerationSizeMb: request.memoryMb } }),
  })
  let closing = false
  let failure: Error | undefined
  const connection = connectIsolate(request, {
    send: (envelope) => worker.postMessage(envelope),
    kill: async () => {
      closing = true
      await worker.terminate()
    },
  })
  worker.on('message', connection.onMessage)
  // An uncaught exception or the memory limit: 'error' comes first, then 'exit'.
  worker.on('error', (error: Error & { code?: string }) => {
    failure = error
  })
  worker.on('exit', (exitCode) => {
    const outOfMemory = (failure as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
    connection.onEnd(
      isolateEnded(request, 'worker', { error: failure, exitCode, outOfMemory, closed: closing }),
      closing,
    )
  })
  return connection.ready
}
