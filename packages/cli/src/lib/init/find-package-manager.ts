import { stat } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import type { PdkError } from '@pdk/core'
import type { PackageManagerName } from './check-answers.js'
import { initError } from './init-error.js'

/**
 * Where `command` is on `env.PATH`, as a shell (and `child_process.spawn`) would find it, or
 * undefined. Looked up rather than tried: trying means running it, and a missing package
 * manager must be known before `pdk init` writes anything.
 */
export async function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean)
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';') : ['']
  for (const dir of dirs) {
    for (const extension of extensions) {
      const file = join(dir, command + extension)
      try {
        const info = await stat(file)
        // Any execute bit: root may run a file only when one is set, like everyone else.
        if (info.isFile() && (process.platform === 'win32' || (info.mode & 0o111) !== 0)) return file
      } catch {
        // Not in this folder.
      }
    }
  }
  return undefined
}

/** How to get each package manager, in one sentence (`pdk init`'s hint and `pdk doctor`'s fix). */
export const HOW_TO_INSTALL: Record<PackageManagerName, string> = {
  npm: 'npm comes with Node.js: reinstall Node from https://nodejs.org.',
  pnpm: 'Install pnpm: `npm install -g pnpm` (or `corepack enable pnpm`).',
  yarn: 'Install yarn: `npm install -g yarn` (or `corepack enable yarn`).',
}

/**
 * The error of a package manager that is not installed, or (`found`) is on PATH but could not
 * be started: a broken install. pdk init discards its staged project when this is thrown.
 */
export function packageManagerMissing(packageManager: PackageManagerName, found = false): Promise<PdkError> {
  const what = found
    ? `"${packageManager}" is on PATH but could not be started (spawn ENOENT): its install is broken.`
    : `"${packageManager}" is not on PATH; nothing was written.`
  return initError(
    'PDK_PACKAGE_MANAGER_MISSING',
    `pdk init would install the dependencies with ${packageManager}, but ${what}`,
    {
      hint: `${HOW_TO_INSTALL[packageManager]} Or pass ${packageManager === 'npm' ? '`--package-manager pnpm` (or `yarn`)' : '`--package-manager npm`'}, or \`--no-install\` to install later.`,
      details: { packageManager },
    },
  )
}

/** Throws `PDK_PACKAGE_MANAGER_MISSING` unless `packageManager` is on `env.PATH`; returns where it is. */
export async function requirePackageManager(
  packageManager: PackageManagerName,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const found = await findOnPath(packageManager, env)
  if (found === undefined) throw await packageManagerMissing(packageManager)
  return found
}
