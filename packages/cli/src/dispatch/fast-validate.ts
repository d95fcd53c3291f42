import { readFileSync } from 'node:fs'
import { setColor } from '../render/colors.js'
import { printError, printResult } from '../render/command-output.js'
import { createProgress, type Progress } from '../render/progress.js'
import { type ManifestCommand, parseArgv } from './parse-argv.js'
import { runValidate, type ValidateFlags } from './run-validate.js'

/**
 * `pdk validate …` without oclif: when the command line is a plain one (see `parseArgv`), runs
 * the same command body as the oclif command, with the base command's flag handling, output and
 * error rendering, and returns true. Returns false, having done nothing, for anything else
 * (then bin/run.js hands over to oclif): a command line oclif must judge, `DEBUG` set (oclif's
 * own debug output), or `PDK_NO_FAST_PATH` set. `root` is the package folder of @pdk/cli.
 */
export async function fastValidate(argv: readonly string[], root: URL): Promise<boolean> {
  if (process.env.DEBUG !== undefined || process.env.PDK_NO_FAST_PATH) return false
  let command: ManifestCommand | undefined
  try {
    const manifest = JSON.parse(readFileSync(new URL('oclif.manifest.json', root), 'utf8'))
    command = manifest?.commands?.validate
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
    await runValidate(parsed.args.path ?? '.', parsed.flags as unknown as ValidateFlags, {
      setJson: () => {
        json = true
      },
      progress: () => {
        progress ??= createProgress({ plain: json ? true : undefined })
        return progress
      },
      report: (report, render) => printResult(report, render, json),
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
  }
  return true
}
