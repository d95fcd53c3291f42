import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import ejs from 'ejs'
import type { Template } from './load-template.js'
import type { TemplateContext } from './template-context.js'
import { templateError } from './template-error.js'

/** One file a template produces, in memory. */
export interface RenderedFile {
  /** POSIX path relative to the project folder (`src/index.ts`, `.gitignore`). */
  path: string
  content: string | Buffer
  /** File mode of the source (keeps executable bits). */
  mode: number
}

/**
 * The output path of a template file: `.ejs` dropped, and a path segment's leading `_` turned
 * into `.` (`_gitignore` → `.gitignore`; npm never packs a file named `.gitignore`, and `_github`
 * keeps workflows out of the template package's own CI); `__` gives a literal `_`.
 */
export function outputPath(templatePath: string): string {
  return templatePath
    .split('/')
    .map((segment) =>
      segment.startsWith('__') ? segment.slice(1) : segment.startsWith('_') ? `.${segment.slice(1)}` : segment,
    )
    .join('/')
    .replace(/\.ejs$/, '')
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort()
}

/**
 * Renders every file of a template in memory (layers first, the template's own files win):
 * `*.ejs` files through ejs with `context`, the others copied as they are. Nothing touches the
 * disk, so a template that throws leaves nothing behind; the error names the file.
 */
export async function renderTemplateFiles(template: Template, context: TemplateContext): Promise<RenderedFile[]> {
  const { name, description, type = 'plugin', kind } = template.manifest
  const data = { ...context, template: { name, description, type, kind, dir: template.dir } }
  // Read every file at once; render in order, so the first failing file is the one reported.
  const sources = (
    await Promise.all(template.fileDirs.map(async (dir) => (await listFiles(dir)).map((rel) => ({ dir, rel }))))
  ).flat()
  const loaded = await Promise.all(
    sources.map(async ({ dir, rel }) => {
      const source = join(dir, rel)
      const [{ mode }, bytes] = await Promise.all([stat(source), readFile(source)])
      return { source, rel, mode, bytes }
    }),
  )
  const byPath = new Map<string, RenderedFile>()
  for (const { source, rel, mode, bytes } of loaded) {
    let content: string | Buffer = bytes
    if (rel.endsWith('.ejs')) {
      try {
        content = ejs.render(bytes.toString('utf8'), data, { filename: source })
      } catch (error) {
        // ejs prefixes the message with `file:line` and a code frame; keep the line and the reason.
        const lines = (error as Error).message.split('\n')
        const line = Number(/:(\d+)$/.exec(lines[0] ?? '')?.[1]) || undefined
        throw await templateError(
          `Template "${name}" failed while rendering "${source}"${line ? ` at line ${line}` : ''}: ${lines.at(-1)}`,
          {
            hint: 'Fix the template file (see docs/writing-templates.md for the values a template sees); nothing was written.',
            details: { file: source, ...(line && { line }), template: name },
            cause: error,
          },
        )
      }
    }
    const path = outputPath(rel)
    byPath.set(path, { path, content, mode: mode & 0o777 })
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path))
}

/** Writes rendered files under `dir` (which may not exist yet). */
export async function writeRenderedFiles(files: RenderedFile[], dir: string): Promise<void> {
  const targets = files.map((file) => ({ file, target: join(dir, ...file.path.split('/')) }))
  for (const folder of new Set(targets.map((t) => dirname(t.target)))) await mkdir(folder, { recursive: true })
  await Promise.all(
    targets.map(async ({ file, target }) => {
      await writeFile(target, file.content)
      if (file.mode & 0o111) await chmod(target, file.mode)
    }),
  )
}

/** Renders a template into `targetDir`; returns the paths written, relative to it. */
export async function renderTemplate(
  template: Template,
  context: TemplateContext,
  targetDir: string,
): Promise<string[]> {
  const files = await renderTemplateFiles(template, context)
  await writeRenderedFiles(files, targetDir)
  return files.map((f) => f.path)
}
