import { Args, Flags } from '@oclif/core'
import { BaseCommand, sharedFlags } from '../base-command.js'

export default class Search extends BaseCommand {
  static override summary = 'Find pdk plugins in the registry, filtered by kind and ranked by host compatibility'
  static override examples = [
    '<%= config.bin %> search greeter',
    '<%= config.bin %> search --kind integration --host example-host@1.0.0',
    '<%= config.bin %> search store --registry http://127.0.0.1:4873/ --json',
  ]
  static override args = { query: Args.string({ description: 'words to look for (default: every plugin)' }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    kind: Flags.string({ summary: 'Only plugins of this kind (system, integration, extension or a host kind)' }),
    host: Flags.string({
      summary: 'NAME@VERSION of your host: compatible plugins first, newest fitting version shown',
    }),
    limit: Flags.integer({ summary: 'Results per page', default: 20, min: 1 }),
    page: Flags.integer({ summary: 'Page number, from 1', min: 1, exclusive: ['from'] }),
    from: Flags.integer({ summary: 'Results to skip', min: 0 }),
    registry: sharedFlags.registry,
  }

  async run() {
    const { args, flags } = await this.parse(Search)
    const { searchPlugins } = await import('../lib/search-plugins.js')
    const { renderSearch } = await import('../render/search.js')
    const from = flags.from ?? ((flags.page ?? 1) - 1) * flags.limit
    const result = await searchPlugins({
      cwd: process.cwd(),
      query: args.query,
      kind: flags.kind,
      host: flags.host,
      limit: flags.limit,
      from,
      registry: flags.registry,
      progress: this.progress,
    })
    return this.report(result, renderSearch)
  }
}
