import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { createHost, PdkError } from '@pdk/core'
import { createHttpHandler } from './create-http-handler.js'
import { type ExampleHostSources, exampleHostOptions } from './example-host-options.js'

/** Where and how to run the example host. */
export interface StartOptions extends ExampleHostSources {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number
  /** Interface to listen on. @default '127.0.0.1' */
  hostname?: string
  /** How long `close()` waits for requests in flight before stopping the plugins. @default 5000 */
  drainMs?: number
}

/** A running example host: its plugin host, its HTTP server, and the way to stop both. */
export interface RunningExampleHost {
  host: Awaited<ReturnType<typeof createHost>>
  server: Server
  url: string
  /** Stops taking requests, lets those in flight finish, then stops every plugin (reverse dependency order). */
  close(): Promise<void>
}

/** Starts the plugins, then the HTTP server in front of them. */
export async function startExampleHost(options: StartOptions): Promise<RunningExampleHost> {
  const host = await createHost(await exampleHostOptions(options))
  await host.start()
  const server = createServer(createHttpHandler(host))
  const hostname = options.hostname ?? '127.0.0.1'
  server.listen(options.port ?? 0, hostname)
  try {
    await once(server, 'listening')
  } catch (error) {
    await host.stop()
    const code = (error as NodeJS.ErrnoException).code
    throw new PdkError('PDK_IO', `example-host cannot listen on ${hostname}:${options.port ?? 0}: ${code ?? error}`, {
      hint:
        code === 'EADDRINUSE' ? 'Another process uses that port: pick another, or PORT=0 for a free one.' : undefined,
      cause: error,
    })
  }
  const { port } = server.address() as AddressInfo

  let closing: Promise<void> | undefined
  async function close(): Promise<void> {
    // No new connections and idle keep-alive ones dropped; requests in flight get up to
    // drainMs to finish while their plugins still run, then the plugins stop.
    const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    server.closeIdleConnections()
    const drained = new AbortController()
    await Promise.race([
      closed,
      delay(options.drainMs ?? 5_000, undefined, { signal: drained.signal, ref: false }).catch(() => {}),
    ])
    drained.abort()
    server.closeAllConnections()
    await host.stop()
    await closed
  }
  return {
    host,
    server,
    url: `http://${hostname}:${port}`,
    close: () => {
      closing ??= close()
      return closing
    },
  }
}
