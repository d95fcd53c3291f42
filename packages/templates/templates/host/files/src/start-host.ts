import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { createHost, loadHostConfig } from '@pdk/core'
import { createHttpHandler } from './http-handler.js'

/** A plugin given in memory (tests, or plugins that ship with the application). */
export interface InMemoryPlugin {
  manifest: Record<string, unknown>
  definition: object
}

export interface StartHostOptions {
  /** The host project: the folder with pdk.config.json. @default process.cwd() */
  cwd?: string
  /** TCP port; 0 picks a free one. */
  port: number
  /** @default '127.0.0.1' */
  hostname?: string
  /** Plugins to load besides those in the plugins folder. */
  plugins?: InMemoryPlugin[]
}

/** A running host: the plugin host, its HTTP server, its URL, and how to stop both. */
export interface RunningHost {
  host: Awaited<ReturnType<typeof createHost>>
  server: Server
  url: string
  close(): Promise<void>
}

/**
 * Starts the plugins from pdk.config.json's plugins folder (with the permissions recorded by
 * `pdk install` in its lockfile) and settings from plugin-settings.json, then the HTTP server.
 */
export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const cwd = resolve(options.cwd ?? process.cwd())
  const config = await loadHostConfig(cwd)
  const settingsFile = join(cwd, 'plugin-settings.json')
  // `${VAR}` in settings is filled in by the host, for the variables a plugin may read.
  const settings = existsSync(settingsFile) ? JSON.parse(await readFile(settingsFile, 'utf8')) : {}
  const host = await createHost({
    ...config,
    plugins: [...config.plugins, ...((options.plugins ?? []) as never[])],
    settings,
  })
  await host.start()
  const server = createServer(createHttpHandler(host))
  const hostname = options.hostname ?? '127.0.0.1'
  server.listen(options.port, hostname)
  try {
    await once(server, 'listening')
  } catch (error) {
    await host.stop()
    throw error
  }
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    host,
    server,
    url: `http://${hostname}:${port}`,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((done) => server.close(() => done()))
        server.closeIdleConnections()
        await host.stop()
        await closed
      })()
      return closing
    },
  }
}
