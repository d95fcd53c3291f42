#!/usr/bin/env node
// The example host's command line: runs the host project in the current folder (or --cwd),
// with plugins from its pluginsDir plus any --plugins folders, until SIGINT or SIGTERM.
import { delimiter, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { isPdkError, type PluginWatcher } from '@pdk/core'
import { startExampleHost } from './start-example-host.js'

const USAGE = `Usage: example-host [--cwd DIR] [--plugins DIR]... [--port N] [--watch]

  --cwd DIR       the host project (the folder with pdk.config.json); default: the current folder
  --plugins DIR   another folder of plugins to load besides pluginsDir (repeatable);
                  EXAMPLE_HOST_PLUGINS adds more, separated by "${delimiter}"
  --port N        TCP port on 127.0.0.1; default: PORT, else 0 (a free port)
  --watch         reload a plugin (blue/green) when its package.json or built entry changes
`

// Shutdown that takes longer than this is stuck; exit rather than hang the caller.
const SHUTDOWN_LIMIT_MS = 15_000

function fail(message: string, hint?: string): never {
  process.stderr.write(`Error: ${message}\n${hint ? `Hint: ${hint}\n` : ''}`)
  process.exit(1)
}

function parsePort(text: string): number {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`Error: "${text}" is not a port\nHint: use a number from 0 (a free port) to 65535.\n`)
    process.exit(2)
  }
  return port
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        cwd: { type: 'string' },
        plugins: { type: 'string', multiple: true },
        port: { type: 'string' },
        watch: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    process.stderr.write(`Error: ${(error as Error).message}\n${USAGE}`)
    process.exit(2)
  }
}

const args = parseCommandLine()
if (args.values.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}

const fromEnv = (process.env.EXAMPLE_HOST_PLUGINS ?? '').split(delimiter).filter(Boolean)
const port = parsePort(args.values.port ?? process.env.PORT ?? '0')

let stopping = false
// Set with --watch once the host runs; closed before the host stops.
let watcher: PluginWatcher | undefined
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))

// Paths on the command line and in the environment are relative to where the command runs.
const starting = startExampleHost({
  cwd: resolve(args.values.cwd ?? '.'),
  extraPlugins: [...(args.values.plugins ?? []), ...fromEnv].map((dir) => resolve(dir)),
  port,
})
const running = await starting.catch((error: unknown) => {
  if (isPdkError(error)) fail(error.message, error.hint)
  throw error
})

// Reloads are reported on stderr, one line each; the watcher closes with the host.
watcher = args.values.watch
  ? running.host.watch({
      onReload: ({ name, result, error }) =>
        process.stderr.write(
          result
            ? `example-host: reloaded ${name} ${result.from} -> ${result.to} in ${result.durationMs} ms\n`
            : `example-host: reload of ${name} failed: ${error?.message}\n${error?.hint ? `Hint: ${error.hint}\n` : ''}`,
        ),
    })
  : undefined
await watcher?.ready

if (!stopping) {
  for (const info of running.host.list()) {
    process.stderr.write(`  ${info.name}@${info.version} (${info.kind}): ${info.state}\n`)
  }
  process.stdout.write(`example-host listening on ${running.url}\n`)
}

// A signal during start-up waits for the start to finish, then stops what started.
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    // A second signal: the operator does not want to wait.
    process.stderr.write(`example-host: ${signal} again, exiting now\n`)
    process.exit(130)
  }
  stopping = true
  process.stderr.write(`example-host: ${signal}, stopping\n`)
  const limit = setTimeout(() => fail(`shutdown took over ${SHUTDOWN_LIMIT_MS} ms`), SHUTDOWN_LIMIT_MS)
  limit.unref()
  try {
    await watcher?.close()
    await (await starting).close()
  } catch (error) {
    fail(`shutdown failed: ${(error as Error).message}`)
  }
  process.stderr.write('example-host: stopped\n')
  process.exit(0)
}
