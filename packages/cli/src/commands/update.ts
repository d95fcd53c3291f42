import { Args, Flags } from '@oclif/core'
import { BaseCommand, sharedFlags } from '../base-command.js'

export default class Update extends BaseCommand {
  static override summary = 'Update installed plugins to the newest versions that still fit the host'
  static override description =
    'Shows what would change first; asks for the permissions of the new versions (or takes --yes), then installs them like `pdk install`. --dry-run only shows the plan.'
  static override examples = ['<%= config.bin %> update --dry-run', '<%= config.bin %> update pdk-plugin-greeter --yes']
  static override strict = false
  static override args = { plugins: Args.string({ description: 'plugins to update (default: all)', required: false }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    cwd: sharedFlags.hostCwd,
    yes: Flags.boolean({ char: 'y', summary: 'Grant the permissions the new versions ask for without asking' }),
    'dry-run': Flags.boolean({ summary: 'Show what would change, change nothing' }),
    registry: sharedFlags.registry,
  }

  async run() {
    const { argv, flags } = await this.parse(Update)
    const { resolve } = await import('node:path')
    const { updatePlugins } = await import('../lib/update.js')
    const { renderInstall, terminalConfirm } = await import('../render/install.js')
    const result = await updatePlugins({
      cwd: resolve(flags.cwd),
      plugins: argv as string[],
      yes: flags.yes,
      confirm: terminalConfirm(this.json),
      dryRun: flags['dry-run'],
      registry: flags.registry,
      progress: this.progress,
    })
    return this.report(result, renderInstall)
  }
}
