import { resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../base-command.js'

export default class Sign extends BaseCommand {
  static override summary = 'Sign the sha512 of every file the package will contain into pdk-signature.json'
  static override examples = ['<%= config.bin %> sign', '<%= config.bin %> sign ./my-plugin --key release']
  static override args = { path: Args.string({ description: 'plugin folder', default: '.' }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    key: Flags.string({
      summary: 'Key name in pdk\'s config folder, or a key file (default: sign.key of pdk.config.json, else "default")',
    }),
  }

  async run() {
    const { args, flags } = await this.parse(Sign)
    const { signPlugin } = await import('../lib/sign.js')
    const { renderSign } = await import('../render/sign.js')
    return this.report(
      await signPlugin({ cwd: resolve(args.path), key: flags.key, progress: this.progress }),
      renderSign,
    )
  }
}
