import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { isAbsolute, join, relative, sep } from 'node:path'
import type { Finding } from '@pdk/core'
import { readablePaths } from '@pdk/core/readable-paths'
import type { Progress } from '../../render/progress.js'
import { checkEntry } from './check-entry.js'
import { checkTargets } from './check-targets.js'
import type { TypesOutcome } from './check-types.js'
import { entryFindings } from './entry-findings.js'
import { isObject } from './entry-targets.js'
import { locateFindings } from './locate-findings.js'
import { checkDescription, checkKeyword, checkLicense } from './package-fields.js'
import { startFileChecks } from './start-file-checks.js'
import {
  type FixChange,
  type GatheredReport,
  PACKAGE_TASK,
  type ValidateChecks,
  type ValidateOptions,
  withoutBom,
} from './types.js'
import { type RuleSeverities, withSeverities } from './with-severities.js'

const MANIFEST = 'package.json'

/** What one run of the checks found. */
export interface Gathered {
  gathered: GatheredReport
  /** The type-check's outcome, when it ran (it is never part of `gathered`). */
  types: TypesOutcome | undefined
  /** package.json as it is now (after `fix`). */
  text: string
  fixed?: FixChange[]
  /** False when the result may not be reused: the entry was not shown to be a plugin, or `fix` ran. */
  cacheable: boolean
  /** The files outside the project that loading the entry loaded (outside any node_modules). */
  inputs: string[]
  /** When the entry check started (ms since the epoch): an input changed after it may not be what was loaded. */
  since: number
}

/**
 * Runs every check but the type-check's rendering into the report: the built entry in its
 * sandbox (started first, before anything heavy loads), the manifest rules and fixes, the
 * package rules, files and secrets, README and ranges; severities applied, findings located.
 * `readable` is what the entry may read when the caller has computed it; `startTypecheck` is
 * started beside the package checks when package.json is an object.
 */
