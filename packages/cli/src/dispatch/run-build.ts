import { resolve } from 'node:path'
import type { BuildResult } from '../lib/build/build-types.js'
import { type Colors, colors } from '../render/colors.js'
import type { Progress } from '../render/progress.js'

/** The flags of `pdk build`, as parsed (booleans that were not given are undefined). */
export interface BuildFlags {
  json?: boolean
  watch?: boolean
  'bundle-deps'?: boolean
  typecheck?: boolean
  declarations?: boolean
  metafile?: boolean
  minify?: boolean
}

/** What the command body needs of the command that runs it (oclif's, or bin/run.js's fast dispatch). */
export interface BuildIo {
  /** The command's progress on stderr. */
  progress(): Progress
  /** Prints the result (JSON or text) and sets the exit code. */
  report(result: BuildResult, render: (result: BuildResult, c: Colors) => string): BuildResult
  /** One build of watch mode: an NDJSON line with --json, else the human line. */
  event(value: BuildResult, human: string): void
}

/**
 * The body of `pdk build`: builds once and prints the result, or with --watch rebuilds on save
 * and prints one line per build until SIGINT/SIGTERM. Both the oclif command and the fast
 * dispatch of bin/run.js run it, so they cannot drift apart.
 */
export async function runBuild(path: string, flags: BuildFlags, io: BuildIo): Promise<BuildResult | undefined> {
  const [{ buildPlugin }, { renderBuild, renderRebuild }] = await Promise.all([
    import('../lib/build-plugin.js'),
    import('../render/build.js'),
  ])
  const options = {
    cwd: resolve(path),
    bundleDeps: flags['bundle-deps'] ?? false,
    typecheck: flags.typecheck ?? true,
    declarations: flags.declarations ?? true,
    metafile: flags.metafile ?? false,
    minify: flags.minify ?? false,
  }
  if (!flags.watch) return io.report(await buildPlugin({ ...options, progress: io.progress() }), renderBuild)

  const controller = new AbortController()
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  io.progress().info('Watching for changes; press Ctrl-C to stop.')
  try {
    await buildPlugin({
      ...options,
      watch: true,
      signal: controller.signal,
      onRebuild: (result) => io.event(result, renderRebuild(result, colors(process.stdout))),
    })
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
  return undefined
}
