import { dirname, join, sep } from 'node:path'
import { PdkError } from '../errors.js'
import { type HostCore, hostLog } from './host-core.js'
import type { Host, PluginWatcher, WatchOptions } from './host-types.js'
import type { PluginRecord } from './plugin-record.js'

// Never a plugin's own code: dependencies, version control, pdk's own state, sourcemaps.
const IGNORED = /(?:^|[\\/])(?:node_modules|\.git|\.pdk)(?:[\\/]|$)|\.map$/

/**
 * Watches each folder plugin's package.json and the folder of its entry (what `pdk build`
 * writes), and reloads the plugin once its files have been quiet for `debounceMs`. Plugins
 * added to the host later are watched as they appear. In-memory plugins have no files.
 */
export function watchPlugins(core: HostCore, host: Host, options: WatchOptions = {}): PluginWatcher {
  const debounceMs = options.debounceMs ?? 100
  if (!Number.isFinite(debounceMs) || debounceMs < 0) {
    throw new PdkError('PDK_INVALID_ARGUMENT', `host.watch(): debounceMs must be a number ≥ 0, got ${debounceMs}.`, {
      hint: 'Pass { debounceMs: 100 } or leave it out.',
    })
  }
  const only = options.plugins === undefined ? undefined : new Set(options.plugins)
  const roots = new Map<string, string>()
  const timers = new Map<string, NodeJS.Timeout>()
  let closed = false
  let watcher: import('chokidar').FSWatcher | undefined

  const watchable = (record: PluginRecord): boolean =>
    record.definition === undefined && record.dir !== undefined && (only === undefined || only.has(record.name))

  const pathsOf = (record: PluginRecord): string[] => {
    const dir = record.dir!
    const paths = [join(dir, 'package.json')]
    if (record.entry !== undefined) {
      const entryDir = dirname(record.entry)
      paths.push(entryDir)
      roots.set(entryDir, record.name)
    }
    roots.set(dir, record.name)
    return paths
  }

  // The plugin whose folder holds `path`: the deepest root wins (a plugin inside another's folder).
  const ownerOf = (path: string): string | undefined => {
    let best: string | undefined
    let owner: string | undefined
    for (const [root, name] of roots) {
      if ((path === root || path.startsWith(root + sep)) && (best === undefined || root.length > best.length)) {
        best = root
        owner = name
      }
    }
    return owner
  }

  const reload = (name: string) => {
    timers.delete(name)
    if (closed || !core.records.has(name)) return
    host.reload(name).then(
      (result) => options.onReload?.({ name, result }),
      (error: unknown) => {
        const data = PdkError.from(error).toJSON()
        if (options.onReload) options.onReload({ name, error: data })
        else hostLog(core, 'error', data.message, { error: data }, core.records.get(name))
      },
    )
  }

  const changed = (path: string) => {
    const name = ownerOf(path)
    if (name === undefined || closed) return
    const pending = timers.get(name)
    if (pending !== undefined) clearTimeout(pending)
    timers.set(name, setTimeout(reload, debounceMs, name))
  }

  const initial = [...core.records.values()].filter(watchable).flatMap(pathsOf)
  const offState = host.on('state', (change) => {
    const record = core.records.get(change.name)
    if (watcher === undefined || record === undefined || !watchable(record)) return
    if ([...roots.values()].includes(record.name)) return
    watcher.add(pathsOf(record))
  })

  const ready = import('chokidar').then(({ watch }) => {
    if (closed) return
    watcher = watch(initial, { ignoreInitial: true, ignored: (path: string) => IGNORED.test(path) })
    for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, changed)
    watcher.on('error', (error: unknown) =>
      hostLog(core, 'warn', `Watching plugin files failed: ${(error as Error).message}`),
    )
    return new Promise<void>((resolve) => watcher!.once('ready', () => resolve()))
  })

  return {
    ready,
    async close() {
      closed = true
      offState()
      for (const timer of timers.values()) clearTimeout(timer)
      timers.clear()
      await ready.catch(() => undefined)
      await watcher?.close()
    },
  }
}
