import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { PdkError } from '@pdk/core'
import type { Progress } from '../render/progress.js'
import { stagingDir, swapDir } from './build/replace-dir.js'
import { findSources, planBuild, readPackageJson } from './build/resolve-entries.js'
import { manifestPage } from './docs/manifest-page.js'
import { pageToHtml, pageToMarkdown } from './docs/render-page.js'
import type { DocsMessage } from './docs/run-typedoc.js'

export type { DocsMessage } from './docs/run-typedoc.js'

/** Where `pdk docs` writes when not told: `docs/api` inside the plugin folder. */
export const DEFAULT_DOCS_OUT = join('docs', 'api')

/** Options of `docsPlugin`. */
export interface DocsPluginOptions {
  /** The plugin folder. */
  cwd: string
  /** The folder to (re)place the docs in, relative to `cwd`. @default 'docs/api' */
  out?: string
  /** @default 'markdown' */
  format?: 'markdown' | 'html'
  progress?: Progress
}

/** What `docsPlugin` returns. */
export interface DocsResult {
  ok: boolean
  cwd: string
  /** The output folder, relative to `cwd`. */
  out: string
  format: 'markdown' | 'html'
  /** Files written, relative to `out`, sorted; empty when it failed (the previous docs are untouched). */
  files: string[]
  /** The page made from the manifest (`manifest.md` or `manifest.html`), relative to `out`. */
  manifestPage: string
  errors: DocsMessage[]
  warnings: DocsMessage[]
  durationMs: number
}

/**
 * Documents a plugin: typedoc API docs of its entry sources (markdown by default, or html) plus
 * a reference page made from its manifest. Everything is written into a staging folder and
 * swapped into `out` only when typedoc succeeded; a plugin with no TSDoc still gets both.
 * @example await docsPlugin({ cwd: './my-plugin', format: 'html' })
 */
export async function docsPlugin(options: DocsPluginOptions): Promise<DocsResult> {
  const started = performance.now()
  const cwd = resolve(options.cwd)
  const format = options.format ?? 'markdown'
  if (format !== 'markdown' && format !== 'html') {
    throw new PdkError('PDK_USAGE', `Unknown docs format "${format}".`, {
      hint: 'Use --format markdown or --format html.',
    })
  }
  const outAbs = resolve(cwd, options.out ?? DEFAULT_DOCS_OUT)
  guardOut(cwd, outAbs)
  const manifest = await readPackageJson(cwd)
  const plan = findSources(cwd, planBuild(manifest))
  const page = format === 'markdown' ? 'manifest.md' : 'manifest.html'
  const result = (errors: DocsMessage[], warnings: DocsMessage[], files: string[]): DocsResult => ({
    ok: errors.length === 0,
    cwd,
    out: relative(cwd, outAbs) || '.',
    format,
    files,
    manifestPage: page,
    errors,
    warnings,
    durationMs: Math.round(performance.now() - started),
  })

  const missing = plan.entries.filter((entry) => entry.source === undefined)
  if (missing.length > 0) {
    return result(
      missing.map((entry) => ({
        level: 'error',
        file: 'package.json',
        text: `The entry "${entry.target}" (package.json#${entry.pointer}) has no source to document: looked for ${entry.candidates.join(', ')}.`,
      })),
      [],
      [],
    )
  }
  const sources = [...new Set(plan.entries.map((entry) => entry.source as string))]

  // The parent of `out` may not exist yet; if this run made it and fails, it goes again.
  const parent = dirname(outAbs)
  const madeParent = !existsSync(parent)
  if (madeParent) await mkdir(parent, { recursive: true })
  const staging = stagingDir(outAbs)
  try {
    const { runTypedoc } = await import('./docs/run-typedoc.js')
    const run = () => runTypedoc(cwd, sources, staging, format, manifest.name)
    const outcome = options.progress ? await options.progress.task('typedoc', run) : await run()
    if (!outcome.ok) {
      await rm(staging, { recursive: true, force: true })
      if (madeParent) await rm(parent, { recursive: true, force: true })
      return result(outcome.errors, outcome.warnings, [])
    }
    const blocks = manifestPage(manifest)
    const text =
      format === 'markdown' ? pageToMarkdown(blocks) : pageToHtml(blocks, `${manifest.name} ${manifest.version}`)
    await mkdir(staging, { recursive: true })
    await writeFile(join(staging, page), text)
    const files = (await readdir(staging, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => relative(staging, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .sort()
    swapDir(staging, outAbs)
    return result([], outcome.warnings, files)
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    if (madeParent) await rm(parent, { recursive: true, force: true })
    throw error
  }
}

/** `out` is replaced as a whole: it must not be the plugin folder, one of its parents, or its sources. */
function guardOut(cwd: string, outAbs: string): void {
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + sep)
  const owned = [join(cwd, 'src'), join(cwd, 'node_modules')]
  if (inside(cwd, outAbs) || owned.some((dir) => inside(outAbs, dir))) {
    throw new PdkError(
      'PDK_USAGE',
      `The docs folder "${outAbs}" would replace the plugin's own files: pdk docs replaces its output folder as a whole.`,
      { hint: `Choose a folder of its own, e.g. --out ${DEFAULT_DOCS_OUT}.`, details: { out: outAbs } },
    )
  }
}
