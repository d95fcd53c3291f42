import { resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../base-command.js'

export default class Dev extends BaseCommand {
  static override summary = 'Run the plugin in a development host that rebuilds and hot-reloads it on save'
  static override description =
    'Builds the plugin (watching src/), starts a host made for it (the host and version its manifest accepts, its kind, the hooks it taps, every permission it asks for, values cloned at every crossing, storage in .pdk/dev) and shows its state, health and metrics. After every successful rebuild it hot-reloads the plugin blue/green: the new code loads beside the running one (in a new worker thread by default), takes its snapshot() state and serves from the switch on; new code that fails to load, init or start is refused and the previous build keeps running, as it does after a failed build. A build the running host cannot take (it taps a new hook, or its manifest no longer fits) starts a fresh host. dev.host in pdk.config.json names a module whose default export receives these host options and returns the ones to use. Ctrl-C stops it. With --json, one JSON event per line.'
  static override examples = [
    '<%= config.bin %> dev',
    '<%= config.bin %> dev ./my-plugin --no-typecheck',
    '<%= config.bin %> dev --isolation process --json',
  ]
  static override args = { path: Args.string({ description: 'plugin folder', default: '.' }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    isolation: Flags.option({
      summary:
        'Where the plugin runs: worker and process load each build in a fresh isolate; none imports the new entry in the CLI process',
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
