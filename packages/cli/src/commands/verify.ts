import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../base-command.js'

export default class Verify extends BaseCommand {
  static override summary = "Check a package's signature against its files and your trusted keys"
  static override description =
    'Exit 0 when pdk-signature.json is valid, made by a trusted key and covers exactly the files of the package; exit 1 with each reason otherwise.'
  static override examples = [
    '<%= config.bin %> verify',
    '<%= config.bin %> verify ./pdk-plugin-greeter-1.0.0.tgz',
    '<%= config.bin %> verify pdk-plugin-greeter@1.0.0 --registry http://127.0.0.1:4873/',
  ]
  static override args = {
    target: Args.string({ description: 'package folder, .tgz file, or NAME@VERSION in the registry', default: '.' }),
  }
  static override flags = {
    ...BaseCommand.baseFlags,
    trusted: Flags.string({ summary: "Trust file (default: trusted-keys.json in pdk's config folder)" }),
    registry: Flags.string({ summary: "Registry URL for NAME@VERSION (overrides npm's configuration)" }),
  }

  async run() {
    const { args, flags } = await this.parse(Verify)
    const { verifyPlugin } = await import('../lib/verify.js')
    const { renderVerify } = await import('../render/verify.js')
    const result = await verifyPlugin({
      cwd: process.cwd(),
      target: args.target,
      trusted: flags.trusted,
      registry: flags.registry,
      progress: this.progress,
    })
    return this.report(result, renderVerify)
  }
}
