/** How long work shows itself: a spinner per task on a terminal, plain lines in CI. Always on stderr. */
export interface Progress {
  /** Runs `fn` as one visible task; `update` changes the task's status line. */
  task<T>(title: string, fn: (update: (text: string) => void) => Promise<T>): Promise<T>
  /** A plain line of information on stderr. */
  info(line: string): void
}

/** A `Progress` that shows nothing (library calls and tests). */
export const silentProgress: Progress = {
  task: (_title, fn) => fn(() => {}),
  info: () => {},
}

export interface ProgressOptions {
  /** Plain lines instead of spinners (CI, no TTY, `--json`). Default: when stderr is not a TTY or `CI` is set. */
  plain?: boolean
  /** Show nothing at all. */
  silent?: boolean
}

/** Creates the `Progress` a command uses: listr2's spinner on a terminal, plain timed lines otherwise. */
export function createProgress(options: ProgressOptions = {}): Progress {
  if (options.silent) return silentProgress
  const plain = options.plain ?? (!process.stderr.isTTY || Boolean(process.env.CI))
  return plain ? plainProgress() : spinnerProgress()
}

function plainProgress(): Progress {
  return {
    async task(title, fn) {
      const started = performance.now()
      process.stderr.write(`- ${title}\n`)
      try {
        const value = await fn(() => {})
        process.stderr.write(`✓ ${title} (${formatMs(performance.now() - started)})\n`)
        return value
      } catch (error) {
        process.stderr.write(`✗ ${title} (${formatMs(performance.now() - started)})\n`)
        throw error
      }
    },
    info(line) {
      process.stderr.write(`${line}\n`)
    },
  }
}

function spinnerProgress(): Progress {
  return {
    async task(title, fn) {
      const { Listr, ListrLogger, PRESET_TIMER, ProcessOutput } = await import('listr2')
      let value: unknown
      const list = new Listr(
        [
          {
            title,
            task: async (_ctx, task) => {
              value = await fn((text) => {
                task.output = text
              })
            },
          },
        ],
        {
          exitOnError: true,
          registerSignalListeners: false,
          rendererOptions: {
            logger: new ListrLogger({ processOutput: new ProcessOutput(process.stderr, process.stderr) }),
            timer: PRESET_TIMER,
          },
          collectErrors: false,
        },
      )
      await list.run()
      return value as Awaited<ReturnType<typeof fn>>
    },
    info(line) {
      process.stderr.write(`${line}\n`)
    },
  }
}

/** `850ms`, `1.2s`, `2m 3s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  return `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`
}
