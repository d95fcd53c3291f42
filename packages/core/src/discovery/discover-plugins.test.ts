import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hostOptions } from '../host/__fixtures__/plugin.js'
import { createHost } from '../host/create-host.js'

const pdk = { manifestVersion: 1, kind: 'extension', host: { name: 'test-host', range: '^1.0.0' } }
const entry = "export default { [Symbol.for('pdk.plugin')]: true, messages: { who: () => import.meta.url } }\n"

async function pkg(dir: string, json: Record<string, unknown>, code = entry): Promise<void> {
  await mkdir(dir, { recursive: true })
  await writeFile(
    join(dir, 'package.json'),
    typeof json === 'string'
      ? json
      : JSON.stringify({ version: '1.0.0', type: 'module', main: 'index.js', pdk, ...json }),
  )
  await writeFile(join(dir, 'index.js'), code)
}

describe('discovery', () => {
  it('scans one level deep and node_modules (scoped too), skips bad plugins, refuses duplicates naming both folders', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pdk-disc-'))
    await pkg(join(root, 'alpha'), { name: 'alpha' })
    await pkg(join(root, 'node_modules', 'beta'), { name: 'beta' })
    await pkg(join(root, 'node_modules', '@acme', 'gamma'), { name: '@acme/gamma' })
    await pkg(join(root, 'node_modules', 'not-a-plugin'), { name: 'not-a-plugin', pdk: undefined })
    await pkg(
      join(root, 'broken'),
      { name: 'broken', pdk: { ...pdk, host: { name: 'test-host' } } },
      'throw new Error("imported!")\n',
    )
    await pkg(join(root, 'dup1'), { name: 'twin' })
    await pkg(join(root, 'dup2'), { name: 'twin', version: '1.1.0' })
    await mkdir(join(root, 'junk'))
    await writeFile(join(root, 'junk', 'package.json'), '{ not json')
    const host = await createHost({ ...hostOptions([]), plugins: [root] })
    await host.start()
    const list = Object.fromEntries(host.list().map((p) => [p.name, p]))
    expect(Object.keys(list).sort()).toEqual(
      ['@acme/gamma', 'alpha', 'beta', 'broken', join(root, 'junk'), 'twin'].sort(),
    )
    expect(['alpha', 'beta', '@acme/gamma'].map((n) => list[n]!.state)).toEqual(['started', 'started', 'started'])
    expect(list.broken!.lastError).toMatchObject({
      code: 'PDK_MANIFEST_INVALID',
      details: { pointer: '/pdk/host/range' },
    })
    expect(list.twin!.lastError).toMatchObject({
      code: 'PDK_DUPLICATE_PLUGIN',
      details: { folders: [join(root, 'dup1'), join(root, 'dup2')] },
    })
    expect(list.twin!.lastError!.message).toContain(`${join(root, 'dup1')} and ${join(root, 'dup2')}`)
    expect(await host.request('@acme/gamma', 'who')).toContain('/node_modules/@acme/gamma/index.js')
    await host.stop()
  })

  it('adds and removes a plugin folder at run time', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pdk-add-'))
    await pkg(join(root, 'late'), { name: 'late' })
    const host = await createHost(hostOptions([]))
    await host.start()
    const added = await host.add(join(root, 'late'))
    expect(added.map((p) => `${p.name}:${p.state}`)).toEqual(['late:started'])
    await expect(host.add(join(root, 'late'))).rejects.toMatchObject({ code: 'PDK_DUPLICATE_PLUGIN' })
    expect(host.list().map((p) => p.state)).toEqual(['started'])
    await host.remove('late')
    expect(host.list()).toEqual([])
    await host.stop()
  })
})
