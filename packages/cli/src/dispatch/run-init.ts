import type { InitResult } from '../lib/init-project.js'
import type { Colors } from '../render/colors.js'
import type { Progress } from '../render/progress.js'

/** The flags of `pdk init`, as parsed (flags that were not given are undefined). */
export interface InitFlags {
  json?: boolean
  template?: string
  kind?: string
  description?: string
  host?: string
  permissions?: string
  'package-manager'?: string
  author?: string
  license?: string
  install?: boolean
  git?: boolean
  yes?: boolean
  force?: boolean
  dir?: string
  'dry-run'?: boolean
  registry?: string
}

/** What the command body needs of the command that runs it (oclif's, or bin/run.js's fast dispatch). */
export interface InitIo {
  /** True with `--json`: nothing is asked, only JSON goes to stdout. */
  json: boolean
  /** The command's progress on stderr. */
  progress(): Progress
  /** Prints the result (JSON or text) and sets the exit code. */
  report(result: InitResult, render: (result: InitResult, c: Colors) => string): InitResult
}

/**
 * The body of `pdk init`: asks what the flags do not say (on a terminal, without --yes or
 * --json), scaffolds, prints. Both the oclif command and the fast dispatch of bin/run.js run
 * it. Ctrl-C or SIGTERM aborts it, leaving nothing behind.
 */
export async function runInit(
  name: string | undefined,
  flags: InitFlags,
  templateArgs: string[],
  io: InitIo,
): Promise<InitResult> {
  const [{ initProject }, { renderInit }] = await Promise.all([
    import('../lib/init-project.js'),
    import('../render/init.js'),
  ])
  const interactive = Boolean(process.stdin.isTTY) && !flags.yes && !io.json
  const asker = interactive ? (await import('../lib/init/asker.js')).inquirerAsker() : undefined
  const controller = new AbortController()
  const abort = () => controller.abort()
  process.once('SIGINT', abort)
  process.once('SIGTERM', abort)
  try {
    const result = await initProject({
      cwd: process.cwd(),
      ...(name !== undefined && { name }),
      ...(flags.template !== undefined && { template: flags.template }),
      ...(flags.kind !== undefined && { kind: flags.kind }),
      ...(flags.description !== undefined && { description: flags.description }),
      ...(flags.host !== undefined && { host: flags.host }),
      ...(flags.permissions !== undefined && { permissions: flags.permissions }),
      ...(flags['package-manager'] !== undefined && { packageManager: flags['package-manager'] }),
      ...(flags.author !== undefined && { author: flags.author }),
      ...(flags.license !== undefined && { license: flags.license }),
      ...(flags.install !== undefined && { install: flags.install }),
      ...(flags.git !== undefined && { git: flags.git }),
      ...(flags.dir !== undefined && { dir: flags.dir }),
      ...(flags.registry !== undefined && { registry: flags.registry }),
      force: flags.force,
      dryRun: flags['dry-run'],
      templateArgs,
      ...(asker && { asker }),
      progress: io.progress(),
      signal: controller.signal,
    })
    return io.report(result, renderInit)
  } finally {
    process.off('SIGINT', abort)
    process.off('SIGTERM', abort)
  }
}
