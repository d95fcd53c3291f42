import { existsSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import type { CompilerOptions, Diagnostic, Program } from 'typescript'
import type { RawMessage } from './build-message.js'

/** The declaration files of a build, in memory, by path relative to the output folder. */
export interface DeclarationOutput {
  files: Map<string, string>
  errors: RawMessage[]
  /** Pass back in on the next emit (watch) so unchanged files are not parsed again. */
  program: Program
}

/**
 * Emits `.d.ts` files for the entries with pdk's own TypeScript (the compiler API; the project's
 * TypeScript may be a version without one). The project's `tsconfig.json` applies, with the output
 * redirected: `src/x.ts` gives `x.d.ts` in the output folder, next to `x.js`.
 */
export async function emitDeclarations(
  cwd: string,
  sources: string[],
  oldProgram?: Program,
): Promise<DeclarationOutput> {
  const ts = (await import('typescript')).default
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
  const files = new Map<string, string>()
  host.writeFile = (fileName, text) => {
    files.set(relative(outDir, fileName).split('\\').join('/'), text)
  }
  const program = ts.createProgram({
    rootNames: sources.map((file) => resolve(cwd, file)),
    options,
    host,
    ...(oldProgram && { oldProgram }),
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
  return { files, errors, program }
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
