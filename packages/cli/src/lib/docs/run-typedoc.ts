import { existsSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Logger, LogLevel, MinimalNode, MinimalSourceFile } from 'typedoc'

/** A message typedoc logged, with its place when it has one. */
export interface DocsMessage {
  level: 'error' | 'warning'
  text: string
  /** Relative to the plugin folder. */
  file?: string
  line?: number
  column?: number
}

/** What a typedoc run produced. */
export interface TypedocOutcome {
  ok: boolean
  errors: DocsMessage[]
  warnings: DocsMessage[]
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colours typedoc puts into TypeScript's diagnostics
const ANSI = /\u001b\[[0-9;]*m/g
const TS_DIAGNOSTIC = /^(.+?):(\d+):(\d+) - (?:error|warning) (TS\d+): (.*)/

/**
 * Runs typedoc on the plugin's entry sources into `out`: markdown (typedoc-plugin-markdown) or
 * html, no links to sources, the project's tsconfig.json when it has one. Reads no typedoc
 * options from the command line or the project, so the result does not depend on where pdk runs.
 */
export async function runTypedoc(
  cwd: string,
  sources: string[],
  out: string,
  format: 'markdown' | 'html',
  name: string,
): Promise<TypedocOutcome> {
  const typedoc = await import('typedoc')
  const tsconfig = join(cwd, 'tsconfig.json')
  const plugin = format === 'markdown' ? [fileURLToPath(import.meta.resolve('typedoc-plugin-markdown'))] : []
  const messages: DocsMessage[] = []
  const app = await typedoc.Application.bootstrapWithPlugins(
    {
      name,
      entryPoints: sources.map((file) => join(cwd, file)),
      entryPointStrategy: 'resolve',
      ...(existsSync(tsconfig)
        ? { tsconfig }
        : {
            compilerOptions: {
              target: 'es2023',
              module: 'nodenext',
              moduleResolution: 'nodenext',
              strict: true,
              skipLibCheck: true,
            },
          }),
      plugin,
      out,
      readme: 'none',
      disableSources: true,
      disableGit: true,
      sourceLinkTemplate: '',
      hideGenerator: true,
      excludePrivate: true,
      excludeInternal: true,
      logLevel: 'Warn',
      cleanOutputDir: true,
    } as never,
    [new typedoc.TSConfigReader()],
  )
  app.logger = collectingLogger(typedoc, cwd, messages)
  const project = await app.convert()
  if (project && !app.logger.hasErrors()) await app.generateOutputs(project)
  const errors = messages.filter((m) => m.level === 'error')
  if (!project && errors.length === 0)
    errors.push({ level: 'error', text: 'typedoc could not convert the entry points.' })
  return {
    ok: errors.length === 0 && project !== undefined,
    errors,
    warnings: messages.filter((m) => m.level === 'warning'),
  }
}

function collectingLogger(typedoc: typeof import('typedoc'), cwd: string, messages: DocsMessage[]): Logger {
  let place: Pick<DocsMessage, 'file' | 'line' | 'column'> = {}
  const where = (fileName: string, pos: number, file: MinimalSourceFile) => {
    const { line, character } = file.getLineAndCharacterOfPosition(pos)
    return { file: relativeTo(cwd, fileName), line: line + 1, column: character + 1 }
  }
  class CollectingLogger extends typedoc.Logger {
    protected override addContext(
      message: string,
      _level: Exclude<LogLevel, LogLevel.None>,
      ...args: [MinimalNode?] | [number, MinimalSourceFile]
    ): string {
      const [first, second] = args
      if (typeof first === 'number' && second) place = where(second.fileName, first, second)
      else if (first && typeof first === 'object') {
        const source = first.getSourceFile()
        place = where(source.fileName, first.getStart(), source)
      } else place = {}
      return message
    }
    override log(message: string, level: LogLevel): void {
      super.log(message, level)
      if (level < typedoc.LogLevel.Warn) return
      const plain = message.replace(ANSI, '').trim()
      const diagnostic = TS_DIAGNOSTIC.exec(plain)
      const entry: DocsMessage = diagnostic
        ? {
            level: level === typedoc.LogLevel.Error ? 'error' : 'warning',
            text: `${diagnostic[5]} [${diagnostic[4]}]`,
            file: relativeTo(cwd, diagnostic[1] as string),
            line: Number(diagnostic[2]),
            column: Number(diagnostic[3]),
          }
        : { level: level === typedoc.LogLevel.Error ? 'error' : 'warning', text: plain, ...place }
      messages.push(entry)
      place = {}
    }
  }
  return new CollectingLogger()
}

function relativeTo(cwd: string, file: string): string {
  return isAbsolute(file) ? relative(cwd, file) : relative(cwd, join(process.cwd(), file))
}
