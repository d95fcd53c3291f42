import type { PackageManagerName } from './check-answers.js'
import { packageManagerMissing } from './find-package-manager.js'
import { runCommand } from './run-command.js'

/** How an install went; a failed one says how to retry. */
export interface InstallOutcome {
  ok: boolean
  packageManager: PackageManagerName
  /** The command that was run (and that retries it). */
  command: string
  /** The end of the package manager's output, when it failed. */
  output?: string
  /** What went wrong, in one sentence, when it failed. */
  message?: string
}

const ARGS: Record<PackageManagerName, string[]> = {
  npm: ['install', '--no-fund', '--no-audit'],
  pnpm: ['install'],
  // Never a question on a terminal that nobody reads: stdin is closed.
  yarn: ['install', '--non-interactive'],
}

/**
 * Installs a project's dependencies with its package manager, in a child process. A package
 * manager that cannot be started throws `PDK_PACKAGE_MANAGER_MISSING` (nothing to keep: the
 * project never had its dependencies); a failed install is an outcome that says how to retry.
 */
export async function installDependencies(
  dir: string,
  packageManager: PackageManagerName,
  options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; onLine?: (line: string) => void } = {},
): Promise<InstallOutcome> {
  const command = `${packageManager} install`
  const env = { ...(options.env ?? process.env) }
  // The package manager that runs pdk sets these for itself; another one must not inherit them.
  delete env.npm_config_user_agent
  delete env.npm_execpath
  const outcome = await runCommand(packageManager, ARGS[packageManager], {
    cwd: dir,
    env,
    ...(options.signal && { signal: options.signal }),
    ...(options.onLine && { onLine: options.onLine }),
  })
  if (outcome.code === 0) return { ok: true, packageManager, command }
  if (outcome.spawnError?.code === 'ENOENT') throw await packageManagerMissing(packageManager, true)
  const message = outcome.spawnError
    ? `${packageManager} could not be started (${outcome.spawnError.code}): is it installed and on PATH?`
    : `${command} exited with code ${outcome.code}`
  return { ok: false, packageManager, command, output: outcome.output.slice(-4000), message }
}
