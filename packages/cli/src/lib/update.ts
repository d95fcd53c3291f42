import { resolve } from 'node:path'
import { PdkError, type Permissions } from '@pdk/core'
import semver from 'semver'
import { type Progress, silentProgress } from '../render/progress.js'
import { applyPluginChanges } from './host-project/apply-plugin-changes.js'
import { dependentsOf, readInstalled } from './host-project/installed-plugins.js'
import { loadHostProject } from './host-project/load-host-project.js'
import { pickVersion } from './host-project/pick-version.js'
import { planInstall } from './host-project/plan-install.js'
import { changeOf } from './host-project/plugin-change.js'
import { baseResult, grantPermissions, type InstallResult } from './install.js'
import { loadNpmConfig } from './registry/npm-config.js'
import { readPackument } from './registry/read-packument.js'
import { readTrustFile } from './signing/trust-store.js'

export interface UpdateOptions {
  /** The host project. */
  cwd: string
  /** Plugins to update. @default every plugin installed from the registry */
  plugins?: string[]
  yes?: boolean
  confirm?: (question: string) => Promise<boolean>
  /** Show what would change, change nothing. @default false */
  dryRun?: boolean
  registry?: string
  configDir?: string
  progress?: Progress
}

/**
 * Updates installed plugins to the newest versions that still fit the host and the other
 * installed plugins' ranges. Shows what would change first (on progress, and as the result),
 * asks for the permissions of what changes, then installs like `pdk install`.
 */
export async function updatePlugins(options: UpdateOptions): Promise<InstallResult> {
  const progress = options.progress ?? silentProgress
  const project = await loadHostProject(resolve(options.cwd), options.configDir)
  const installed = await readInstalled(project)
  const npm = await loadNpmConfig({ cwd: project.root, registry: options.registry })
  const names = options.plugins?.length ? options.plugins : Object.keys(installed.lock.plugins)
  const specs: string[] = []
  await progress.task(`Look for updates of ${names.length} plugin${names.length === 1 ? '' : 's'}`, async () => {
    for (const name of names) {
      const entry = installed.lock.plugins[name]
      if (!entry) {
        throw new PdkError('PDK_NOT_FOUND', `"${name}" is not installed in ${project.pluginsDir}.`, {
          hint: `Install it with \`pdk install ${name}\`.`,
          details: { plugin: name },
        })
      }
      // Plugins installed from a folder or tarball have no registry to update from.
      if (entry.resolved.startsWith('file:')) continue
      const packument = await readPackument(name, npm)
      if (!packument) continue
      const best = pickVersion(packument, '*', {
        host: { name: project.name, version: project.version },
        coreVersion: project.coreVersion,
        constraints: dependentsOf(name, installed.manifests, new Set([name])),
      })
      if (semver.gt(best, entry.version)) specs.push(`${name}@${best}`)
    }
  })
  if (specs.length === 0) return baseResult(project, options.dryRun === true, [])
  const trust = await readTrustFile(project.trustFile)
  const planned = await progress.task('Fetch and check the new versions', () =>
    planInstall(project, specs, { cwd: project.root, npm, installed, trusted: trust.keys }),
  )
  const changing = planned.filter((p) => p.previous !== p.version)
  const changes = changing.map(changeOf)
  for (const c of changes)
    progress.info(`${c.action === 'update' ? '↑' : '+'} ${c.name} ${c.from ?? ''}${c.from ? ' → ' : ''}${c.to}`)
  const result = baseResult(project, options.dryRun === true, changes)
  if (options.dryRun) return result
  await grantPermissions(changes, options)
  const granted = new Map<string, Permissions>(changes.map((c) => [c.name, c.granted]))
  await progress.task(`Install into ${project.pluginsDir}`, () =>
    applyPluginChanges(project, installed.lock, { add: changing, remove: [], granted }, npm),
  )
  return result
}
