import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadHostConfig } from './load-host-config.js'

describe('loadHostConfig', () => {
  it('reads the host section: name, version, pluginsDir as source, lockfile beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdk-hostcfg-'))
    await writeFile(
      join(dir, 'pdk.config.json'),
      JSON.stringify({ host: { name: 'demo-host', version: '1.2.0', pluginsDir: 'ext' } }),
    )
    expect(await loadHostConfig(dir)).toEqual({
      name: 'demo-host',
      version: '1.2.0',
      plugins: [join(dir, 'ext')],
      lockfile: join(dir, 'ext', 'pdk-lock.json'),
      storage: { dir: join(dir, '.pdk', 'storage') },
      cwd: dir,
    })
  })

  it('refuses a project without a host section, and a host section with a bad version, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdk-hostcfg-'))
    await expect(loadHostConfig(dir)).rejects.toMatchObject({ code: 'PDK_HOST_CONFIG' })
    await writeFile(join(dir, 'pdk.config.json'), JSON.stringify({ host: { name: 'demo-host', version: 'one' } }))
    const error = await loadHostConfig(dir).catch((e) => e)
    expect(error).toMatchObject({
      code: 'PDK_HOST_CONFIG',
      details: { file: join(dir, 'pdk.config.json'), pointer: '/host/version' },
    })
  })
})
