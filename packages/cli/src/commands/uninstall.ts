import { Args, Flags } from '@oclif/core'
import { BaseCommand, sharedFlags } from '../base-command.js'

export default class Uninstall extends BaseCommand {
  static override summary = "Remove plugins from the host project's plugins folder"
  static override examples = [
    '<%= config.bin %> uninstall pdk-plugin-greeter',
    '<%= config.bin %> uninstall pdk-plugin-store --force',
  ]
  static override strict = false
  static override args = { plugins: Args.string({ description: 'installed plugin names', required: true }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    cwd: sharedFlags.hostCwd,
    force: Flags.boolean({ summary: 'Remove even when other installed plugins depend on it' }),
    'dry-run': Flags.boolean({ summary: 'Say what would be removed, change nothing' }),
  }

  async run() {
    const { argv, flags } = await this.parse(Uninstall)
    const { resolve } = await import('node:path')
    const { uninstallPlugins } = await import('../lib/uninstall.js')
    const { renderInstall } = await import('../render/install.js')
    const result = await uninstallPlugins({
      cwd: resolve(flags.cwd),
      plugins: argv as string[],
      force: flags.force,
      dryRun: flags['dry-run'],
      progress: this.progress,
    })
    return this.report(result, renderInstall)
  }
}
