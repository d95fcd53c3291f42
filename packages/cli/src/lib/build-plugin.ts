import { buildOnce } from './build/build-once.js'
import type { BuildPluginOptions, BuildResult } from './build/build-types.js'

export type { BuildMessage, BuildMessageSource } from './build/build-message.js'
export type { BuildOutput, BuildPluginOptions, BuildResult } from './build/build-types.js'

/**
 * Builds a plugin: an ESM bundle per manifest entry (esbuild, Node target from `engines.node`),
 * `.d.ts` declarations (pdk's TypeScript) and a type-check (the project's `tsc`), side by side.
 * The output folder is replaced only when everything passed. With `watch`, rebuilds on save
 * until `signal` aborts and resolves with the last result.
 * @example const result = await buildPlugin({ cwd: './my-plugin', typecheck: false })
 */
export async function buildPlugin(options: BuildPluginOptions): Promise<BuildResult> {
  if (options.watch) {
    const { watchBuild } = await import('./build/watch-build.js')
    return watchBuild(options)
  }
  const session = { count: 1 }
  const run = (update: (text: string) => void) => buildOnce(options, session, update)
  return options.progress ? options.progress.task('Build', run) : run(() => {})
}
