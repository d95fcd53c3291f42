import { existsSync, type FSWatcher, watch } from 'node:fs'
import { join } from 'node:path'
import { type BuildSession, buildOnce } from './build-once.js'
import type { BuildPluginOptions, BuildResult } from './build-types.js'

// Editors save in bursts (write, rename, touch): one rebuild per burst.
const SETTLE_MS = 20

/**
 * Builds, then rebuilds on every change under `src/`, `package.json` or `tsconfig.json` with an
 * incremental esbuild context and a reused TypeScript program, until `options.signal` aborts.
 * Each build is reported through `onRebuild`; resolves with the last result.
 */
export async function watchBuild(options: BuildPluginOptions): Promise<BuildResult> {
  const session: BuildSession = { count: 1 }
  const report = options.onRebuild ?? (() => {})
  // Watching starts before the first build, so a save during that build is not missed and a
  // caller that saves right after hearing of the first build is heard too. Node's own
  // recursive fs.watch passes every event on; chokidar's stat-and-throttle filtering was seen
  // to drop a save made right after a rebuild.
  let onChange = () => {
    changed = true
  }
  let changed = false
  const watchers = startWatching(options.cwd, () => onChange())
  let last = await safeBuild(options, session)
  report(last)
  if (options.signal?.aborted) {
    for (const watcher of watchers) watcher.close()
    return finish(session, last)
  }

  let running: Promise<void> | undefined
  let again = false
  let timer: NodeJS.Timeout | undefined
  const rebuild = () => {
    if (running) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        last = await safeBuild(options, session)
        if (!options.signal?.aborted) report(last)
      } while (again && !options.signal?.aborted)
      running = undefined
    })()
  }
  onChange = () => {
    clearTimeout(timer)
    timer = setTimeout(rebuild, SETTLE_MS)
  }
  if (changed) rebuild()

  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve()
    else options.signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  clearTimeout(timer)
  for (const watcher of watchers) watcher.close()
  await running
  return finish(session, last)
}

/** Watches `src/` (recursively) and the project's `package.json` and `tsconfig.json`. */
function startWatching(cwd: string, onChange: () => void): FSWatcher[] {
  const watchers = [
    watch(cwd, (_event, file) => {
      if (file === 'package.json' || file === 'tsconfig.json') onChange()
    }),
  ]
  // Without src/ the first build already says which entry has no source.
  if (existsSync(join(cwd, 'src'))) watchers.push(watch(join(cwd, 'src'), { recursive: true }, onChange))
  // A folder removed while watching ends its watcher; the next build reports what is missing.
  for (const watcher of watchers) watcher.on('error', () => {})
  return watchers
}

async function finish(session: BuildSession, last: BuildResult): Promise<BuildResult> {
  await session.context?.dispose()
  return last
}

/** A build that throws (package.json broken mid-session) is reported as a failed build, not the end of watching. */
async function safeBuild(options: BuildPluginOptions, session: BuildSession): Promise<BuildResult> {
  const started = performance.now()
  try {
    return await buildOnce(options, session)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return {
      ok: false,
      cwd: options.cwd,
      outDir: '',
      target: '',
      outputs: [],
      warnings: [],
      errors: [{ source: 'pdk', text: message, frame: `✘ [ERROR] ${message}` }],
      notes: [],
      durationMs: Math.round(performance.now() - started),
      build: session.count,
    }
  }
}