export async function gatherFindings(
  cwd: string,
  manifestText: string,
  options: ValidateOptions,
  progress: Progress,
  readable: readonly string[] | undefined,
  startTypecheck: (() => Promise<TypesOutcome>) | undefined,
): Promise<Gathered> {
  let text = manifestText
  // The entry check is the slowest part (a Node process that imports the plugin): start it
  // before anything else loads, unless --fix may still change package.json.
  const writesFixes = options.fix === true && options.dryRun !== true
  // Its readable paths first, so that it is spawned before @pdk/core's evaluation holds the thread.
  const paths = writesFixes ? undefined : (readable ?? (await readablePaths(cwd)))
  const since = Date.now()
  let entryRun = writesFixes ? undefined : startEntryCheck(cwd, quickParse(text), options, paths)
  // The file list and secret scan next, in a worker thread where there is a core for it, beside
  // @pdk/core's import and the manifest rules.
  let fileRun = writesFixes ? undefined : startFiles(cwd, quickParse(text))
  const core = await import('@pdk/core')

  let fixed: FixChange[] | undefined
  let early = inspectManifest(core, text)
  if (options.fix && isObject(early.value)) {
    const { applyFixes, fixableFindings, writeFileAtomic } = await import('./apply-fixes.js')
    const planned = fixableFindings(early.findings)
    const result = applyFixes(text, planned)
    fixed = result.changes.map((change) => ({ ...change, applied: !options.dryRun }))
    if (!options.dryRun && result.changes.length > 0) {
      await writeFileAtomic(join(cwd, MANIFEST), result.text)
      text = result.text
      early = inspectManifest(core, text)
    }
  }
  if (writesFixes) {
    entryRun = startEntryCheck(cwd, quickParse(text), options, undefined)
    fileRun = startFiles(cwd, quickParse(text))
  }

  const { severities, configFindings } = await projectSeverities(core, cwd, options)
  const findings: Finding[] = [...early.findings]
  const pkg = early.value
  const ran: (keyof ValidateChecks)[] = []
  let types: TypesOutcome | undefined
  let entryShown = true
  let inputs: string[] = []
  if (isObject(pkg)) {
    ran.push('manifest', 'package')
    const late = await progress.task(PACKAGE_TASK, () => packageChecks(cwd, pkg, entryRun, fileRun, startTypecheck))
    findings.push(...late.findings)
    ran.push(...late.ran)
    types = late.types
    entryShown = late.entry === undefined || (late.entry.plugin && late.entry.files !== undefined)
    inputs = (late.entry?.files ?? []).filter((file) => !isInside(cwd, file))
  }

  const { severityNotes } = await import('./apply-severities.js')
  const manifestIds = core.manifestRules.map((rule) => rule.id as string)
  const head = withSeverities(findings, severities)
  const tail = withSeverities([...configFindings, ...severityNotes(severities, manifestIds)], severities)
  const all = [...head, ...tail]
  locateFindings(all, withoutBom(text), core.locatePointer)
  if (all.some((f) => f.file === core.PDK_CONFIG_FILE && f.line === undefined)) {
    const configText = await readFile(join(cwd, core.PDK_CONFIG_FILE), 'utf8').catch(() => '')
    locateFindings(all, withoutBom(configText), core.locatePointer, core.PDK_CONFIG_FILE)
  }
  const gathered: GatheredReport = {
    object: isObject(pkg),
    ...(isObject(pkg) && typeof pkg.name === 'string' && { name: pkg.name }),
    ...(isObject(pkg) && typeof pkg.version === 'string' && { version: pkg.version }),
    head,
    tail,
    ran,
    severities,
  }
  return { gathered, types, text, ...(fixed && { fixed }), cacheable: entryShown && !options.fix, inputs, since }
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

interface EntryRun {
  findings: Finding[]
  /** The entry was loaded and default-exports a plugin definition. */
  plugin: boolean
  /** The files loading it loaded (see `EntryCheckResult`). */
  files?: string[]
}

/** The slow part, in parallel: files and secrets, the entry in its sandbox, the type-check, README and ranges. */
async function packageChecks(
  cwd: string,
  pkg: Record<string, unknown>,
  entryRun: Promise<EntryRun> | undefined,
  fileRun: Promise<Finding[]> | undefined,
  startTypecheck: (() => Promise<TypesOutcome>) | undefined,
): Promise<{
  findings: Finding[]
  ran: (keyof ValidateChecks)[]
  types: TypesOutcome | undefined
  entry?: EntryRun
}> {
  const targets = checkTargets(cwd, pkg)
  const [files, readme, compatibility, entry, types] = await Promise.all([
    fileRun ?? import('./check-files.js').then(({ checkFiles }) => checkFiles(cwd, pkg, targets)),
    import('./check-readme.js').then(({ checkReadme }) => checkReadme(cwd)),
    import('./check-compatibility.js').then(({ checkCompatibility }) => checkCompatibility(cwd, pkg)),
    entryRun,
    startTypecheck?.(),
  ])
  const findings = [...targets.findings, ...files, ...readme, ...compatibility, ...(entry?.findings ?? [])]
  const ran: (keyof ValidateChecks)[] = ['files']
  if (entry !== undefined) ran.push('entry')
  return { findings, ran, types, ...(entry && { entry }) }
}

/** Loads the built entry in its sandbox, when there is one: the findings it gives, or undefined. */
function startEntryCheck(
  cwd: string,
  pkg: unknown,
  options: ValidateOptions,
  readable: readonly string[] | undefined,
): Promise<EntryRun> | undefined {
  if (!isObject(pkg)) return undefined
  const { entry, entryFile } = checkTargets(cwd, pkg)
  if (!entry || !entryFile) return undefined
  const run = async (): Promise<EntryRun> => {
    const result = await checkEntry(cwd, entryFile, options.entryTimeoutMs ?? 10_000, readable)
    return {
      findings: entryFindings(result, entry),
      plugin: result.status === 'plugin',
      ...('files' in result && result.files && { files: result.files }),
    }
  }
  // Caught at once: the promise is awaited only after the other checks, and must not reject unhandled meanwhile.
  return run().catch(
    (error: Error): EntryRun => ({
      plugin: false,
      findings: [
        {
          rule: 'package/entry-load',
          severity: 'error',
          file: MANIFEST,
          pointer: entry.pointer,
          message: `The entry "${entry.target}" could not be loaded in a child process: ${error.message}`,
          hint: 'Run again with --verbose; if it persists, report it as a bug in pdk.',
        },
      ],
    }),
  )
}

// The worker pays for a thread and a Node environment of its own (~40 ms of CPU here) and wins
// only with a core to itself: the main thread and the entry check's child take two. On two
// cores it measured slower than running the same checks here (decision 100, addendum).
const WORKER_CORES = 3

/**
 * `checkFiles` started in its worker when package.json is an object (the only case that runs
 * it) and the machine has a core for it; otherwise undefined, and it runs in this thread later.
 */
function startFiles(cwd: string, pkg: unknown): Promise<Finding[]> | undefined {
  if (!isObject(pkg) || availableParallelism() < WORKER_CORES) return undefined
  // Caught at once, as the entry check is; the error is thrown again where the findings are awaited.
  const run = startFileChecks({ cwd, pkg, targets: checkTargets(cwd, pkg) })
  run.catch(() => {})
  return run
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

function isInside(dir: string, file: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`)
}
