import { Args, Flags } from '@oclif/core'
import { BaseCommand, sharedFlags } from '../base-command.js'

export default class Install extends BaseCommand {
  static override summary = "Install plugins into the host project's plugins folder"
  static override description =
    "Resolves each plugin to the newest version that fits the host (pdk.config.json's host section), its @pdk/core and the installed plugins, with the plugin dependencies it needs; checks integrity, signatures and manifests; shows the permissions asked for and grants them only with --yes or your confirmation; installs into a staging copy swapped in at the end, so a failure changes nothing."
  static override examples = [
    '<%= config.bin %> install pdk-plugin-greeter',
    '<%= config.bin %> install pdk-plugin-greeter@^1.2.0 --yes',
    '<%= config.bin %> install ./my-plugin ./other-plugin-1.0.0.tgz --cwd ./my-host',
  ]
  static override strict = false
  static override args = {
    plugins: Args.string({ description: 'NAME[@RANGE], a plugin folder or a .tgz (several allowed)', required: true }),
  }
  static override flags = {
    ...BaseCommand.baseFlags,
    cwd: sharedFlags.hostCwd,
    yes: Flags.boolean({ char: 'y', summary: 'Grant the permissions the plugins ask for without asking' }),
    'dry-run': Flags.boolean({ summary: 'Resolve and check everything, change nothing' }),
    registry: sharedFlags.registry,
  }

  async run() {
    const { argv, flags } = await this.parse(Install)
    const { resolve } = await import('node:path')
    const { installPlugins } = await import('../lib/install.js')
    const { renderInstall, terminalConfirm } = await import('../render/install.js')
    const result = await installPlugins({
      cwd: resolve(flags.cwd),
      // Folders and tarballs are relative to where the command runs, not to --cwd.
      plugins: (argv as string[]).map((p) => (/^\.{1,2}([\\/]|$)|\.(tgz|tar\.gz)$/.test(p) ? resolve(p) : p)),
      yes: flags.yes,
      confirm: terminalConfirm(this.json),
      dryRun: flags['dry-run'],
      registry: flags.registry,
      progress: this.progress,
    })
    return this.report(result, renderInstall)
  }
}
