import { readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Finding, PdkError } from '@pdk/core'
import { silentProgress } from '../render/progress.js'
import type { TypesOutcome } from './validate/check-types.js'
import { locateFindings } from './validate/locate-findings.js'
import {
  type GatheredReport,
  PACKAGE_TASK,
  type ValidateChecks,
  type ValidateOptions,
  type ValidateReport,
  withoutBom,
} from './validate/types.js'
import { withSeverities } from './validate/with-severities.js'

export type { CheckStatus, FixChange, ValidateChecks, ValidateOptions, ValidateReport } from './validate/types.js'

const MANIFEST = 'package.json'

/**
 * Checks a plugin project as `pdk validate` does: the manifest rules of @pdk/core (what a host
 * refuses), the package rules publishing needs, the published file list, secrets, the built
 * entry (loaded in a sandboxed child process), the project's own type-check and compatibility
 * ranges. Collects every problem into one report; never throws for a bad plugin, only for a
 * path that cannot be validated at all (missing, or a file). With `cache`, an unchanged
 * project's result is reused and only the type-check runs (docs/decisions/100-validate-start-up.md).
 * @example const report = await validatePlugin({ cwd: './my-plugin', typecheck: false })
 */
export async function validatePlugin(options: ValidateOptions): Promise<ValidateReport> {
  const cwd = resolve(options.cwd)
  await assertFolder(cwd)
  const progress = options.progress ?? silentProgress
  const text = await readManifestText(join(cwd, MANIFEST))
  const startTypecheck =
    options.typecheck === false
      ? undefined
      : () => import('./validate/check-types.js').then(({ checkTypes }) => checkTypes(cwd))
  const entryTimeoutMs = options.entryTimeoutMs ?? 10_000
  const keyOptions = { entryTimeoutMs, config: options.config }
  const cache = options.cache === true && !options.fix ? await openCache(cwd, keyOptions) : undefined
  const hit = cache?.read()
  if (hit) {
    // Everything but the type-check is as it was: only that runs (its inputs reach beyond the project).
    const types = hit.object
      ? await progress.task(`${PACKAGE_TASK} (unchanged: from the cache)`, async () => startTypecheck?.())
      : undefined
    return finish(cwd, text, hit, types, options)
  }
  options.beforeChecks?.()
  const { gatherFindings } = await import('./validate/gather-findings.js')
  const run = await gatherFindings(
    cwd,
    text,
    { ...options, entryTimeoutMs },
    progress,
    cache?.readable.paths,
    startTypecheck,
  )
  // Stored only when the project's files did not change meanwhile (a build running beside it).
  if (cache && run.cacheable) {
    const { projectDigest } = await import('./validate/validate-cache.js')
    if (projectDigest(cwd) === cache.files) cache.write(run.gathered, run.inputs, run.since)
  }
  const report = await finish(cwd, run.text, run.gathered, run.types, options)
  if (run.fixed !== undefined) {
    report.fixed = run.fixed
    report.dryRun = options.dryRun === true
  }
  return report
}

async function openCache(cwd: string, options: { entryTimeoutMs: number; config?: unknown }) {
  const { openValidateCache } = await import('./validate/validate-cache.js')
  return openValidateCache(cwd, options)
}

/** The report: the gathered findings with the type-check's between them, the groups' statuses, the summary. */
async function finish(
  cwd: string,
  text: string,
  gathered: GatheredReport,
  types: TypesOutcome | undefined,
  options: ValidateOptions,
): Promise<ValidateReport> {
  const typeFindings = withSeverities(types?.findings ?? [], gathered.severities)
  if (typeFindings.some((f) => f.line === undefined && f.pointer !== undefined && (f.file ?? MANIFEST) === MANIFEST)) {
    const { locatePointer } = await import('@pdk/core')
    locateFindings(typeFindings, withoutBom(text), locatePointer)
  }
  const all = [...gathered.head, ...typeFindings, ...gathered.tail]
  const ran = new Set(gathered.ran)
  if (types?.ran) ran.add('typecheck')
  const checks = checkStatuses(all, ran)
  const errors = all.filter((f) => f.severity === 'error').length
  const warnings = all.length - errors
  return {
    ok: errors === 0 && (!options.strict || warnings === 0),
    path: cwd,
    ...(gathered.name !== undefined && { name: gathered.name }),
    ...(gathered.version !== undefined && { version: gathered.version }),
    strict: options.strict === true,
    findings: all,
    summary: { errors, warnings },
    checks,
  }
}

const GROUPS: [keyof ValidateChecks, RegExp][] = [
  ['manifest', /^manifest\//],
  ['files', /^package\/(files|secrets|not-built|entry-file|target-missing)$/],
  ['entry', /^package\/entry-/],
  ['typecheck', /^package\/typecheck/],
  ['package', /^package\//],
]

/** Each group of checks: skipped when it did not run, failed when an error of its rules remains. */
function checkStatuses(findings: Finding[], ran: Set<keyof ValidateChecks>): ValidateChecks {
  const checks = {} as ValidateChecks
  for (const [group] of GROUPS) checks[group] = ran.has(group) ? 'passed' : 'skipped'
  for (const finding of findings) {
    const group = GROUPS.find(([, pattern]) => pattern.test(finding.rule))?.[0]
    if (group && finding.severity === 'error' && checks[group] !== 'skipped') checks[group] = 'failed'
  }
  return checks
}

/** A PdkError, with @pdk/core loaded only when there is one to throw. */
async function pdkError(...args: ConstructorParameters<typeof PdkError>): Promise<PdkError> {
  const core = await import('@pdk/core')
  return new core.PdkError(...args)
}

/** A path that cannot be validated at all is an error, not a finding. */
async function assertFolder(cwd: string): Promise<void> {
  const info = await stat(cwd).catch((error: NodeJS.ErrnoException) => error)
  if (info instanceof Error) {
    throw await pdkError(
      info.code === 'ENOENT' ? 'PDK_NOT_FOUND' : 'PDK_IO',
      info.code === 'ENOENT'
        ? `The path "${cwd}" does not exist.`
        : `The path "${cwd}" cannot be read: ${info.message}`,
      {
        hint: 'Pass the folder of a plugin project (the one with its package.json), e.g. `pdk validate ./my-plugin`.',
        details: { path: cwd },
        cause: info,
      },
    )
  }
  if (!info.isDirectory()) {
    throw await pdkError('PDK_INVALID_ARGUMENT', `The path "${cwd}" is a file; pdk validate checks a plugin folder.`, {
      hint: cwd.endsWith(MANIFEST)
        ? `Pass the folder that holds it: \`pdk validate ${resolve(cwd, '..')}\`.`
        : 'Pass the folder of a plugin project (the one with its package.json).',
      details: { path: cwd },
    })
  }
}

async function readManifestText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw await pdkError(
      code === 'ENOENT' ? 'PDK_NOT_FOUND' : 'PDK_IO',
      code === 'ENOENT'
        ? `No package.json in "${resolve(file, '..')}": this folder is not a plugin project.`
        : `Cannot read "${file}": ${(error as Error).message}`,
      {
        hint: 'Pass the folder of a plugin project, or create one with `pdk init`.',
        details: { path: file },
        cause: error,
      },
    )
  }
}
