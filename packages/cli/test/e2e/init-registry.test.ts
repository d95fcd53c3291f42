import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAsync } from '../../../../scripts/lib/local-registry.mjs'
import { installEnv, type PdkRegistryInfo, useRegistry, writeProjectNpmrc } from '../helpers/registry.js'

// The run's local registry (registry-global-setup.ts): the workspace packages are in it with
// `workspace:` ranges rewritten, and a project's .npmrc sends only the @pdk scope there.
describe('the test registry', () => {
  let registry: PdkRegistryInfo
  let dir: string
  beforeAll(async () => {
    registry = await useRegistry()
    dir = await mkdtemp(join(tmpdir(), 'pdk-registry-test-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('serves every workspace package with publishable dependency ranges', async () => {
    for (const name of registry.packages) {
      const response = await fetch(`${registry.url}${name.replace('/', '%2f')}`)
      expect(response.status, name).toBe(200)
      const doc = (await response.json()) as { 'dist-tags': { latest: string }; versions: Record<string, any> }
      const latest = doc.versions[doc['dist-tags'].latest]
      expect(JSON.stringify(latest.dependencies ?? {}), name).not.toContain('workspace:')
    }
    const cli = (await (await fetch(`${registry.url}@pdk%2fcli`)).json()) as any
    const deps = cli.versions[cli['dist-tags'].latest].dependencies
    expect(deps['@pdk/core']).toMatch(/^\^\d+\.\d+\.\d+/)
  })

  it('is where a project with its .npmrc resolves @pdk packages, and only those', async () => {
    const npmrc = await writeProjectNpmrc(dir, registry)
    const text = await readFile(npmrc, 'utf8')
    expect(text).toBe(
      `@pdk:registry=${registry.url}\n${registry.url.replace('http:', '')}:_authToken=${registry.token}\n`,
    )
    const env = installEnv(registry)
    const pdk = await runAsync('npm', ['view', '@pdk/core', 'dist.tarball'], { cwd: dir, env })
    expect(pdk.code, pdk.stderr).toBe(0)
    expect(pdk.stdout.trim()).toMatch(new RegExp(`^${registry.url}@pdk/core/-/core-`))
    const other = await runAsync('npm', ['config', 'get', 'registry'], { cwd: dir, env })
    expect(other.stdout.trim()).not.toContain('127.0.0.1')
  })
})
