import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { type Finding, PdkError } from '@pdk/core'
import { silentProgress } from '../render/progress.js'
import { applyFixes, fixableFindings, writeFileAtomic } from './validate/apply-fixes.js'
import { applySeverities, type RuleSeverities } from './validate/apply-severities.js'
import { checkCompatibility } from './validate/check-compatibility.js'
import { checkFiles } from './validate/check-files.js'
import { checkReadme } from './validate/check-readme.js'
import { checkTargets } from './validate/check-targets.js'
import { isObject } from './validate/entry-targets.js'
import { locateFindings } from './validate/locate-findings.js'
import { checkDescription, checkKeyword, checkLicense } from './validate/package-fields.js'
import type { FixChange, ValidateChecks, ValidateOptions, ValidateReport } from './validate/types.js'

export type { CheckStatus, FixChange, ValidateChecks, ValidateOptions, ValidateReport } from './validate/types.js'

const MANIFEST = 'package.json'

/**
 * Checks a plugin project as `pdk validate` does: the manifest rules of @pdk/core (what a host
 * refuses), the package rules publishing needs, the published file list, secrets, the built
 * entry (loaded in a sandboxed child process), the project's own type-check and compatibility
 * ranges. Collects every problem into one report; never throws for a bad plugin, only for a
 * path that cannot be validated at all (missing, or a file).
 * @example const report = await validatePlugin({ cwd: './my-plugin', typecheck: false })
 */
export async function validatePlugin(options: ValidateOptions): Promise<ValidateReport> {
  const cwd = resolve(options.cwd)
  await assertFolder(cwd)
  const progress = options.progress ?? silentProgress
  const core = await import('@pdk/core')
  const file = join(cwd, MANIFEST)
  let text = await readManifestText(file)
  // The entry check is the slowest part (a Node process that imports the plugin): start it
  // before the manifest rules run, unless --fix may still change package.json.
  const writesFixes = options.fix === true && options.dryRun !== true
  let entryRun = writesFixes ? undefined : startEntryCheck(cwd, quickParse(text), options)

  let fixed: FixChange[] | undefined
  let early = inspectManifest(core, text)
  if (options.fix && isObject(early.value)) {
    const planned = fixableFindings(early.findings)
    const result = applyFixes(text, planned)
    fixed = result.changes.map((change) => ({ ...change, applied: !options.dryRun }))
    if (!options.dryRun && result.changes.length > 0) {
      await writeFileAtomic(file, result.text)
      text = result.text
      early = inspectManifest(core, text)
    }
  }
  if (writesFixes) entryRun = startEntryCheck(cwd, quickParse(text), options)

  const { severities, configFindings } = await projectSeverities(core, cwd, options)
  const findings: Finding[] = [...early.findings]
  const pkg = early.value
  const ran = new Set<keyof ValidateChecks>()
  if (isObject(pkg)) {
    ran.add('manifest').add('package')
    const late = await progress.task('Checking the package, its files and its entry', () =>
      packageChecks(cwd, pkg, options, entryRun),
    )
    findings.push(...late.findings)
    for (const group of late.ran) ran.add(group)
  }

  const manifestIds = core.manifestRules.map((rule) => rule.id as string)
  const all = applySeverities([...findings, ...configFindings], severities, manifestIds)
  locateFindings(all, withoutBom(text), core.locatePointer)
  if (all.some((f) => f.file === core.PDK_CONFIG_FILE && f.line === undefined)) {
    const configText = await readFile(join(cwd, core.PDK_CONFIG_FILE), 'utf8').catch(() => '')
    locateFindings(all, withoutBom(configText), core.locatePointer, core.PDK_CONFIG_FILE)
  }
  const checks = checkStatuses(all, ran)
  const errors = all.filter((f) => f.severity === 'error').length
  const warnings = all.length - errors
  const report: ValidateReport = {
    ok: errors === 0 && (!options.strict || warnings === 0),
    path: cwd,
    ...(isObject(pkg) && typeof pkg.name === 'string' && { name: pkg.name }),
    ...(isObject(pkg) && typeof pkg.version === 'string' && { version: pkg.version }),
    strict: options.strict === true,
    findings: all,
    summary: { errors, warnings },
    checks,
  }
  if (fixed !== undefined) {
    report.fixed = fixed
    report.dryRun = options.dryRun === true
  }
  return report
}

type Core = typeof import('@pdk/core')

