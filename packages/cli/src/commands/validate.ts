import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../base-command.js'

export default class Validate extends BaseCommand {
  static override summary = 'Check a plugin against the manifest contract and everything publishing needs'
  static override description =
    "Runs the manifest rules a host applies (their errors cannot be turned down), the package rules publishing needs (description, pdk-plugin keyword, README, license, secrets, npm's file list with the entry and every exports and types target), loads the built entry in a sandboxed child process to check that it default-exports a plugin definition, runs the project's own tsc --noEmit, and checks the compatibility ranges. validate.rules in pdk.config.json sets the severity of each package rule. Everything but the type-check is reused from node_modules/.cache/pdk when nothing it depends on changed (--no-cache checks afresh). Exits 1 when an error remains (or, with --strict, a warning)."
  static override examples = [
    '<%= config.bin %> validate',
    '<%= config.bin %> validate ./my-plugin --no-typecheck',
    '<%= config.bin %> validate --strict --format sarif > pdk.sarif',
    '<%= config.bin %> validate --fix --dry-run',
    '<%= config.bin %> validate --no-cache',
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
    cache: Flags.boolean({
      summary: 'Reuse the result of an unchanged project, type-check aside (--no-cache to check everything afresh)',
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
    const { runValidate } = await import('../dispatch/run-validate.js')
    return runValidate(args.path, flags, {
      setJson: () => {
        this.json = true
      },
      progress: () => this.progress,
      report: (report, render) => this.report(report, render),
    })
  }
}
