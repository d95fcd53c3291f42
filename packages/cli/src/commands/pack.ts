import { resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../base-command.js'

export default class Pack extends BaseCommand {
  static override summary = 'Make the tarball that `pdk publish` would send, with its integrity and file list'
  static override description =
    "Uses npm's own file list (npm-packlist) and tar settings, so the integrity equals `npm pack`'s. Refuses secrets and workspace:/link:/file: dependency specifiers. Runs no lifecycle scripts."
  static override examples = ['<%= config.bin %> pack', '<%= config.bin %> pack ./my-plugin --dry-run --json']
  static override args = { path: Args.string({ description: 'plugin folder', default: '.' }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    'dry-run': Flags.boolean({ summary: 'Compute the tarball and its integrity, write nothing' }),
    destination: Flags.string({ summary: 'Folder to write the .tgz into (default: the plugin folder)' }),
  }

  async run() {
    const { args, flags } = await this.parse(Pack)
    const { packPlugin } = await import('../lib/pack-plugin.js')
    const { renderPack } = await import('../render/pack.js')
    const result = await packPlugin({
      cwd: resolve(args.path),
      dryRun: flags['dry-run'],
      destination: flags.destination ? resolve(flags.destination) : undefined,
      progress: this.progress,
    })
    return this.report(result, renderPack)
  }
}
