import { existsSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import type { PdkErrorCode, PdkErrorOptions, PluginPackageJson } from '@pdk/core'

/** One bundle to make: the built file the manifest points at and the source it is made from. */
export interface BuildEntry {
  /** The manifest's target, as written (`./dist/index.js`). */
  target: string
  /** Where the target was found (`/exports/./import`, `/pdk/entry`, `/main`). */
  pointer: string
  /** The output path inside the output folder, without extension (`index`, `tools/cli`). */
  outName: string
  /** The output extension (`.js` or `.mjs`). */
  outExtension: string
  /** The source file, relative to the plugin folder (`src/index.ts`), or undefined when none exists. */
  source: string | undefined
  /** The source files that were looked for, for the error message when none exists. */
  candidates: string[]
}

/** What the manifest says about the build. */
export interface BuildPlan {
  manifest: PluginPackageJson
  /** The output folder, relative to the plugin folder (`dist`). */
  outDir: string
  entries: BuildEntry[]
  /** `types` targets of `exports` (and the top-level `types`), which the declarations must produce. */
  types: { target: string; pointer: string }[]
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.tsx', '.js', '.mjs']
const OUTPUT_EXTENSIONS = ['.js', '.mjs']

/** Why a manifest cannot be built: what `planBuild` throws as a `PdkError`. */
export interface BuildPlanProblem {
  code: PdkErrorCode
  message: string
  options: PdkErrorOptions
}

// @pdk/core (the whole host runtime, ~40 ms to import) loads only when there is an error to throw.
async function pdkError(code: PdkErrorCode, message: string, options: PdkErrorOptions): Promise<Error> {
  const { PdkError } = await import('@pdk/core')
  return new PdkError(code, message, options)
}

/** Reads `package.json` in `cwd`; throws a `PdkError` that names the file when it is missing or not JSON. */
export async function readPackageJson(cwd: string): Promise<PluginPackageJson> {
  const file = join(cwd, 'package.json')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw await pdkError('PDK_NOT_FOUND', `No package.json in "${cwd}": this folder is not a plugin project.`, {
      hint: 'Run the command in a plugin folder, pass its path, or create one with `pdk init`.',
      details: { file },
      cause: error,
    })
  }
  try {
    return JSON.parse(text) as PluginPackageJson
  } catch (error) {
    throw await pdkError('PDK_MANIFEST_INVALID', `"${file}" is not valid JSON: ${(error as Error).message}`, {
      hint: 'Fix the JSON syntax of package.json.',
      details: { file },
      cause: error,
    })
  }
}

/**
 * Works out what to build from the manifest. The rule: every JavaScript target of `pdk.entry`,
 * of the `import`/`default` conditions of `exports` and of `main` is a built file
 * `./<outDir>/<path>.js`, made from `src/<path>.ts` (or `.mts`, `.tsx`, `.js`, `.mjs`).
 * All targets must share one output folder, which the build replaces as a whole. A manifest
 * that breaks the rule gives the problem instead of a plan (`planBuild` throws it).
 */
export function tryPlanBuild(manifest: PluginPackageJson): BuildPlan | BuildPlanProblem {
  const targets = new Map<string, string>()
  const types: { target: string; pointer: string }[] = []
  const add = (target: unknown, pointer: string) => {
    // Subpath patterns (`./dist/*.js`) name no single file to bundle.
    if (typeof target !== 'string' || target.includes('*') || !OUTPUT_EXTENSIONS.includes(posix.extname(target))) return
    const key = normalise(target)
    if (!targets.has(key)) targets.set(key, pointer)
  }
  add(manifest.pdk?.entry, '/pdk/entry')
  collectExports(manifest.exports, '/exports', add, (target, pointer) => types.push({ target, pointer }))
  add(manifest.main, '/main')
  if (typeof manifest.types === 'string') types.push({ target: manifest.types, pointer: '/types' })

  if (targets.size === 0) {
    return {
      code: 'PDK_BUILD_FAILED',
      message: 'package.json names no entry to build: no "pdk.entry", "exports" or "main".',
      options: {
        hint: 'Add "exports": { ".": { "types": "./dist/index.d.ts", "import": "./dist/index.js" } } to package.json.',
        details: { file: 'package.json', pointer: '/exports' },
      },
    }
  }

  let outDir: string | undefined
  const entries: BuildEntry[] = []
  for (const [target, pointer] of targets) {
    const [dir, ...rest] = target.split('/')
    if (!dir || rest.length === 0 || dir === '..') {
      return {
        code: 'PDK_BUILD_FAILED',
        message: `The entry "${target}" (package.json#${pointer}) is not inside an output folder.`,
        options: {
          hint: 'Point the entry into a folder that the build owns, e.g. "./dist/index.js".',
          details: { file: 'package.json', pointer },
        },
      }
    }
    if (outDir !== undefined && dir !== outDir) {
      return {
        code: 'PDK_BUILD_FAILED',
        message: `The entries point into two output folders, "${outDir}" and "${dir}" (package.json#${pointer}).`,
        options: {
          hint: 'Put every built entry into one folder, e.g. "./dist/".',
          details: { file: 'package.json', pointer },
        },
      }
    }
    outDir = dir
    const inside = rest.join('/')
    const outExtension = posix.extname(inside)
    const stem = inside.slice(0, -outExtension.length)
    const candidates = SOURCE_EXTENSIONS.map((ext) => `src/${stem}${ext}`)
    entries.push({ target: `./${target}`, pointer, outName: stem, outExtension, source: undefined, candidates })
  }
  return { manifest, outDir: outDir as string, entries, types }
}

/** The plan of `manifest`, or a `PdkError` (loading @pdk/core only then) when it cannot be built. */
export async function planBuildOrThrow(manifest: PluginPackageJson): Promise<BuildPlan> {
  const planned = tryPlanBuild(manifest)
  if ('code' in planned) throw await pdkError(planned.code, planned.message, planned.options)
  return planned
}

/** Fills in each entry's `source` with the first candidate that exists in `cwd`. */
export function findSources(cwd: string, plan: BuildPlan): BuildPlan {
  for (const entry of plan.entries) entry.source = entry.candidates.find((file) => existsSync(join(cwd, file)))
  return plan
}

function normalise(target: string): string {
  return posix.normalize(target).replace(/^\.\//, '')
}

function collectExports(
  value: unknown,
  pointer: string,
  addImport: (target: unknown, pointer: string) => void,
  addTypes: (target: string, pointer: string) => void,
  condition?: string,
): void {
  if (typeof value === 'string') {
    if (condition === 'types') addTypes(value, pointer)
    else if (condition === undefined || condition === 'import' || condition === 'default' || condition === 'node')
      addImport(value, pointer)
    return
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      collectExports(item, `${pointer}/${index}`, addImport, addTypes, condition)
    })
    return
  }
  if (value === null || typeof value !== 'object') return
  for (const [key, inner] of Object.entries(value)) {
    if (key === './package.json' || key === 'require') continue
    const child = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
    collectExports(inner, child, addImport, addTypes, key.startsWith('.') ? condition : key)
  }
}
