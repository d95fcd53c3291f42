import type { BuildOptions } from 'esbuild'
import type { BuildPlan } from './build-plan.js'

/** What shapes the bundle besides the manifest. */
export interface BundleSettings {
  /** esbuild's target, from `engines.node`. */
  target: string
  /** Inline `dependencies` instead of leaving them to `import` (peer dependencies always stay imports). @default false */
  bundleDeps?: boolean
  /** @default false */
  minify?: boolean
  /** @default false */
  metafile?: boolean
}

// ESM output cannot `require()`; a CommonJS dependency inlined into the bundle still calls it,
// so the bundle defines `require` from `createRequire` (and the CommonJS globals it may read).
const CREATE_REQUIRE_BANNER = [
  "import { createRequire as __pdkCreateRequire } from 'node:module'",
  "import { fileURLToPath as __pdkFileURLToPath } from 'node:url'",
  "import { dirname as __pdkDirname } from 'node:path'",
  'const require = __pdkCreateRequire(import.meta.url)',
  'const __filename = __pdkFileURLToPath(import.meta.url)',
  'const __dirname = __pdkDirname(__filename)',
].join('\n')

/** The esbuild options of a plugin build: one ESM bundle per entry, platform node, sourcemaps, peer dependencies external, dependencies external unless `bundleDeps`. */
export function esbuildOptions(
  cwd: string,
  plan: BuildPlan,
  settings: BundleSettings,
): BuildOptions & { write: false } {
  const extension = plan.entries[0]?.outExtension ?? '.js'
  const options: BuildOptions & { write: false } = {
    absWorkingDir: cwd,
    entryPoints: plan.entries
      .filter((entry) => entry.source !== undefined)
      .map((entry) => ({ in: entry.source as string, out: entry.outName })),
    outdir: plan.outDir,
    outExtension: { '.js': extension },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: settings.target,
    sourcemap: 'linked',
    minify: settings.minify ?? false,
    metafile: settings.metafile ?? false,
    write: false,
    logLevel: 'silent',
    color: false,
  }
  // Peer dependencies (@pdk/core first) are the host's: always imports, never a second copy.
  // Dependencies stay imports too unless `bundleDeps`; only names the manifest lists are
  // externalised (`packages: 'external'` would also hide a dependency the author forgot to list).
  const peers = Object.keys(plan.manifest.peerDependencies ?? {})
  const dependencies = settings.bundleDeps ? [] : Object.keys(plan.manifest.dependencies ?? {})
  options.external = [...peers, ...dependencies].flatMap((name) => [name, `${name}/*`])
  if (settings.bundleDeps) options.banner = { js: CREATE_REQUIRE_BANNER }
  return options
}
