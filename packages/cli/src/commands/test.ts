import { resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../base-command.js'
import { colorEnabled } from '../render/colors.js'

export default class Test extends BaseCommand {
  static override summary = "Run a plugin's tests with vitest and the @pdk/testing preset"
  static override description =
    "Runs vitest through its Node API with pdk's preset: the @pdk/testing setup file (matchers), the node environment, and test/**/*.test.ts plus src/**/*.test.ts. A project's own vitest.config is respected. vitest and @pdk/testing are taken from the project. Arguments after -- go to vitest. Writes no cache or report into the project unless --coverage. Exit 1 when a test fails or there are no tests, 2 when vitest refuses the arguments."
  static override examples = [
    '<%= config.bin %> test',
    '<%= config.bin %> test ./my-plugin --coverage',
    '<%= config.bin %> test -- -t "greets" test/greeter.test.ts',
    '<%= config.bin %> test --json',
  ]
  static override strict = false
  static override args = { path: Args.string({ description: 'plugin folder', default: '.' }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    coverage: Flags.boolean({ summary: 'Measure coverage with v8 into coverage/' }),
    watch: Flags.boolean({ summary: 'Rerun on save until Ctrl-C; one line (NDJSON with --json) per run' }),
  }

  async run() {
    // Everything after `--` belongs to vitest; oclif parses only what comes before.
    const split = this.argv.indexOf('--')
    const own = split === -1 ? this.argv : this.argv.slice(0, split)
    const vitestArgs = split === -1 ? [] : this.argv.slice(split + 1)
    const { args, flags, argv } = await this.parse(Test, own)
    if (argv.length > 1) {
      const { PdkError } = await import('@pdk/core')
      throw new PdkError('PDK_USAGE', `Unexpected argument "${argv[1]}" for "pdk test".`, {
        hint: 'Put arguments meant for vitest after `--`: `pdk test . -- -t "greets"`.',
      })
    }
    const { testPlugin } = await import('../lib/test-plugin.js')
    const { renderTest } = await import('../render/test.js')
    const options = {
      cwd: resolve(args.path),
      coverage: flags.coverage,
      vitestArgs,
      // vitest's own report is the human result; with --json it goes to stderr so stdout stays one document.
      output: this.json ? process.stderr : process.stdout,
      color: colorEnabled(this.json ? process.stderr : process.stdout),
    }
    if (!flags.watch) return this.report(await testPlugin({ ...options, progress: this.progress }), renderTest)

    const controller = new AbortController()
    const stop = () => controller.abort()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    try {
      await testPlugin({
        ...options,
        watch: true,
        signal: controller.signal,
        onRun: (result) => this.event(result, renderTest(result, this.colors)),
      })
    } finally {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    }
  }
}
