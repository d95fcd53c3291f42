import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createHost, type Host } from '@pdk/core'

/** What `startProbe` writes and runs: one folder plugin with the given code, isolation and permissions. */
export interface Probe {
  /** The test's temporary folder: the plugin, the host's cwd and its storage go inside. */
  root: string
  /** The plugin's folder name under `root/plugins`, and its package name. */
  name: string
  isolation: 'worker' | 'process'
  permissions: Record<string, unknown>
  /** The plugin's index.js. */
  code: string
}

/** Writes a probe plugin and starts a host (granting what the plugin asks) that runs it in its isolation. */
export async function startProbe(probe: Probe): Promise<Host> {
  const dir = join(probe.root, 'plugins', probe.name)
  await mkdir(dir, { recursive: true })
  const manifest = {
    name: probe.name,
    version: '1.0.0',
    type: 'module',
    main: 'index.js',
    pdk: {
      manifestVersion: 1,
      kind: 'extension',
      host: { name: 'probe-host', range: '^1.0.0' },
      isolation: probe.isolation,
      permissions: probe.permissions,
    },
  }
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest))
  await writeFile(join(dir, 'index.js'), probe.code)
  const host = await createHost({
    name: 'probe-host',
    version: '1.0.0',
    cwd: probe.root,
    plugins: [dir],
    policy: { grant: (m) => m.pdk.permissions },
    storage: { dir: join(probe.root, 'storage', probe.name) },
    logger: () => {},
  })
  await host.start()
  return host
}
