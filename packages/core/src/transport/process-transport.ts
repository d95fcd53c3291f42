import { fork } from 'node:child_process'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fsGrants } from './fs-grants.js'
import { isolateEnded, requireEntry } from './isolate-errors.js'
import { pickEnv } from './pick-env.js'
import type { Envelope, LoadRequest, PluginEndpoint, Transport } from './protocol.js'
import { connectIsolate } from './remote-plugin.js'

const PROCESS_MAIN = fileURLToPath(new URL('./process-main.js', import.meta.url))

/**
 * Isolation `process`: each plugin in its own child Node process under Node's permission
 * model, with flags derived from what the policy granted: it may read its package folder, its
 * dependencies and @pdk/core; write only its granted `fs.write` folders inside its data
 * folder; start child processes or workers only if granted; see only its granted environment
 * variables. `limits.memoryMb` is its heap limit. Values cross the IPC channel as structured
 * clones (Node's advanced serialization).
 */
export function createProcessTransport(): Transport {
  return { isolation: 'process', load: loadInProcess }
}

async function loadInProcess(request: LoadRequest): Promise<PluginEndpoint> {
  const entry = requireEntry(request, 'process')
  const child = fork(PROCESS_MAIN, [], {
    cwd: request.dir ?? dirname(entry),
    execArgv: await permissionFlags(request, entry),
    env: pickEnv(request.granted?.env),
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let closing = false
  let exited = false
  // 'close' comes after 'exit', once the IPC channel is closed too: a closed plugin has left no
  // process or pipe behind (libuv releases the handle itself on the loop's next turn).
  let ended = false
  child.once('close', () => {
    ended = true
  })
  const connection = connectIsolate(request, {
    send: (envelope) => {
      if (!child.connected) throw new Error('the plugin process has exited')
      child.send(envelope)
    },
    kill: () =>
      new Promise<void>((done) => {
        closing = true
        if (ended) return done()
        child.once('close', () => done())
        if (!exited) child.kill('SIGKILL')
      }),
  })
  child.on('message', (envelope: Envelope) => connection.onMessage(envelope))
  let failure: Error | undefined
  child.on('error', (error) => {
    failure = error
  })
  child.on('exit', (exitCode, signal) => {
    exited = true
    // V8 aborts a process that runs out of heap (exit code 134 on POSIX, or SIGABRT).
    const outOfMemory = !closing && request.memoryMb !== undefined && (exitCode === 134 || signal === 'SIGABRT')
    connection.onEnd(
      isolateEnded(request, 'process', { error: failure, exitCode, signal, outOfMemory, closed: closing }),
      closing,
    )
  })
  child.send({ t: 'boot', load: { boot: request.boot, entry } } satisfies Envelope)
  return connection.ready
}

async function permissionFlags(request: LoadRequest, entry: string): Promise<string[]> {
  const granted = request.granted ?? {}
  const { read, write } = await fsGrants(request, entry)
  const flags = ['--permission', '--disable-warning=ExperimentalWarning']
  for (const path of read) flags.push(`--allow-fs-read=${path}`)
  // Granted write folders are readable too, as a program that writes a file expects.
  for (const path of write) flags.push(`--allow-fs-read=${path}`, `--allow-fs-write=${path}`)
  if (granted.childProcess) flags.push('--allow-child-process')
  if (granted.worker) flags.push('--allow-worker')
  if (request.memoryMb !== undefined) flags.push(`--max-old-space-size=${request.memoryMb}`)
  return flags
}
