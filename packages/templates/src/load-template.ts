import { existsSync } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { templateError } from './template-error.js'
import { checkTemplateManifest, type TemplateManifest } from './template-manifest.js'

/** The folder of the built-in templates (`@pdk/templates/templates`). */
export const BUILTIN_TEMPLATES_DIR = join(dirname(dirname(fileURLToPath(import.meta.url))), 'templates')

/** The built-in template names, in the order `pdk init` offers them. */
export const BUILTIN_TEMPLATES = ['extension', 'basic', 'system', 'integration', 'host'] as const

/** A loaded template: its manifest and where its files are. */
export interface Template {
  manifest: TemplateManifest
  /** The template folder (holds `template.json` and `files/`). */
  dir: string
  /** `files/` folders rendered in order: the layers', then the template's own. */
  fileDirs: string[]
  /** Where it came from: `builtin`, `folder` or `npm` (set by the loader's caller for npm). */
  source: 'builtin' | 'folder' | 'npm'
}

/** A template in a listing. */
export interface TemplateSummary {
  name: string
  description: string
  type: 'plugin' | 'host'
  kind?: string
}

/** True when `name` is one of the built-in templates. */
export function isBuiltinTemplate(name: string): name is (typeof BUILTIN_TEMPLATES)[number] {
  return (BUILTIN_TEMPLATES as readonly string[]).includes(name)
}

/** The built-in templates, with their descriptions. */
export async function listTemplates(): Promise<TemplateSummary[]> {
  const all = await Promise.all(BUILTIN_TEMPLATES.map((name) => loadTemplate(name)))
  return all.map(({ manifest }) => ({
    name: manifest.name,
    description: manifest.description,
    type: manifest.type ?? 'plugin',
    ...(manifest.kind !== undefined && { kind: manifest.kind }),
  }))
}

/**
 * Loads a template: a built-in name, or a folder holding `template.json` (absolute, or relative
 * to `cwd`). Throws `PDK_TEMPLATE` listing every problem of a broken template manifest.
 */
export async function loadTemplate(
  nameOrDir: string,
  options: { cwd?: string; source?: Template['source'] } = {},
): Promise<Template> {
  const builtin = isBuiltinTemplate(nameOrDir)
  const dir = builtin ? join(BUILTIN_TEMPLATES_DIR, nameOrDir) : resolve(options.cwd ?? process.cwd(), nameOrDir)
  const file = join(dir, 'template.json')
  if (!existsSync(file)) {
    const isDir = existsSync(dir) && (await stat(dir)).isDirectory()
    throw await templateError(
      isDir
        ? `"${dir}" is not a template: it has no template.json.`
        : `Template "${nameOrDir}" not found: there is no folder "${dir}".`,
      {
        hint: `Use a built-in template (${BUILTIN_TEMPLATES.join(', ')}), an npm package of templates, or a folder with a template.json (see docs/writing-templates.md).`,
        details: { file, template: nameOrDir },
      },
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw await templateError(`The template manifest "${file}" is not valid JSON: ${(error as Error).message}`, {
      hint: 'Fix the JSON syntax of template.json.',
      details: { file },
      cause: error,
    })
  }
  const findings = checkTemplateManifest(parsed, file)
  if (findings.length > 0) {
    const first = findings[0]!
    throw await templateError(
      `The template manifest "${file}" has ${findings.length} problem${findings.length === 1 ? '' : 's'}: ${findings
        .map((f) => `${f.message} (${f.pointer || '/'})`)
        .join(' ')}`,
      {
        hint: first.hint ?? 'Fix template.json (see docs/writing-templates.md).',
        details: { file, pointer: first.pointer, findings },
      },
    )
  }
  const manifest = parsed as TemplateManifest
  const fileDirs: string[] = []
  for (const [i, layer] of (manifest.layers ?? []).entries()) {
    const layerDir = resolve(dir, layer)
    // A layer may be a sibling folder of the same pack, never something outside the pack.
    const packRoot = dirname(dir)
    const rel = relative(packRoot, layerDir)
    if (isAbsolute(layer) || rel.startsWith('..') || rel.startsWith(sep)) {
      throw await templateError(
        `Layer "${layer}" of template "${manifest.name}" is outside its template pack "${packRoot}".`,
        {
          hint: 'Layers are folders beside the template, e.g. "../_plugin".',
          details: { file, pointer: `/layers/${i}` },
        },
      )
    }
    const layerFiles = join(layerDir, 'files')
    if (!existsSync(layerFiles)) {
      throw await templateError(
        `Layer "${layer}" of template "${manifest.name}" has no files/ folder ("${layerFiles}").`,
        {
          hint: 'A layer is a folder with a files/ folder inside.',
          details: { file, pointer: `/layers/${i}` },
        },
      )
    }
    fileDirs.push(layerFiles)
  }
  const own = join(dir, 'files')
  if (existsSync(own)) fileDirs.push(own)
  if (fileDirs.length === 0) {
    throw await templateError(
      `Template "${manifest.name}" has no files: "${own}" does not exist and it has no layers.`,
      {
        hint: 'Put the files the template renders in files/ beside template.json.',
        details: { file },
      },
    )
  }
  return { manifest, dir, fileDirs, source: options.source ?? (builtin ? 'builtin' : 'folder') }
}

/** Finds the template inside an unpacked npm package: `template.json` at its root, or `templates/<name>/`. */
export async function findTemplateInPackage(packageDir: string, name?: string): Promise<string> {
  if (name === undefined && existsSync(join(packageDir, 'template.json'))) return packageDir
  const packDir = join(packageDir, 'templates')
  const names = existsSync(packDir)
    ? (await readdir(packDir, { withFileTypes: true }))
        .filter((d) => d.isDirectory() && !d.name.startsWith('_') && existsSync(join(packDir, d.name, 'template.json')))
        .map((d) => d.name)
        .sort()
    : []
  if (name !== undefined) {
    if (names.includes(name)) return join(packDir, name)
    throw await templateError(
      `The package has no template "${name}"${names.length ? `; it has ${names.join(', ')}` : ''}.`,
      {
        hint: names.length
          ? `Pick one of: ${names.join(', ')}.`
          : 'A template package has template.json at its root or in templates/<name>/.',
        details: { dir: packageDir, template: name },
      },
    )
  }
  if (names.length === 1) return join(packDir, names[0]!)
  if (names.includes('default')) return join(packDir, 'default')
  throw await templateError(
    names.length === 0
      ? `The package in "${packageDir}" holds no template: no template.json at its root and none in templates/<name>/.`
      : `The package holds ${names.length} templates (${names.join(', ')}); say which one.`,
    {
      hint:
        names.length === 0
          ? 'Publish the template with template.json at the package root (see docs/writing-templates.md).'
          : `Use --template <package>#<name>, e.g. #${names[0]}.`,
      details: { dir: packageDir },
    },
  )
}
