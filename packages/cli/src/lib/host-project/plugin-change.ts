import type { Permissions } from '@pdk/core'
import { describePermissions, type PermissionLine } from '../describe-permissions.js'
import type { PlannedPlugin } from './plan-install.js'

/** One change to the plugins folder, as `install`, `update` and `uninstall` report it. */
export interface PluginChange {
  name: string
  action: 'install' | 'update' | 'remove'
  /** Installed before (update, remove). */
  from: string | undefined
  /** Installed after (install, update). */
  to: string | undefined
  reason: string
  source: 'registry' | 'folder' | 'tarball' | undefined
  resolved: string | undefined
  integrity: string | undefined
  signature: { keyId: string; verified: boolean } | null
  /** What it asks for, in plain words. */
  permissions: PermissionLine[]
  /** What it is granted (what it asks for, once accepted). */
  granted: Permissions
}

/** The change a planned plugin makes. */
export function changeOf(plugin: PlannedPlugin): PluginChange {
  const asked = (plugin.manifest.pdk?.permissions ?? {}) as Permissions
  return {
    name: plugin.name,
    action: plugin.previous ? 'update' : 'install',
    from: plugin.previous,
    to: plugin.version,
    reason: plugin.reason,
    source: plugin.source,
    resolved: plugin.resolved,
    integrity: plugin.integrity,
    signature: plugin.signature,
    permissions: hasAny(asked) ? describePermissions(asked) : [],
    granted: asked,
  }
}

/** True when a permissions object asks for anything at all. */
export function hasAny(p: Permissions): boolean {
  return Boolean(
    p.fs?.read?.length ||
      p.fs?.write?.length ||
      p.network?.length ||
      p.env?.length ||
      p.childProcess ||
      p.worker ||
      p.nativeAddons,
  )
}

/** The confirmation question for changes that ask for permissions, one block per plugin. */
export function permissionQuestion(changes: readonly PluginChange[]): string {
  return changes
    .filter((c) => c.permissions.length > 0)
    .map(
      (c) =>
        `${c.name}@${c.to} asks to:\n${c.permissions.map((p) => `  - ${p.text}${p.sensitive ? ' (sensitive)' : ''}`).join('\n')}`,
    )
    .join('\n')
}
