import { resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { PdkError } from '@pdk/core'
import { BaseCommand, EXIT } from '../base-command.js'

export default class Validate extends BaseCommand {
  static override summary = 'Check a plugin against the manifest contract and everything publishing needs'
  static override description =
    "Runs the manifest rules a host applies (their errors cannot be turned down), the package rules publishing needs (description, pdk-plugin keyword, README, license, secrets, npm's file list with the entry and every exports and types target), loads the built entry in a sandboxed child process to check that it default-exports a plugin definition, runs the project's own tsc --noEmit, and checks the compatibility ranges. validate.rules in pdk.config.json sets the severity of each package rule. Exits 1 when an error remains (or, with --strict, a warning)."
  static override examples = [
    '<%= config.bin %> validate',
    '<%= config.bin %> validate ./my-plugin --no-typecheck',
    '<%= config.bin %> validate --strict --format sarif > pdk.sarif',
    '<%= config.bin %> validate --fix --dry-run',
  ]
  static override args = { path: Args.string({ description: 'plugin folder', default: '.' }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    strict: Flags.boolean({ summary: 'Warnings fail too' }),
    fix: Flags.boolean({
      summary: 'Apply the safe fixes to package.json (pdk-plugin keyword, "type": "module", a misspelt pdk key)',
    }),
    'dry-run': Flags.boolean({ summary: 'With --fix: show what would change, write nothing' }),
    typecheck: Flags.boolean({
      summary: "Type-check with the project's own tsc (--no-typecheck to skip)",
      allowNo: true,
      default: true,
    }),
    'entry-timeout': Flags.string({
      summary: 'How long the built entry may take to load, in milliseconds',
      default: '10000',
      helpValue: '<ms>',
    }),
    format: Flags.option({
      summary: 'Output format (--json is --format json)',
      options: ['text', 'json', 'sarif'] as const,
      default: 'text',
    })(),
  }

  async run() {
    const { args, flags } = await this.parse(Validate)
    // Checked here rather than by oclif, so misuse reads as one line with a hint and exits 2.
    if (flags['dry-run'] && !flags.fix)
      throw new PdkError('PDK_USAGE', '--dry-run previews what --fix would change, but --fix was not given.', {
        hint: 'Run `pdk validate --fix --dry-run`.',
      })
    const entryTimeoutMs = Number(flags['entry-timeout'])
    if (!Number.isInteger(entryTimeoutMs) || entryTimeoutMs < 1)
      throw new PdkError(
        'PDK_USAGE',
        `--entry-timeout expects a whole number of milliseconds, got "${flags['entry-timeout']}".`,
        {
          hint: 'Write e.g. `--entry-timeout 20000` for 20 seconds.',
        },
      )
    const format = flags.json ? 'json' : flags.format
    if (format === 'json') this.json = true
    const { validatePlugin } = await import('../lib/validate-plugin.js')
    const { renderValidate, toSarif } = await import('../render/validate.js')
    const report = await validatePlugin({
      cwd: resolve(args.path),
      strict: flags.strict,
      fix: flags.fix,
      dryRun: flags['dry-run'],
      typecheck: flags.typecheck,
      entryTimeoutMs,
      progress: format === 'text' ? this.progress : undefined,
    })
    if (format !== 'sarif') return this.report(report, renderValidate)
    const { validateRules } = await import('../lib/validate/validate-rules.js')
    process.stdout.write(`${JSON.stringify(toSarif(report, await validateRules()), null, 2)}\n`)
    if (!report.ok) process.exitCode = EXIT.failed
    return report
  }
}
