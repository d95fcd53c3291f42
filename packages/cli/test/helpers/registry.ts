// The test side of the run's local registry (see registry-global-setup.ts): wait until the
// workspace packages are published, point a project's `@pdk` scope at it, and the environment
// an install runs with (the run's shared store and cache, no inherited npm_config_*).
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { inject } from 'vitest'
import { authLine, cleanNpmEnv } from '../../../../scripts/lib/local-registry.mjs'
import type { PdkRegistryInfo, RegistryStatus } from './registry-types.js'

export type { PdkRegistryInfo } from './registry-types.js'

/**
 * The run's registry, once the workspace packages are published into it.
 * @example const registry = await useRegistry(); await writeProjectNpmrc(dir, registry)
 */
export async function useRegistry(timeoutMs = 180_000): Promise<PdkRegistryInfo> {
  const registry = inject('pdkRegistry')
  if (!registry) {
    throw new Error('No pdk test registry: packages/cli/test/helpers/registry-global-setup.ts is not in globalSetup.')
  }
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const status = JSON.parse(await readFile(registry.statusFile, 'utf8')) as RegistryStatus
    if (status.state === 'ready') return registry
    if (status.state === 'failed')
      throw new Error(`The test registry could not publish the workspace packages: ${status.error}`)
    if (Date.now() > deadline) throw new Error(`The test registry was still publishing after ${timeoutMs} ms.`)
    await sleep(100)
  }
}

/** The `.npmrc` lines that send only the `@pdk` scope to the registry. */
export function projectNpmrc(registry: Pick<PdkRegistryInfo, 'url' | 'token'>): string {
  return `@pdk:registry=${registry.url}\n${authLine(registry.url, registry.token)}\n`
}

/** Writes `dir/.npmrc` pointing only the `@pdk` scope at the registry; everything else comes from the default registry. */
export async function writeProjectNpmrc(
  dir: string,
  registry: Pick<PdkRegistryInfo, 'url' | 'token'>,
): Promise<string> {
  const file = join(dir, '.npmrc')
  await writeFile(file, projectNpmrc(registry))
  return file
}

/**
 * The environment for an install in a test project (or `pdk init` that installs): this
 * process's, minus any `npm_config_*` a parent npm or pnpm set, with a user config that sends
 * only the `@pdk` scope to the registry (the machine's global config still applies), and the
 * run's shared pnpm store and package cache.
 */
export function installEnv(registry: Pick<PdkRegistryInfo, 'storeDir' | 'cacheDir' | 'scopeNpmrc'>): NodeJS.ProcessEnv {
  return {
    ...cleanNpmEnv(process.env),
    npm_config_userconfig: registry.scopeNpmrc,
    npm_config_store_dir: registry.storeDir,
    npm_config_cache: join(registry.cacheDir, 'npm'),
    npm_config_cache_dir: join(registry.cacheDir, 'pnpm'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  }
}
