import { resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../base-command.js'

export default class Dev extends BaseCommand {
  static override summary = 'Run the plugin in a development host that rebuilds and restarts it on save'
  static override description =
    'Builds the plugin (watching src/), starts a host made for it (the host and version its manifest accepts, its kind, the hooks it taps, every permission it asks for, values cloned at every crossing, storage in .pdk/dev) and shows its state, health and metrics. After every successful rebuild it starts the plugin afresh, in a new worker thread by default, so the new code runs with its stored state kept; a failed build keeps the running one. dev.host in pdk.config.json names a module whose default export receives these host options and returns the ones to use. Ctrl-C stops it. With --json, one JSON event per line.'
  static override examples = [
    '<%= config.bin %> dev',
    '<%= config.bin %> dev ./my-plugin --no-typecheck',
    '<%= config.bin %> dev --isolation process --json',
  ]
  static override args = { path: Args.string({ description: 'plugin folder', default: '.' }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    isolation: Flags.option({
      summary: 'Where the plugin runs: a worker loads the new code on every restart; none reuses the first import',
      options: ['worker', 'process', 'none'] as const,
      default: 'worker',
    })(),
    typecheck: Flags.boolean({
      summary: "Type-check every build with the project's tsc (--no-typecheck to skip)",
      allowNo: true,
      default: true,
    }),
  }

  async run() {
    const { args, flags } = await this.parse(Dev)
    const [{ devPlugin }, { renderDevEvent }] = await Promise.all([
      import('../lib/dev-plugin.js'),
      import('../render/dev.js'),
    ])
    const controller = new AbortController()
    const stop = () => controller.abort()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    if (!this.json) this.progress.info('Starting the development host; press Ctrl-C to stop.')
    try {
      const result = await devPlugin({
        cwd: resolve(args.path),
        isolation: flags.isolation,
        typecheck: flags.typecheck,
        signal: controller.signal,
        onEvent: (event) => this.event(event, renderDevEvent(event, this.colors)),
      })
      // Stopped by Ctrl-C after a session that ran: success, as for `pdk build --watch`.
      if (!result.ok) process.exitCode = 1
    } finally {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    }
  }
}
