import { Flags } from '@oclif/core'
import { BaseCommand, sharedFlags } from '../base-command.js'

export default class Doctor extends BaseCommand {
  static override summary = 'Check Node, the package manager, the registry and the host project, with fixes'
  static override examples = [
    '<%= config.bin %> doctor',
    '<%= config.bin %> doctor --registry http://127.0.0.1:4873/ --json',
  ]
  static override flags = {
    ...BaseCommand.baseFlags,
    cwd: Flags.string({ summary: 'The project folder', default: '.' }),
    registry: sharedFlags.registry,
  }

  async run() {
    const { flags } = await this.parse(Doctor)
    const { resolve } = await import('node:path')
    const { runDoctor } = await import('../lib/doctor.js')
    const { renderDoctor } = await import('../render/doctor.js')
    return this.report(await runDoctor({ cwd: resolve(flags.cwd), registry: flags.registry }), renderDoctor)
  }
}
