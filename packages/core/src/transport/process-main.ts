// The entry of a plugin's child process (isolation `process`): waits for its `boot` envelope,
// then serves one plugin over the IPC channel to the host. It ends when the channel closes.
import type { Envelope } from './protocol.js'
import { servePlugin } from './serve-plugin.js'

const send = (envelope: Envelope): void => {
  process.send?.(envelope)
}
let receive: ((envelope: Envelope) => void) | undefined
process.on('message', (envelope: Envelope) => {
  if (receive !== undefined) receive(envelope)
  else if (envelope.t === 'boot') receive = servePlugin(send, envelope.load)
})
process.on('disconnect', () => process.exit(0))
