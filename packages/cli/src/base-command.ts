import { Command, Flags, type Interfaces } from '@oclif/core'
import type { PdkError } from '@pdk/core'
import { type Colors, colors, setColor } from './render/colors.js'
import { printError, printResult } from './render/command-output.js'
import { createProgress, type Progress } from './render/progress.js'

export { EXIT } from './render/command-output.js'

/** Flags several commands share, defined once so they read and behave the same everywhere. */
export const sharedFlags = {
  /** `--registry URL` on the commands that talk to a registry. */
  registry: Flags.string({ summary: "Registry URL (overrides npm's configuration)" }),
  /** `--cwd DIR` on the commands that manage a host project's plugins. */
  hostCwd: Flags.string({ summary: 'The host project folder', default: '.' }),
}

/**
 * The base of every pdk command: the common flags, one place that renders results and
 * errors (human or `--json`), and exit codes 1 (work failed) and 2 (misuse).
 */
export abstract class BaseCommand extends Command {
  static override baseFlags = {
    json: Flags.boolean({ summary: 'Print one JSON document on stdout and nothing else there', helpGroup: 'GLOBAL' }),
    verbose: Flags.boolean({ summary: 'Show stack traces and more detail', helpGroup: 'GLOBAL' }),
    color: Flags.boolean({
      summary: 'Colour the output (default: when a terminal and NO_COLOR is unset)',
      allowNo: true,
      helpGroup: 'GLOBAL',
    }),
  }

  /** True when `--json` was given (set before `run`, from argv, so even parse errors render as JSON). */
  protected json = false
  protected verbose = false
  private progressInstance: Progress | undefined

  protected override async init(): Promise<void> {
    await super.init()
    this.json = this.argv.includes('--json') || this.argv.some((a) => a === '--format=json')
    this.verbose = this.argv.includes('--verbose') || /(^|,)pdk/.test(process.env.DEBUG ?? '')
    if (this.argv.includes('--no-color')) setColor(false)
    else if (this.argv.includes('--color')) setColor(true)
  }

  /** Progress on stderr: spinners on a terminal, plain lines in CI or with `--json`. */
  protected get progress(): Progress {
    this.progressInstance ??= createProgress({ plain: this.json ? true : undefined })
    return this.progressInstance
  }

  /** Colours for stdout. */
  protected get colors(): Colors {
    return colors(process.stdout)
  }

  /**
   * Prints a result: the JSON document with `--json`, else `render(result)`. Sets exit code 1
   * when the result says `ok: false`.
   */
  protected report<R>(result: R, render: (result: R, c: Colors) => string): R {
    return printResult(result, render, this.json)
  }

  /** One event of a watch mode: an NDJSON line with `--json`, else the human line. */
  protected event(value: unknown, human: string): void {
    if (this.json) process.stdout.write(`${JSON.stringify(value)}\n`)
    else process.stdout.write(`${human}\n`)
  }

  // Error rendering (and @pdk/core with it) loads only when something failed: a command that
  // succeeds without needing core pays nothing for it.
  protected override async catch(err: Interfaces.CommandError): Promise<void> {
    const { PdkError, isPdkError } = await import('@pdk/core')
    const { usageErrorFrom } = await import('./render/error.js')
    const error = isPdkError(err) ? err : usageErrorFrom(err, this.ctor)
    if (error === undefined) {
      // oclif's own control flow (exit(), help): let it through.
      if ((err as { code?: string }).code === 'EEXIT') throw err
      const wrapped = PdkError.from(err, 'PDK_INTERNAL', {
        hint: 'This is a bug in pdk or a tool it runs; run again with --verbose and report it.',
      })
      return this.fail(wrapped)
    }
    return this.fail(error)
  }

  private async fail(error: PdkError): Promise<void> {
    await printError(error, this.json, this.verbose)
  }
}
