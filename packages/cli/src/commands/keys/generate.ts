import { Flags } from '@oclif/core'
import { BaseCommand } from '../../base-command.js'

export default class KeysGenerate extends BaseCommand {
  static override summary = "Create an ed25519 signing key pair in pdk's config folder"
  static override description =
    'Writes keys/NAME.key (mode 0600) and keys/NAME.pub under $PDK_CONFIG_DIR, $XDG_CONFIG_HOME/pdk or ~/.config/pdk, and prints the public key path and fingerprint. The private key is never printed.'
  static override examples = ['<%= config.bin %> keys generate', '<%= config.bin %> keys generate --name release']
  static override flags = {
    ...BaseCommand.baseFlags,
    name: Flags.string({ summary: 'Name of the key pair', default: 'default' }),
    force: Flags.boolean({ summary: 'Replace an existing key pair of that name' }),
  }

  async run() {
    const { flags } = await this.parse(KeysGenerate)
    const { generateKey } = await import('../../lib/keys.js')
    const { renderGenerateKey } = await import('../../render/keys.js')
    return this.report(
      await generateKey({ cwd: process.cwd(), name: flags.name, force: flags.force }),
      renderGenerateKey,
    )
  }
}
