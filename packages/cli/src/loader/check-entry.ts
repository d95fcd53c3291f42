// The child process of `pdk validate` that loads a plugin's built entry. It runs under Node's
// permission model (read access to the project, its dependencies and this script; no writes,
// no child processes, no workers), so the entry can do no harm, and in its own process, so a
// crash or a hang costs validate a finding, not its life.
//
// Everything the result depends on is captured before the entry runs: the entry may patch
// globals, print to stdout or call process.exit. The result goes to fd 3 (a pipe of its own)
// tagged with a nonce the entry cannot read (taken out of the environment first).
//
// It imports nothing but Node's own modules: @pdk/core's public entry loads the whole host
// runtime, which a plugin that does not import @pdk/core itself would otherwise pay for in every check.
import { writeSync } from 'node:fs'
import module from 'node:module'

/** What the parent reads from fd 3. */
export interface EntryCheckMessage {
  nonce: string
  /** `plugin`: default export is a plugin definition; `not-plugin`: it is something else; `threw`: import failed. */
  status: 'plugin' | 'not-plugin' | 'threw'
  /** `typeof` the default export, `'missing'` without one. */
  defaultType?: string
  /** The module's export names. */
  exports?: string[]
  /** The files (URLs) that loading the entry loaded outside any node_modules; absent when Node cannot tell. */
  files?: string[]
  error?: { name: string; message: string; code?: string; permission?: string; resource?: string; stack?: string }
}

const write = writeSync
const stringify = JSON.stringify
const exit = process.exit.bind(process)
const nonce = process.env.PDK_ENTRY_NONCE ?? ''
delete process.env.PDK_ENTRY_NONCE
const entryUrl = process.argv[2] ?? ''
// @pdk/core's PLUGIN_MARK: definePlugin registers it with Symbol.for so any copy of @pdk/core
// recognises any other's definitions. Taken before the entry runs, which may replace Symbol.for.
const PLUGIN_MARK = Symbol.for('pdk.plugin')

/** Exactly @pdk/core's `isPluginDefinition` (check-entry.test.ts keeps the two equal). */
function isPluginDefinition(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_MARK] === true
}

// Every file the entry loads, imported or required: validate's cache keys a good result on their
// contents (installed packages, inside node_modules, are known by their version instead).
const loaded = new Set<string>()
const tracking = typeof module.registerHooks === 'function'
if (tracking)
  module.registerHooks({
    load(url, context, next) {
      if (url.startsWith('file:') && !url.includes('/node_modules/')) loaded.add(url)
      return next(url, context)
    },
  })

function send(message: Omit<EntryCheckMessage, 'nonce'>): void {
  write(3, `${stringify({ nonce, ...message })}\n`)
}

try {
  const namespace = (await import(entryUrl)) as Record<string, unknown>
  const exportNames = Object.keys(namespace)
  const value = namespace.default
  const defaultType = !('default' in namespace) ? 'missing' : value === null ? 'null' : typeof value
  send({
    status: isPluginDefinition(value) ? 'plugin' : 'not-plugin',
    defaultType,
    exports: exportNames,
    ...(tracking && { files: [...loaded] }),
  })
} catch (error) {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as Record<
    string,
    unknown
  >
  send({
    status: 'threw',
    error: {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: typeof e.message === 'string' ? e.message : String(error),
      ...(typeof e.code === 'string' && { code: e.code }),
      ...(typeof e.permission === 'string' && { permission: e.permission }),
      ...(typeof e.resource === 'string' && { resource: e.resource }),
      ...(typeof e.stack === 'string' && { stack: e.stack }),
    },
  })
}
// The entry may have left timers or servers running: loading it is all that was asked.
exit(0)
