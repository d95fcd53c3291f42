import { Flags } from '@oclif/core'
import { BaseCommand } from '../../base-command.js'

export default class KeysList extends BaseCommand {
  static override summary = 'List your signing keys and the keys you trust'
  static override examples = ['<%= config.bin %> keys list', '<%= config.bin %> keys list --json']
  static override flags = {
    ...BaseCommand.baseFlags,
    trusted: Flags.string({ summary: "Trust file (default: trusted-keys.json in pdk's config folder)" }),
  }

  async run() {
    const { flags } = await this.parse(KeysList)
    const { listKeys } = await import('../../lib/keys.js')
    const { renderListKeys } = await import('../../render/keys.js')
    return this.report(await listKeys({ cwd: process.cwd(), trusted: flags.trusted }), renderListKeys)
  }
}
