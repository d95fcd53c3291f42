import { resolve } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import type { ValidateReport } from '../lib/validate/types.js'
import type { Colors } from '../render/colors.js'
import { EXIT } from '../render/command-output.js'
import type { Progress } from '../render/progress.js'

/** The flags of `pdk validate`, as parsed (booleans that were not given are undefined). */
export interface ValidateFlags {
  json?: boolean
  strict?: boolean
  fix?: boolean
  'dry-run'?: boolean
  typecheck?: boolean
  cache?: boolean
  'entry-timeout': string
  format: 'text' | 'json' | 'sarif'
}

/** What the command body needs of the command that runs it (oclif's, or bin/run.js's fast dispatch). */
export interface ValidateIo {
  /** Switches the command to JSON output (`--format json`). */
  setJson(): void
  /** The command's progress on stderr (created on first use, after `setJson`). */
  progress(): Progress
  /** Prints the report (JSON or text) and sets the exit code. */
  report(report: ValidateReport, render: (report: ValidateReport, c: Colors) => string): ValidateReport
}

/**
 * The body of `pdk validate`: checks the flags, validates, prints. Both the oclif command and
 * the fast dispatch of bin/run.js run it, so they cannot drift apart. Misuse throws a
 * `PDK_USAGE` PdkError.
 */
export async function runValidate(path: string, flags: ValidateFlags, io: ValidateIo): Promise<ValidateReport> {
  // Checked here rather than by oclif, so misuse reads as one line with a hint and exits 2.
  if (flags['dry-run'] && !flags.fix)
    throw await usage('--dry-run previews what --fix would change, but --fix was not given.', {
      hint: 'Run `pdk validate --fix --dry-run`.',
    })
  const entryTimeoutMs = Number(flags['entry-timeout'])
  if (!Number.isInteger(entryTimeoutMs) || entryTimeoutMs < 1)
    throw await usage(`--entry-timeout expects a whole number of milliseconds, got "${flags['entry-timeout']}".`, {
      hint: 'Write e.g. `--entry-timeout 20000` for 20 seconds.',
    })
  const format = flags.json ? 'json' : flags.format
  if (format === 'json') io.setJson()
  const [{ validatePlugin }, { renderValidate, toSarif }] = await Promise.all([
    import('../lib/validate-plugin.js'),
    import('../render/validate.js'),
  ])
  const report = await validatePlugin({
    cwd: resolve(path),
    strict: flags.strict,
    fix: flags.fix,
    dryRun: flags['dry-run'],
    typecheck: flags.typecheck ?? true,
    cache: flags.cache ?? true,
    entryTimeoutMs,
    progress: format === 'text' ? io.progress() : undefined,
    // The checks of a cold run are over in a fraction of a second and run little code many
    // times: V8's optimising compiler (TurboFan) would spend ~100 ms of CPU on background
    // compiles, on the cores the entry check's child and the checks need (decision 100, addendum).
    // A cached run is left alone (its hashing loops gain from it).
    beforeChecks: () => setFlagsFromString('--no-opt'),
  })
  if (format !== 'sarif') return io.report(report, renderValidate)
  const { validateRules } = await import('../lib/validate/validate-rules.js')
  process.stdout.write(`${JSON.stringify(toSarif(report, await validateRules()), null, 2)}\n`)
  if (!report.ok) process.exitCode = EXIT.failed
  return report
}

/** A misuse error; @pdk/core loads only when there is one. */
async function usage(message: string, options: { hint: string }) {
  const { PdkError } = await import('@pdk/core')
  return new PdkError('PDK_USAGE', message, options)
}
