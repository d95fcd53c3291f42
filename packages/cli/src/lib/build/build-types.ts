import type { Metafile } from 'esbuild'
import type { Progress } from '../../render/progress.js'
import type { BuildMessage } from './build-message.js'

/** Options of `buildPlugin`. */
export interface BuildPluginOptions {
  /** The plugin folder (with its package.json). */
  cwd: string
  /** Rebuild on every save until `signal` aborts; `onRebuild` hears each build. @default false */
  watch?: boolean
  /** Inline `dependencies` into the bundle; peer dependencies (the host's, like @pdk/core) always stay imports. @default false */
  bundleDeps?: boolean
  /** Run the project's `tsc --noEmit` beside the bundle; type errors fail the build. @default true */
  typecheck?: boolean
  /** Emit `.d.ts` files with pdk's TypeScript. @default true */
  declarations?: boolean
  /** Write esbuild's metafile to `<outDir>/metafile.json` and return it. @default false */
  metafile?: boolean
  /** @default false */
  minify?: boolean
  /** Progress of the first build (the watch rebuilds report through `onRebuild`). */
  progress?: Progress
  /** Called after every build in watch mode, the first one included. */
  onRebuild?: (result: BuildResult) => void
  /** Stops watch mode; `buildPlugin` then resolves with the last result. */
  signal?: AbortSignal
}

/** One file the build wrote. */
export interface BuildOutput {
  /** Relative to the plugin folder (`dist/index.js`). */
  file: string
  bytes: number
  kind: 'bundle' | 'sourcemap' | 'declarations' | 'metafile'
}

/** What `buildPlugin` returns (and, in watch mode, what each rebuild reports). */
export interface BuildResult {
  ok: boolean
  /** The plugin folder. */
  cwd: string
  /** The output folder, relative to the plugin folder (`dist`). */
  outDir: string
  /** esbuild's target (`node22.0.0`). */
  target: string
  /** Files written, sorted; empty when the build failed (the previous output is untouched). */
  outputs: BuildOutput[]
  warnings: BuildMessage[]
  errors: BuildMessage[]
  /** Plain remarks: defaults taken, a TypeScript borrowed from pdk. */
  notes: string[]
  durationMs: number
  /** The number of this build in watch mode (1 for the first). */
  build?: number
  metafile?: Metafile
}
