import { resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { BaseCommand, sharedFlags } from '../base-command.js'

export default class Publish extends BaseCommand {
  static override summary = "Build, sign, pack and publish a plugin to the registry from npm's configuration"
  static override description =
    "Refuses a version the registry already has before doing any work. Then builds, runs the prepack and prepare scripts, signs when a key is configured (sign.key in pdk.config.json or --key), packs with scripts off and publishes with npm's libraries. Tokens come from .npmrc and are never printed."
  static override examples = [
    '<%= config.bin %> publish',
    '<%= config.bin %> publish ./my-plugin --registry http://127.0.0.1:4873/ --dry-run',
    '<%= config.bin %> publish --tag next --access public --otp 123456',
  ]
  static override args = { path: Args.string({ description: 'plugin folder', default: '.' }) }
  static override flags = {
    ...BaseCommand.baseFlags,
    registry: sharedFlags.registry,
    tag: Flags.string({ summary: 'dist-tag to publish under', default: 'latest' }),
    access: Flags.string({ summary: 'Access of a scoped package', options: ['public', 'restricted'] }),
    otp: Flags.string({ summary: 'One-time password for registries with 2FA' }),
    'dry-run': Flags.boolean({ summary: 'Do everything but send the package' }),
    provenance: Flags.boolean({
      summary: 'Publish a provenance statement (needs a CI identity such as GitHub Actions OIDC)',
    }),
    key: Flags.string({ summary: 'Sign with this key (name or file) instead of sign.key of pdk.config.json' }),
    sign: Flags.boolean({
      summary: 'Sign when a key is configured (--no-sign to publish unsigned)',
      default: true,
      allowNo: true,
    }),
    build: Flags.boolean({
      summary: 'Build before publishing (--no-build to publish dist as it is)',
      default: true,
      allowNo: true,
    }),
    validate: Flags.boolean({
      summary: 'Validate before publishing (--no-validate to skip)',
      default: true,
      allowNo: true,
    }),
    test: Flags.boolean({
      summary: "Run the plugin's tests before publishing (--no-test to skip)",
      default: true,
      allowNo: true,
    }),
  }

  async run() {
    const { args, flags } = await this.parse(Publish)
    const { publishPlugin } = await import('../lib/publish-plugin.js')
    const { renderPublish } = await import('../render/publish.js')
    const result = await publishPlugin({
      cwd: resolve(args.path),
      registry: flags.registry,
      tag: flags.tag,
      access: flags.access as 'public' | 'restricted' | undefined,
      otp: flags.otp,
      dryRun: flags['dry-run'],
      provenance: flags.provenance,
      build: flags.build,
      validate: flags.validate,
      test: flags.test,
      sign: flags.sign ? flags.key : false,
      progress: this.progress,
    })
    return this.report(result, renderPublish)
  }
}
