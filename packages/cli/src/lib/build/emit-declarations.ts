import { existsSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import type { CompilerHost, CompilerOptions, Diagnostic, Program, SourceFile } from 'typescript'
import type { RawMessage } from './build-message.js'
import { loadTypeScript, saveTypeScriptCodeCache } from './load-typescript.js'

/** The declaration files of a build, in memory, by path relative to the output folder. */
export interface DeclarationOutput {
  files: Map<string, string>
  errors: RawMessage[]
  /** Pass back in on the next emit (watch) so unchanged files are not parsed again; only when asked for. */
  reuse?: DeclarationReuse
}

/** What one emit leaves for the next in watch mode: the program and its parsed files by path. */
export interface DeclarationReuse {
  program: Program
  /** Parsed files with the stamp (`mtime:size:target`) they were parsed at. */
  files: Map<string, { stamp: string; file: SourceFile }>
}

/**
 * Emits `.d.ts` files for the entries with pdk's own TypeScript (the compiler API; the project's
 * TypeScript may be a version without one). The project's `tsconfig.json` applies, with the output
 * redirected: `src/x.ts` gives `x.d.ts` in the output folder, next to `x.js`. `reusable` (watch
 * mode) makes the result carry what the next emit reuses; `previous` is what the last one left.
 */
export async function emitDeclarations(
  cwd: string,
  sources: string[],
  previous?: DeclarationReuse,
  reusable = previous !== undefined,
): Promise<DeclarationOutput> {
  const ts = loadTypeScript()
  const srcDir = resolve(cwd, 'src')
  // A virtual output folder: files are captured in memory and land in the staging folder later.
  const outDir = resolve(cwd, '.pdk-declarations')
  const project = projectOptions(ts, cwd)
  const options: CompilerOptions = {
    ...project.options,
    declaration: true,
    emitDeclarationOnly: true,
    noEmit: false,
    noEmitOnError: false,
    // The full type-check is tsc's job, beside the bundle; the declaration emitter asks the checker only for what it prints.
    noCheck: true,
    declarationMap: false,
    sourceMap: false,
    inlineSourceMap: false,
    composite: false,
    incremental: false,
    outDir,
    rootDir: srcDir,
  }
  delete options.declarationDir
  delete options.tsBuildInfoFile
  delete options.outFile
  const host = ts.createCompilerHost(options)
  // JSDoc is parsed only where it carries types: in JavaScript files. The API's default parses
  // every comment of every file (lib, @types); tsc also parses those with @see or @link, for
  // errors the declarations do not check. Declarations copy comments as text, so they come out
  // the same (a test compares them with the default's and with tsc's).
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeInfo
  const files = new Map<string, string>()
  host.writeFile = (fileName, text) => {
    files.set(relative(outDir, fileName).split('\\').join('/'), text)
  }
  // Module resolution asks about the same folders again and again (~2,400 questions about ~370
  // folders for a small plugin with @types/node); one emit takes one answer for each.
  const directories = new Map<string, boolean>()
  const directoryExists = host.directoryExists?.bind(host)
  if (directoryExists) {
    host.directoryExists = (dir) => {
      const known = directories.get(dir)
      if (known !== undefined) return known
      const exists = directoryExists(dir)
      directories.set(dir, exists)
      return exists
    }
  }
  // A one-off build keeps nothing for a next one: no stamps to take of every file it reads.
  const parsed = reusable ? reuseSourceFiles(host, previous?.files) : undefined
  const program = ts.createProgram({
    rootNames: sources.map((file) => resolve(cwd, file)),
    options,
    host,
    ...(previous && { oldProgram: previous.program }),
  })
  const emitted = program.emit(undefined, undefined, undefined, true)
  // Syntax errors first: a file that does not parse gives no declarations worth reporting.
  const diagnostics = [
    ...project.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...emitted.diagnostics,
  ].filter((d) => d.category === ts.DiagnosticCategory.Error)
  const errors: RawMessage[] = diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    const [first = text, ...notes] = text.split('\n')
    const message: RawMessage = {
      source: 'declarations',
      text: first,
      code: `TS${d.code}`,
      notes: notes.map((n) => n.trim()),
    }
    if (d.file && d.start !== undefined) {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
      message.file = relative(cwd, d.file.fileName)
      message.line = line + 1
      message.column = character
      message.length = d.length ?? 0
    }
    return message
  })
  saveTypeScriptCodeCache(errors.length === 0)
  return { files, errors, ...(parsed && { reuse: { program, files: parsed } }) }
}

/**
 * Makes `host` hand out the previous build's parsed file when the file on disk has not changed
 * (same mtime and size), so a rebuild parses only what was saved, not the libs and @types.
 */
function reuseSourceFiles(
  host: CompilerHost,
  previous: Map<string, { stamp: string; file: SourceFile }> | undefined,
): Map<string, { stamp: string; file: SourceFile }> {
  const parsed = new Map<string, { stamp: string; file: SourceFile }>()
  const read = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    let stamp: string | undefined
    try {
      const stats = statSync(fileName)
      const target =
        typeof languageVersionOrOptions === 'object'
          ? JSON.stringify(languageVersionOrOptions)
          : languageVersionOrOptions
      stamp = `${stats.mtimeMs}:${stats.size}:${target}`
    } catch {
      stamp = undefined
    }
    const hit = stamp === undefined ? undefined : previous?.get(fileName)
    const file =
      hit?.stamp === stamp && hit ? hit.file : read(fileName, languageVersionOrOptions, onError, shouldCreate)
    if (file && stamp !== undefined) parsed.set(fileName, { stamp, file })
    return file
  }
  return parsed
}

function projectOptions(
  ts: typeof import('typescript'),
  cwd: string,
): { options: CompilerOptions; errors: readonly Diagnostic[] } {
  const configFile = join(cwd, 'tsconfig.json')
  if (!existsSync(configFile)) {
    const options = {
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      skipLibCheck: true,
    }
    return { options, errors: [] }
  }
  const read = ts.readConfigFile(configFile, ts.sys.readFile)
  if (read.error) return { options: {}, errors: [read.error] }
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, cwd, undefined, configFile)
  // "No inputs were found" (TS18003) is about the config's `include`, which declarations do not use.
  return { options: { skipLibCheck: true, ...parsed.options }, errors: parsed.errors.filter((e) => e.code !== 18003) }
}
