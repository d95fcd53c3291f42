import { join, resolve } from 'node:path'
import { loadPdkConfig } from '../config/load-pdk-config.js'
import { PdkError } from '../errors.js'
import type { HostOptions } from './host-types.js'

/**
 * `createHost` options from a host project's `pdk.config.json` `host` section: name, API
 * version, `pluginsDir` (default `plugins`) as the plugin source, and its lockfile
 * `<pluginsDir>/pdk-lock.json`. Paths come back absolute; spread the result and add the rest.
 * @example const host = await createHost({ ...(await loadHostConfig(process.cwd())), settings })
 */
export async function loadHostConfig(cwd: string): Promise<HostOptions & { plugins: string[]; lockfile: string }> {
  const root = resolve(cwd)
  const loaded = await loadPdkConfig(root)
  const file = loaded.file ?? join(root, 'pdk.config.json')
  const errors = loaded.findings.filter((f) => f.severity === 'error')
  const host = loaded.config.host
  if (errors.length > 0 || host === undefined) {
    const first = errors[0]
    const message =
      errors.length > 0
        ? `${file} is invalid: ${errors.map((f) => `${f.pointer || '/'} ${f.message.replace(/\.$/, '')}`).join('; ')}.`
        : loaded.file === undefined
          ? `No host project at ${root}: there is no pdk.config.json.`
          : `${file} has no "host" section, so ${root} is not a host project.`
    throw new PdkError('PDK_HOST_CONFIG', message, {
      hint:
        first?.hint ??
        'Add { "host": { "name": "my-host", "version": "1.0.0", "pluginsDir": "plugins" } } to pdk.config.json.',
      details: {
        file,
        step: 'configure',
        ...(first?.pointer !== undefined ? { pointer: first.pointer } : {}),
        findings: errors,
      },
    })
  }
  const pluginsDir = resolve(root, host.pluginsDir ?? 'plugins')
  return {
    name: host.name,
    version: host.version,
    plugins: [pluginsDir],
    lockfile: join(pluginsDir, 'pdk-lock.json'),
    storage: { dir: join(root, '.pdk', 'storage') },
    cwd: root,
  }
}
