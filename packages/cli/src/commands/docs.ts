import { resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../base-command.js'

export default class Docs extends BaseCommand {
  static override summary = 'Generate API docs with typedoc and a reference page from the manifest'
  static override description =
    "Documents the plugin's entry sources with typedoc (markdown, or html with --format html) and writes manifest.md (or .html): kind, host versions, capabilities, dependencies, activation, permissions in plain words, limits and the config settings with types and defaults. The output folder (default docs/api) is replaced as a whole, and only when typedoc succeeded."
  static override examples = ['<%= config.bin %> docs', '<%= config.bin %> docs ./my-plugin --format html --out site']
  static override args = { path: Args.string({ description: 'plugin folder', default: '.' }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    format: Flags.string({ summary: 'Output format', options: ['markdown', 'html'], default: 'markdown' }),
    out: Flags.string({
      summary: 'Output folder, relative to the plugin folder (replaced as a whole)',
      default: 'docs/api',
    }),
  }

  async run() {
    const { args, flags } = await this.parse(Docs)
    const { docsPlugin } = await import('../lib/docs-plugin.js')
    const { renderDocs } = await import('../render/docs.js')
    const result = await docsPlugin({
      cwd: resolve(args.path),
      out: flags.out,
      format: flags.format as 'markdown' | 'html',
      progress: this.progress,
    })
    return this.report(result, renderDocs)
  }
}
