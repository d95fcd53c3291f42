// One local npm registry per test run (vitest globalSetup): Verdaccio on 127.0.0.1 with the
// workspace packages published into it. It starts at once (about a second) and publishes in
// the background, so a run that never installs anything does not wait for the publish;
// `useRegistry()` (./registry.ts) waits for it. Served from vitest's main process, so every
// child process that talks to it must be asynchronous (TOOLCHAIN.md).
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { TestProject } from 'vitest/node'
import {
  publishWorkspacePackages,
  startLocalRegistry,
  WORKSPACE_PACKAGES,
  WORKSPACE_ROOT,
} from '../../../../scripts/lib/local-registry.mjs'
import type { PdkRegistryInfo, RegistryStatus } from './registry-types.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pdkRegistry: PdkRegistryInfo
  }
}

/** Package stores kept between runs (git-ignored under node_modules): one store for every install of a run. */
const CACHE_ROOT = join(WORKSPACE_ROOT, 'node_modules', '.cache', 'pdk-test')

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const registry = await startLocalRegistry({ log: process.env.PDK_REGISTRY_LOG === '1' })
  const statusFile = join(dirname(registry.npmrc), 'status.json')
  // Written whole and renamed into place: a test reading it never sees a half-written file.
  const writeStatus = async (status: RegistryStatus) => {
    await writeFile(`${statusFile}.tmp`, JSON.stringify(status))
    await rename(`${statusFile}.tmp`, statusFile)
  }
  await writeStatus({ state: 'publishing' })
  const storeDir = join(CACHE_ROOT, 'pnpm-store')
  const cacheDir = join(CACHE_ROOT, 'cache')
  await mkdir(storeDir, { recursive: true })
  await mkdir(cacheDir, { recursive: true })

  const publishing = publishWorkspacePackages(registry).then(
    (published) => writeStatus({ state: 'ready', published }),
    (error: Error) => writeStatus({ state: 'failed', error: error.message }),
  )
  project.provide('pdkRegistry', {
    url: registry.url,
    token: registry.token,
    npmrc: registry.npmrc,
    scopeNpmrc: registry.scopeNpmrc,
    statusFile,
    storeDir,
    cacheDir,
    packages: WORKSPACE_PACKAGES.map((name) => `@pdk/${name}`),
  })
  return async () => {
    await publishing
    await registry.stop()
  }
}
