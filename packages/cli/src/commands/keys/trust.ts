import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../base-command.js'

export default class KeysTrust extends BaseCommand {
  static override summary = 'Trust a public key: accept packages it signed'
  static override examples = [
    '<%= config.bin %> keys trust ./publisher.pub',
    '<%= config.bin %> keys trust ./publisher.pub --trusted ./trusted-keys.json',
  ]
  static override args = {
    pubfile: Args.string({ description: 'a .pub file made by `pdk keys generate`', required: true }),
  }
  static override flags = {
    ...BaseCommand.baseFlags,
    trusted: Flags.string({ summary: "Trust file to add it to (default: trusted-keys.json in pdk's config folder)" }),
    name: Flags.string({ summary: 'A name for the key (default: the file name)' }),
  }

  async run() {
    const { args, flags } = await this.parse(KeysTrust)
    const { trustKey } = await import('../../lib/keys.js')
    const { renderTrustKey } = await import('../../render/keys.js')
    return this.report(
      await trustKey({ cwd: process.cwd(), file: args.pubfile, trusted: flags.trusted, name: flags.name }),
      renderTrustKey,
    )
  }
}
