import { resolve } from 'node:path'
import { PdkError, type Permissions } from '@pdk/core'
import { type Progress, silentProgress } from '../render/progress.js'
import { applyPluginChanges } from './host-project/apply-plugin-changes.js'
import { readInstalled } from './host-project/installed-plugins.js'
import { type HostProject, loadHostProject } from './host-project/load-host-project.js'
import { planInstall } from './host-project/plan-install.js'
import { changeOf, type PluginChange, permissionQuestion } from './host-project/plugin-change.js'
import { loadNpmConfig } from './registry/npm-config.js'
import { readTrustFile } from './signing/trust-store.js'

export interface InstallOptions {
  /** The host project (the folder with pdk.config.json and its `host` section). */
  cwd: string
  /** `NAME[@RANGE]`, a plugin folder or a `.tgz`, one or more. */
  plugins: string[]
  /** Grant the permissions the plugins ask for without asking. @default false */
  yes?: boolean
  /** Asks the operator to accept the permissions (a TTY prompt); without it and without `yes`, permissions are refused. */
  confirm?: (question: string) => Promise<boolean>
  /** Resolve, fetch and check everything; change nothing. @default false */
  dryRun?: boolean
  registry?: string
  configDir?: string
  progress?: Progress
}

/** What `pdk install` did (or, with `dryRun`, would do). */
export interface InstallResult {
  ok: true
  host: { name: string; version: string }
  pluginsDir: string
  lockfile: string
  dryRun: boolean
  changes: PluginChange[]
}

/**
 * Installs plugins into a host project: resolves each against the host's version, its
 * @pdk/core and the installed plugins' ranges (adding missing plugin dependencies), checks
 * integrity, signatures and manifests, asks for the permissions, then installs into a staging
 * copy of the plugins folder and swaps it in. A failure at any point leaves the folder as it was.
 */
export async function installPlugins(options: InstallOptions): Promise<InstallResult> {
  if (options.plugins.length === 0) {
    throw new PdkError('PDK_USAGE', 'Name at least one plugin to install.', {
      hint: 'e.g. `pdk install pdk-plugin-greeter`, `pdk install ./my-plugin` or `pdk install ./plugin-1.0.0.tgz`.',
    })
  }
  const cwd = resolve(options.cwd)
  const progress = options.progress ?? silentProgress
  const project = await loadHostProject(cwd, options.configDir)
  const npm = await loadNpmConfig({ cwd: project.root, registry: options.registry })
  const installed = await readInstalled(project)
  const trust = await readTrustFile(project.trustFile)
  const planned = await progress.task(
    `Resolve ${options.plugins.join(', ')} for ${project.name}@${project.version}`,
    () => planInstall(project, options.plugins, { cwd, npm, installed, trusted: trust.keys }),
  )
  const changes = planned.filter((p) => p.previous !== p.version).map(changeOf)
  const result = baseResult(project, options.dryRun === true, changes)
  if (options.dryRun || changes.length === 0) return result
  await grantPermissions(changes, options)
  const granted = new Map<string, Permissions>(changes.map((c) => [c.name, c.granted]))
  await progress.task(`Install into ${project.pluginsDir}`, () =>
    applyPluginChanges(
      project,
      installed.lock,
      { add: planned.filter((p) => p.previous !== p.version), remove: [], granted },
      npm,
    ),
  )
  return result
}

/** Takes the permissions the changes ask for only with `yes` or an accepted confirmation. */
export async function grantPermissions(
  changes: readonly PluginChange[],
  options: { yes?: boolean; confirm?: (question: string) => Promise<boolean> },
): Promise<void> {
  const question = permissionQuestion(changes)
  if (!question || options.yes) return
  if (!options.confirm) {
    throw new PdkError(
      'PDK_ABORTED',
      `Permissions need your consent, and there is no terminal to ask on:\n${question}`,
      {
        hint: 'Read them, then run again with --yes to grant them.',
        details: { plugins: changes.filter((c) => c.permissions.length > 0).map((c) => c.name) },
      },
    )
  }
  if (!(await options.confirm(`${question}\nGrant these permissions?`))) {
    throw new PdkError('PDK_ABORTED', 'The permissions were not granted; nothing was installed.', {
      hint: 'Run again and accept, or choose another plugin.',
    })
  }
}

export function baseResult(project: HostProject, dryRun: boolean, changes: PluginChange[]): InstallResult {
  return {
    ok: true,
    host: { name: project.name, version: project.version },
    pluginsDir: project.pluginsDir,
    lockfile: project.lockfile,
    dryRun,
    changes,
  }
}