/** The cheap part: JSON text, manifest rules and package fields. `--fix` works from these findings. */
function inspectManifest(core: Core, text: string): { value: unknown; findings: Finding[] } {
  const parsed = core.parseManifestText(text, MANIFEST)
  const findings = [...parsed.findings]
  if (parsed.value === undefined) return { value: undefined, findings }
  findings.push(...core.validateManifest(parsed.value, { file: MANIFEST, text: withoutBom(text) }).findings)
  if (isObject(parsed.value)) {
    findings.push(...checkDescription(parsed.value), ...checkKeyword(parsed.value), ...checkLicense(parsed.value))
  }
  return { value: parsed.value, findings }
}

/** The slow part, in parallel: files and secrets, the entry in its sandbox, the type-check, README and ranges. */
async function packageChecks(
  cwd: string,
  pkg: Record<string, unknown>,
  options: ValidateOptions,
  entryRun: Promise<Finding[]> | undefined,
): Promise<{ findings: Finding[]; ran: (keyof ValidateChecks)[] }> {
  const targets = checkTargets(cwd, pkg)
  const typecheck =
    options.typecheck === false
      ? undefined
      : import('./validate/check-types.js').then(({ checkTypes }) => checkTypes(cwd))
  const [files, readme, compatibility, entry, types] = await Promise.all([
    checkFiles(cwd, pkg, targets),
    checkReadme(cwd),
    checkCompatibility(cwd, pkg),
    entryRun,
    typecheck,
  ])
  const findings = [
    ...targets.findings,
    ...files,
    ...readme,
    ...compatibility,
    ...(entry ?? []),
    ...(types?.findings ?? []),
  ]
  const ran: (keyof ValidateChecks)[] = ['files']
  if (entry !== undefined) ran.push('entry')
  if (types?.ran) ran.push('typecheck')
  return { findings, ran }
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

/** Loads the built entry in its sandbox, when there is one: the findings it gives, or undefined. */
function startEntryCheck(cwd: string, pkg: unknown, options: ValidateOptions): Promise<Finding[]> | undefined {
  if (!isObject(pkg)) return undefined
  const { entry, entryFile } = checkTargets(cwd, pkg)
  if (!entry || !entryFile) return undefined
  const run = async () => {
    const { checkEntry } = await import('./validate/check-entry.js')
    const { entryFindings } = await import('./validate/entry-findings.js')
    return entryFindings(await checkEntry(cwd, entryFile, options.entryTimeoutMs ?? 10_000), entry)
  }
  // Caught at once: the promise is awaited only after the other checks, and must not reject unhandled meanwhile.
  return run().catch((error: Error): Finding[] => [
    {
      rule: 'package/entry-load',
      severity: 'error',
      file: MANIFEST,
      pointer: entry.pointer,
      message: `The entry "${entry.target}" could not be loaded in a child process: ${error.message}`,
      hint: 'Run again with --verbose; if it persists, report it as a bug in pdk.',
    },
  ])
}

/** The manifest as JSON, or undefined when the text is not JSON (the manifest rules say why). */
function quickParse(text: string): unknown {
  try {
    return JSON.parse(withoutBom(text))
  } catch {
    return undefined
  }
}

/** The severities of pdk.config.json (or `options.config`), and what is wrong with that file. */
async function projectSeverities(
  core: Core,
  cwd: string,
  options: ValidateOptions,
): Promise<{ severities: RuleSeverities; configFindings: Finding[] }> {
  if (options.config) return { severities: options.config.rules ?? {}, configFindings: [] }
  const loaded = await core.loadPdkConfig(cwd)
  // Findings name files relative to the project, like every other finding of the report.
  const configFindings = loaded.findings.map((f) =>
    f.file && isAbsolute(f.file) ? { ...f, file: relative(cwd, f.file) } : f,
  )
  return { severities: (loaded.config?.validate?.rules ?? {}) as RuleSeverities, configFindings }
}

/** Editors do not count a byte-order mark as a column. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** A path that cannot be validated at all is an error, not a finding. */
async function assertFolder(cwd: string): Promise<void> {
  const info = await stat(cwd).catch((error: NodeJS.ErrnoException) => error)
  if (info instanceof Error) {
    throw new PdkError(
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
    throw new PdkError('PDK_INVALID_ARGUMENT', `The path "${cwd}" is a file; pdk validate checks a plugin folder.`, {
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
    throw new PdkError(
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
