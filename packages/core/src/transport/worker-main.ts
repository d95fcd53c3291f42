// The entry of a plugin's worker thread (isolation `worker`): serves one plugin over the port
// to the host. `workerData` is its `RemoteLoad`.
import { parentPort, workerData } from 'node:worker_threads'
import type { Envelope, RemoteLoad } from './protocol.js'
import { servePlugin } from './serve-plugin.js'

const port = parentPort
if (port === null) throw new Error('worker-main.js runs only as a worker thread started by @pdk/core.')
const receive = servePlugin((envelope) => port.postMessage(envelope), workerData as RemoteLoad)
port.on('message', (envelope: Envelope) => receive(envelope))
