import { readFileSync } from 'node:fs'
import { type Colors, setColor } from '../render/colors.js'
import { printError, printResult } from '../render/command-output.js'
import { createProgress, type Progress } from '../render/progress.js'
import { type ManifestCommand, type ParsedArgv, parseArgv } from './parse-argv.js'

/** What a fast command body gets: the parsed command line and the base command's output. */
interface FastIo {
  json: boolean
  setJson(): void
  progress(): Progress
  report<T extends { ok?: boolean }>(result: T, render: (result: T, c: Colors) => string): T
}

// The commands run without oclif for a plain command line, each by the body its oclif command runs too.
const BODIES: Record<string, (parsed: ParsedArgv, io: FastIo) => Promise<unknown>> = {
  async validate(parsed, io) {
    const { runValidate } = await import('./run-validate.js')
    return runValidate(parsed.args.path ?? '.', parsed.flags as never, io)
  },
  async init(parsed, io) {
    const { runInit } = await import('./run-init.js')
    // Only the command's own flags parse here: a template's flags send the line to oclif.
    return runInit(parsed.args.name, parsed.flags, [], io)
  },
  async build(parsed, io) {
    const { runBuild } = await import('./run-build.js')
    const result = await runBuild(parsed.args.path ?? '.', parsed.flags, {
      progress: io.progress,
      report: io.report,
      // As BaseCommand.event does.
      event: (result, human) => process.stdout.write(`${io.json ? JSON.stringify(result) : human}\n`),
    })
    // A one-off build has nothing left to do once its output is out: exit now, as tsc does,
    // rather than wait for Node to tear down the heap TypeScript filled (~30 ms).
    if (!parsed.flags.watch) await exitWhenFlushed()
    return result
  },
}

/** Exits with `process.exitCode` once everything written to stdout and stderr has been handed on. */
async function exitWhenFlushed(): Promise<never> {
  await new Promise((resolve) => process.stdout.write('', resolve))
  await new Promise((resolve) => process.stderr.write('', resolve))
  process.exit()
}

/**
 * `pdk <id> …` without oclif: when the command line is a plain one (see `parseArgv`), runs the
 * same command body as the oclif command, with the base command's flag handling, output and
 * error rendering, and returns true. Returns false, having done nothing, for anything else
 * (then bin/run.js hands over to oclif): a command line oclif must judge, `DEBUG` set (oclif's
 * own debug output), or `PDK_NO_FAST_PATH` set. `root` is the package folder of @pdk/cli.
 */
export async function fastCommand(id: string, argv: readonly string[], root: URL): Promise<boolean> {
  if (process.env.DEBUG !== undefined || process.env.PDK_NO_FAST_PATH) return false
  const body = BODIES[id]
  if (body === undefined) return false
  let command: ManifestCommand | undefined
  try {
    const manifest = JSON.parse(readFileSync(new URL('oclif.manifest.json', root), 'utf8'))
    command = manifest?.commands?.[id]
  } catch {
    return false
  }
  const parsed = command && parseArgv(argv, command)
  if (!parsed) return false

  // As BaseCommand.init does, from the raw command line.
  let json = argv.includes('--json') || argv.includes('--format=json')
  const verbose = argv.includes('--verbose')
  if (argv.includes('--no-color')) setColor(false)
  else if (argv.includes('--color')) setColor(true)
  let progress: Progress | undefined
  try {
    await body(parsed, {
      json,
      setJson: () => {
        json = true
      },
      progress: () => {
        progress ??= createProgress({ plain: json ? true : undefined })
        return progress
      },
      report: (result, render) => printResult(result, render, json),
    })
  } catch (err) {
    // As BaseCommand.catch does; a plain command line cannot raise oclif's parse errors.
    const { PdkError, isPdkError } = await import('@pdk/core')
    const error = isPdkError(err)
      ? err
      : PdkError.from(err, 'PDK_INTERNAL', {
          hint: 'This is a bug in pdk or a tool it runs; run again with --verbose and report it.',
        })
    await printError(error, json, verbose)
    // Cancelled by Ctrl-C: the shell's convention for an interrupted command (as Init.catch does).
    if (error.code === 'PDK_ABORTED') process.exitCode = 130
  }
  return true
}
