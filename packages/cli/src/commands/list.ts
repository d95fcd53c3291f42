import { BaseCommand, sharedFlags } from '../base-command.js'

export default class List extends BaseCommand {
  static override summary = 'List the plugins installed in the host project, checked against the lockfile'
  static override examples = ['<%= config.bin %> list', '<%= config.bin %> list --cwd ./my-host --json']
  static override flags = {
    ...BaseCommand.baseFlags,
    cwd: sharedFlags.hostCwd,
  }

  async run() {
    const { flags } = await this.parse(List)
    const { resolve } = await import('node:path')
    const { listPlugins } = await import('../lib/list.js')
    const { renderList } = await import('../render/list.js')
    return this.report(await listPlugins({ cwd: resolve(flags.cwd) }), renderList)
  }
}
