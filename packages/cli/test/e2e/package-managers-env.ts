// The package managers the e2e tests install with come from this checkout, not the machine:
// pnpm from .tools/ (scripts/setup.mjs puts it there) and yarn classic from the root
// devDependencies, so `npm test` on a fresh clone runs them.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { WORKSPACE_ROOT } from '../../../../scripts/lib/local-registry.mjs'
import type { PdkRegistryInfo } from '../helpers/registry.js'
import { projectEnv } from '../helpers/registry-projects.js'

/** The checkout's folders of bins: Node 22 and yarn, then pnpm. */
export const TOOL_BINS = [
  join(WORKSPACE_ROOT, 'node_modules', '.bin'),
  join(WORKSPACE_ROOT, '.tools', 'node_modules', '.bin'),
]

/** The version of a package manager this checkout installs (`pnpm` in .tools/, `yarn` in node_modules/). */
export function toolVersion(name: 'pnpm' | 'yarn'): string {
  const base = name === 'pnpm' ? join(WORKSPACE_ROOT, '.tools') : WORKSPACE_ROOT
  return (JSON.parse(readFileSync(join(base, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version
}

/** `projectEnv` with the checkout's pnpm and yarn first on PATH, and yarn's cache in the run's cache folder. */
export function packageManagerEnv(registry: PdkRegistryInfo): NodeJS.ProcessEnv {
  const env = projectEnv(registry)
  return {
    ...env,
    PATH: [...TOOL_BINS, env.PATH ?? ''].join(':'),
    YARN_CACHE_FOLDER: join(registry.cacheDir, 'yarn'),
  }
}
