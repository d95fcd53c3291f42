import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../base-command.js'

export default class Build extends BaseCommand {
  static override summary = 'Bundle a plugin with esbuild, emit its declarations and type-check it'
  static override description =
    "Builds one ESM bundle per entry of package.json (src/x.ts gives dist/x.js), for the Node version engines.node starts at, with sourcemaps and .d.ts declarations. Dependencies stay imports unless --bundle-deps; peer dependencies always do. The type-check runs the project's own tsc beside the bundle. A failed build leaves dist/ as it was."
  static override examples = [
    '<%= config.bin %> build',
    '<%= config.bin %> build ./my-plugin --watch',
    '<%= config.bin %> build --no-typecheck --json',
  ]
  static override args = { path: Args.string({ description: 'plugin folder', default: '.' }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    watch: Flags.boolean({ summary: 'Rebuild on save until Ctrl-C; one line (NDJSON with --json) per build' }),
    'bundle-deps': Flags.boolean({ summary: 'Inline dependencies into the bundle (peer dependencies stay imports)' }),
    typecheck: Flags.boolean({
      summary: "Type-check with the project's tsc (--no-typecheck to skip)",
      allowNo: true,
      default: true,
    }),
    declarations: Flags.boolean({
      summary: 'Emit .d.ts declarations (--no-declarations to skip)',
      allowNo: true,
      default: true,
    }),
    metafile: Flags.boolean({ summary: "Write esbuild's metafile to <outdir>/metafile.json" }),
    minify: Flags.boolean({ summary: 'Minify the bundle' }),
  }

  async run() {
    const { args, flags } = await this.parse(Build)
    const { runBuild } = await import('../dispatch/run-build.js')
    return runBuild(args.path, flags, {
      progress: () => this.progress,
      report: (result, render) => this.report(result, render),
      event: (result, human) => this.event(result, human),
    })
  }
}
