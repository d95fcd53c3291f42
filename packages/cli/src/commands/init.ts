import { Args, Flags, type Interfaces } from '@oclif/core'
import { BaseCommand } from '../base-command.js'

export default class Init extends BaseCommand {
  static override summary = 'Scaffold a plugin (or a host) from a template, install it and commit it'
  static override description =
    'Creates the folder NAME (without its scope, or --dir) from a built-in template (basic, system, integration, extension, host), an npm package of templates, or a local folder. On a terminal it asks for what the flags do not say; with --yes, --json or no terminal it asks nothing and takes the defaults. It checks every value first, renders into a temporary folder and moves it into place, so a failure or Ctrl-C leaves nothing behind. Templates may declare flags of their own (--greeting Hi).'
  static override examples = [
    '<%= config.bin %> init',
    '<%= config.bin %> init my-plugin --yes',
    '<%= config.bin %> init @acme/pdk-plugin-weather --template integration --api-url https://api.weather.example --yes',
    '<%= config.bin %> init my-host --template host --package-manager pnpm',
    '<%= config.bin %> init my-plugin --template @acme/pdk-templates#worker --registry http://127.0.0.1:4873',
    '<%= config.bin %> init my-plugin --dry-run',
  ]
  static override args = {
    name: Args.string({ description: 'package name (scoped allowed); without its scope, the folder created' }),
  }
  static override flags = {
    ...BaseCommand.baseFlags,
    template: Flags.string({
      summary:
        'Template: basic, system, integration, extension, host, an npm package, or a folder (default: extension)',
    }),
    kind: Flags.string({ summary: "Plugin kind (default: the template's kind)" }),
    description: Flags.string({ summary: 'One-line description (default: "A pdk plugin")' }),
    host: Flags.string({ summary: 'Host it plugs into, NAME@RANGE (default: example-host@^1.0.0)' }),
    permissions: Flags.string({
      summary: 'Permissions to ask for, e.g. fs.read=./assets,network=api.example.com:443,env=TOKEN (default: none)',
    }),
    'package-manager': Flags.string({
      summary: 'Package manager to install with (default: the one running pdk, else npm)',
      options: ['npm', 'pnpm', 'yarn'],
    }),
    author: Flags.string({ summary: "Author (default: git's user.name)" }),
    license: Flags.string({ summary: 'SPDX license (default: MIT)' }),
    install: Flags.boolean({ summary: 'Install dependencies (default; --no-install to skip)', allowNo: true }),
    git: Flags.boolean({ summary: 'Initialise git with a first commit (default; --no-git to skip)', allowNo: true }),
    yes: Flags.boolean({ char: 'y', summary: 'Ask nothing: take the defaults for whatever the flags do not say' }),
    force: Flags.boolean({ summary: 'Write into a non-empty folder (same-named files are replaced)' }),
    dir: Flags.string({ summary: 'Folder to create (default: NAME without its scope)' }),
    'dry-run': Flags.boolean({ summary: 'List the files it would write, write nothing' }),
    registry: Flags.string({ summary: "Registry for an npm template (overrides npm's configuration)" }),
  }

  async run() {
    const { splitArgv } = await import('../lib/init/split-argv.js')
    const { known, template: templateArgs } = splitArgv(this.argv, Init.flags as never)
    const { args, flags } = await this.parse(Init, known)
    const { runInit } = await import('../dispatch/run-init.js')
    return runInit(args.name, flags, templateArgs, {
      json: this.json,
      progress: () => this.progress,
      report: (result, render) => this.report(result, render),
    })
  }

  protected override async catch(err: Interfaces.CommandError): Promise<void> {
    await super.catch(err)
    // Cancelled by Ctrl-C: the shell's convention for an interrupted command.
    if ((err as { code?: unknown }).code === 'PDK_ABORTED') process.exitCode = 130
  }
}
