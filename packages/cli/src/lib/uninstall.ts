import { resolve } from 'node:path'
import { PdkError } from '@pdk/core'
import { type Progress, silentProgress } from '../render/progress.js'
import { applyPluginChanges } from './host-project/apply-plugin-changes.js'
import { dependentsOf, readInstalled } from './host-project/installed-plugins.js'
import { loadHostProject } from './host-project/load-host-project.js'
import type { PluginChange } from './host-project/plugin-change.js'
import { baseResult, type InstallResult } from './install.js'
import { loadNpmConfig } from './registry/npm-config.js'

export interface UninstallOptions {
  /** The host project. */
  cwd: string
  plugins: string[]
  /** Remove even plugins that other installed plugins depend on. @default false */
  force?: boolean
  dryRun?: boolean
  configDir?: string
  progress?: Progress
}

/**
 * Removes plugins from a host project's plugins folder (staged and swapped in like an
 * install). Refuses a plugin that another installed plugin depends on, unless `force`.
 */
export async function uninstallPlugins(options: UninstallOptions): Promise<InstallResult> {
  if (options.plugins.length === 0) {
    throw new PdkError('PDK_USAGE', 'Name at least one plugin to uninstall.', {
      hint: 'e.g. `pdk uninstall pdk-plugin-greeter`; `pdk list` shows what is installed.',
    })
  }
  const progress = options.progress ?? silentProgress
  const project = await loadHostProject(resolve(options.cwd), options.configDir)
  const installed = await readInstalled(project)
  const removing = new Set(options.plugins)
  const changes: PluginChange[] = []
  for (const name of options.plugins) {
    const entry = installed.lock.plugins[name]
    if (!entry) {
      const known = Object.keys(installed.lock.plugins)
      throw new PdkError('PDK_NOT_FOUND', `"${name}" is not installed in ${project.pluginsDir}.`, {
        hint: known.length ? `Installed: ${known.join(', ')}.` : 'No plugins are installed yet.',
        details: { plugin: name },
      })
    }
    const dependents = dependentsOf(name, installed.manifests, removing)
    if (dependents.length > 0 && !options.force) {
      const who = dependents.map((d) => `"${d.from}" (needs ${name}@${d.range})`).join(', ')
      throw new PdkError(
        'PDK_DEP_MISSING',
        `Cannot uninstall "${name}": ${who} depend${dependents.length === 1 ? 's' : ''} on it.`,
        {
          hint: `Uninstall ${dependents.map((d) => d.from).join(', ')} too (\`pdk uninstall ${[name, ...dependents.map((d) => d.from)].join(' ')}\`), or pass --force to break them.`,
          details: { plugin: name, version: entry.version, dependents },
        },
      )
    }
    changes.push({
      name,
      action: 'remove',
      from: entry.version,
      to: undefined,
      reason: name,
      source: undefined,
      resolved: entry.resolved,
      integrity: entry.integrity,
      signature: entry.signature,
      permissions: [],
      granted: {},
    })
  }
  const result = baseResult(project, options.dryRun === true, changes)
  if (options.dryRun) return result
  const npm = await loadNpmConfig({ cwd: project.root })
  await progress.task(`Remove ${options.plugins.join(', ')} from ${project.pluginsDir}`, () =>
    applyPluginChanges(project, installed.lock, { add: [], remove: options.plugins, granted: new Map() }, npm),
  )
  return result
}
