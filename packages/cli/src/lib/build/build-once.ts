import { join, relative } from 'node:path'
import type { BuildContext, BuildOptions, BuildResult as EsbuildResult, Metafile, OutputFile } from 'esbuild'
import { type BuildMessage, formatBuildMessages, fromEsbuild, type RawMessage } from './build-message.js'
import { findSources, planBuildOrThrow, readPackageJson } from './build-plan.js'
import type { BuildOutput, BuildPluginOptions, BuildResult } from './build-types.js'
import { type DeclarationReuse, emitDeclarations } from './emit-declarations.js'
import { esbuildOptions } from './esbuild-options.js'
import { loadEsbuild } from './load-esbuild.js'
import { nodeTarget } from './node-target.js'
import { replaceDir } from './replace-dir.js'
import { runTypecheck, type TypecheckOutcome } from './run-typecheck.js'

/** What survives between builds of one watch session. */
export interface BuildSession {
  context?: BuildContext<BuildOptions & { write: false }>
  /** The entry sources the context was made for; another set needs a new context. */
  contextKey?: string
  declarations?: DeclarationReuse
  count: number
}

/** One build: bundle, declarations and type-check side by side; the output folder is replaced only when all pass. */
export async function buildOnce(
  options: BuildPluginOptions,
  session: BuildSession,
  update: (text: string) => void = () => {},
): Promise<BuildResult> {
  const started = performance.now()
  const { cwd } = options
  const plan = findSources(cwd, await planBuildOrThrow(await readPackageJson(cwd)))
  const { target, note } = nodeTarget(plan.manifest.engines?.node)
  const notes = note ? [note] : []
  const number = session.count++
  const result = (errors: BuildMessage[], warnings: BuildMessage[], outputs: BuildOutput[], metafile?: Metafile) => ({
    ok: errors.length === 0,
    cwd,
    outDir: plan.outDir,
    target,
    outputs,
    warnings,
    errors,
    notes,
    durationMs: Math.round(performance.now() - started),
    ...(options.watch && { build: number }),
    ...(metafile && { metafile }),
  })

  const missing: RawMessage[] = plan.entries
    .filter((entry) => entry.source === undefined)
    .map((entry) => ({
      source: 'pdk' as const,
      file: 'package.json',
      text: `The entry "${entry.target}" (package.json#${entry.pointer}) has no source: looked for ${entry.candidates.join(', ')}.`,
      notes: [`Create ${entry.candidates[0]}, or point package.json#${entry.pointer} at a file built from src/.`],
    }))
  if (missing.length > 0) return result(await formatBuildMessages(cwd, missing, 'error'), [], [])

  const sources = plan.entries.map((entry) => entry.source as string)
  // The type-check is a child process and esbuild a service process: both run while this
  // process builds the declarations.
  update('bundling, type-checking and emitting declarations')
  const typecheck: Promise<TypecheckOutcome> =
    options.typecheck === false ? Promise.resolve({ errors: [] }) : runTypecheck(cwd, sources)
  const esbuildSettings = {
    target,
    bundleDeps: options.bundleDeps ?? false,
    minify: options.minify ?? false,
    metafile: options.metafile ?? false,
  }
  const bundle = runEsbuild(esbuildOptions(cwd, plan, esbuildSettings), session, options.watch === true)
  // Catch now so a rejection does not go unhandled while declarations run synchronously.
  bundle.catch(() => {})
  typecheck.catch(() => {})
  const declarations =
    options.declarations === false
      ? undefined
      : await emitDeclarations(cwd, sources, session.declarations, options.watch === true)
  if (declarations && options.watch) session.declarations = declarations.reuse
  const [bundled, checked] = await Promise.all([bundle, typecheck])
  if (checked.note) notes.push(checked.note)

  const rawErrors = dedupe([...fromEsbuild(bundled.errors), ...(declarations?.errors ?? []), ...checked.errors])
  const files = new Map<string, string | Uint8Array>()
  const outputs: BuildOutput[] = []
  const outDirAbs = join(cwd, plan.outDir)
  for (const file of bundled.outputFiles ?? []) addOutput(file, outDirAbs, files, outputs, plan.outDir)
  for (const [file, text] of declarations?.files ?? []) {
    files.set(file, text)
    outputs.push({ file: `${plan.outDir}/${file}`, bytes: Buffer.byteLength(text), kind: 'declarations' })
  }
  if (declarations && declarations.errors.length === 0) {
    for (const types of plan.types) {
      const inside = types.target.replace(/^\.\//, '')
      if (!inside.startsWith(`${plan.outDir}/`) || files.has(inside.slice(plan.outDir.length + 1))) continue
      rawErrors.push({
        source: 'pdk',
        file: 'package.json',
        text: `"${types.target}" (package.json#${types.pointer}) is not produced by the build.`,
        notes: ['Declarations mirror src/: src/x.ts gives dist/x.d.ts. Point "types" at the declaration of an entry.'],
      })
    }
  }
  if (bundled.metafile && options.metafile) {
    const text = JSON.stringify(bundled.metafile, null, 2)
    files.set('metafile.json', text)
    outputs.push({ file: `${plan.outDir}/metafile.json`, bytes: Buffer.byteLength(text), kind: 'metafile' })
  }
  const [errors, warnings] = await Promise.all([
    formatBuildMessages(cwd, rawErrors, 'error'),
    formatBuildMessages(cwd, fromEsbuild(bundled.warnings), 'warning'),
  ])
  if (errors.length > 0) return result(errors, warnings, [])
  replaceDir(outDirAbs, files)
  outputs.sort((a, b) => a.file.localeCompare(b.file))
  return result(errors, warnings, outputs, options.metafile ? bundled.metafile : undefined)
}

async function runEsbuild(
  options: BuildOptions & { write: false },
  session: BuildSession,
  incremental: boolean,
): Promise<EsbuildResult> {
  const esbuild = loadEsbuild()
  try {
    if (!incremental) return await esbuild.build(options)
    const key = JSON.stringify(options.entryPoints)
    if (!session.context || session.contextKey !== key) {
      await session.context?.dispose()
      session.context = await esbuild.context(options)
      session.contextKey = key
    }
    return await session.context.rebuild()
  } catch (error) {
    // esbuild rejects with the messages attached; a failed build is a result, not a crash.
    const failure = error as { errors?: EsbuildResult['errors']; warnings?: EsbuildResult['warnings'] }
    if (!failure.errors) throw error
    return { errors: failure.errors, warnings: failure.warnings ?? [] } as unknown as EsbuildResult
  }
}

function addOutput(
  file: OutputFile,
  outDirAbs: string,
  files: Map<string, string | Uint8Array>,
  outputs: BuildOutput[],
  outDir: string,
) {
  const inside = relative(outDirAbs, file.path).split('\\').join('/')
  files.set(inside, file.contents)
  const kind = inside.endsWith('.map') ? 'sourcemap' : 'bundle'
  outputs.push({ file: `${outDir}/${inside}`, bytes: file.contents.byteLength, kind })
}

/**
 * The same problem reported by esbuild, the declaration emit and tsc is shown once, by the first.
 * A file esbuild could not parse gets only esbuild's errors: TypeScript's follow-on errors there are noise.
 */
function dedupe(messages: RawMessage[]): RawMessage[] {
  const unparsed = new Set(messages.filter((m) => m.source === 'esbuild' && m.file).map((m) => m.file))
  const seen = new Map<string, RawMessage['source']>()
  return messages.filter((message) => {
    if (message.source !== 'esbuild' && message.file !== undefined && unparsed.has(message.file)) return false
    const key =
      message.file !== undefined && message.line !== undefined
        ? `${message.file}:${message.line}`
        : `${message.code}:${message.text}`
    const first = seen.get(key)
    if (first !== undefined && first !== message.source) return false
    seen.set(key, message.source)
    return true
  })
}
