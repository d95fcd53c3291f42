import { Args, Flags } from '@oclif/core'
import { BaseCommand, sharedFlags } from '../base-command.js'

export default class Info extends BaseCommand {
  static override summary = "Show a plugin's manifest, dependency tree, permissions and compatibility"
  static override examples = [
    '<%= config.bin %> info .',
    '<%= config.bin %> info pdk-plugin-greeter',
    '<%= config.bin %> info pdk-plugin-greeter@1.0.0 --registry http://127.0.0.1:4873/ --json',
  ]
  static override args = {
    target: Args.string({
      description: 'plugin folder, .tgz, installed plugin, or NAME[@VERSION] in the registry',
      default: '.',
    }),
  }
  static override flags = {
    ...BaseCommand.baseFlags,
    cwd: Flags.string({ summary: 'The host project to check compatibility against', default: '.' }),
    registry: sharedFlags.registry,
  }

  async run() {
    const { args, flags } = await this.parse(Info)
    const { resolve } = await import('node:path')
    const { infoPlugin } = await import('../lib/info.js')
    const { renderInfo } = await import('../render/info.js')
    const cwd = resolve(flags.cwd)
    return this.report(
      await infoPlugin({
        cwd,
        target: resolve(process.cwd()) === cwd ? args.target : resolveTarget(args.target),
        registry: flags.registry,
      }),
      renderInfo,
    )
  }
}

// A relative path is relative to where the command runs, not to --cwd.
function resolveTarget(target: string): string {
  return /^\.{1,2}([\\/]|$)/.test(target) ? `${process.cwd()}/${target}` : target
}
