import { existsSync, statSync } from 'node:fs'
import { isAbsolute, join, posix } from 'node:path'
import type { Finding } from '@pdk/core'
import { isObject, listTargets, resolveEntry, type Target } from './entry-targets.js'

const FILE = 'package.json'

/** What the project's targets look like on disk. */
export interface TargetsOutcome {
  findings: Finding[]
  /** The entry's absolute path when it exists (then it can be loaded). */
  entryFile: string | undefined
  /** The entry as written in package.json. */
  entry: Target | undefined
  /** Targets that exist, relative to the project, normalised (`dist/index.js`), with where they are named. */
  present: { file: string; target: Target }[]
  /** False when the project has not been built: the entry is missing and there is something to build. */
  built: boolean
}

/** `package.json` targets as paths inside the project (`./dist/x.js` → `dist/x.js`), undefined for ones outside it. */
export function normaliseTarget(target: string): string | undefined {
  if (isAbsolute(target) || /^[a-zA-Z]:/.test(target)) return undefined
  const normal = posix.normalize(target.replaceAll('\\', '/'))
  if (normal === '..' || normal.startsWith('../') || normal === '.') return undefined
  return normal.replace(/^\.\//, '')
}

/**
 * `package/not-built`, `package/entry-file`, `package/target-missing`: the entry and every
 * `exports`/`main`/`types` target exist. A project whose entry is missing but that has sources
 * or a build script gets one "not built yet" finding instead of one per target.
 */
export function checkTargets(cwd: string, pkg: Record<string, unknown>): TargetsOutcome {
  const entry = resolveEntry(pkg)
  const outcome: TargetsOutcome = { findings: [], entryFile: undefined, entry, present: [], built: true }
  const exists = (file: string) => {
    try {
      return statSync(join(cwd, file)).isFile()
    } catch {
      return false
    }
  }
  const entryPath = entry ? normaliseTarget(entry.target) : undefined
  // A missing or escaping entry is a manifest finding (manifest/entry-missing, manifest/entry-path).
  if (entry && entryPath !== undefined && !exists(entryPath)) {
    if (looksBuildable(cwd, pkg)) {
      outcome.built = false
      outcome.findings.push({
        rule: 'package/not-built',
        severity: 'error',
        file: FILE,
        pointer: entry.pointer,
        message: `Not built yet: the entry "${entry.target}" (${entry.pointer}) does not exist, so the entry, its exports and its types cannot be checked.`,
        expected: `the built file ${entryPath}`,
        found: 'nothing',
        hint: 'Run `pdk build`, then `pdk validate` again.',
      })
      return outcome
    }
    outcome.findings.push({
      rule: 'package/entry-file',
      severity: 'error',
      file: FILE,
      pointer: entry.pointer,
      message: `The entry "${entry.target}" (${entry.pointer}) does not exist, and the project has no sources or build script to make it.`,
      expected: `a JavaScript module at ${entryPath}`,
      found: 'nothing',
      hint: `Point ${entry.pointer} at the plugin's module, or add src/index.ts and run \`pdk build\`.`,
    })
  } else if (entry && entryPath !== undefined) {
    outcome.entryFile = join(cwd, entryPath)
  }
  const seen = new Set<string>()
  for (const target of listTargets(pkg)) {
    const file = normaliseTarget(target.target)
    if (file === undefined || seen.has(`${target.pointer}`)) continue
    seen.add(target.pointer)
    if (exists(file)) {
      outcome.present.push({ file, target })
      continue
    }
    if (entryPath !== undefined && file === entryPath) continue
    outcome.findings.push({
      rule: 'package/target-missing',
      severity: 'error',
      file: FILE,
      pointer: target.pointer,
      message: `${target.pointer} points at "${target.target}", which does not exist${target.kind === 'types' ? ' (no declarations were emitted there)' : ''}.`,
      expected: `a file at ${file}`,
      found: 'nothing',
      hint:
        target.kind === 'types'
          ? 'Run `pdk build` (it emits declarations), or point the field at the .d.ts file the build writes.'
          : 'Run `pdk build`, or point the field at a file the build writes.',
    })
  }
  return outcome
}

/** A project that has something to build: sources, a tsconfig or a build script. */
function looksBuildable(cwd: string, pkg: Record<string, unknown>): boolean {
  if (isObject(pkg.scripts) && typeof pkg.scripts.build === 'string') return true
  return existsSync(join(cwd, 'tsconfig.json')) || existsSync(join(cwd, 'src'))
}
