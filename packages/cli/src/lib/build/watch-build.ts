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
  const { watch } = await import('chokidar')
  const session: BuildSession = { count: 1 }
  const report = options.onRebuild ?? (() => {})
  // Watching starts before the first build, so a save during that build is not missed and a
  // caller that saves right after hearing of the first build is heard too.
  const watcher = watch(
    [join(options.cwd, 'src'), join(options.cwd, 'package.json'), join(options.cwd, 'tsconfig.json')],
    { ignoreInitial: true, ignored: (path) => path.includes('node_modules') },
  )
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  let changed = false
  watcher.on('all', () => {
    changed = true
  })
  let last = await safeBuild(options, session)
  report(last)
  if (options.signal?.aborted) {
    await watcher.close()
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
  watcher.removeAllListeners('all')
  watcher.on('all', () => {
    clearTimeout(timer)
    timer = setTimeout(rebuild, SETTLE_MS)
  })
  if (changed) rebuild()

  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve()
    else options.signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  clearTimeout(timer)
  await watcher.close()
  await running
  return finish(session, last)
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
