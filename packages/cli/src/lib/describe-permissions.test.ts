import { describe, expect, test } from 'vitest'
import { describePermissions } from './describe-permissions.js'

describe('describePermissions', () => {
  test('says in plain words what each permission allows, with its place in package.json', () => {
    const lines = describePermissions({
      fs: { read: ['./assets'], write: ['./cache', './logs'] },
      network: ['api.example.com:443', '*.example.org', 'db.local'],
      env: ['TOKEN'],
      childProcess: true,
      worker: true,
      nativeAddons: true,
    })
    expect(lines.map((l) => [l.permission, l.pointer, l.text, l.sensitive])).toEqual([
      ['fs.read', '/pdk/permissions/fs/read', 'Read files in its own package folder under `./assets`.', false],
      ['fs.write', '/pdk/permissions/fs/write', 'Write files in its data folder under `./cache` and `./logs`.', false],
      [
        'network',
        '/pdk/permissions/network',
        'Connect over the network to `api.example.com` on port 443, any subdomain of `example.org` on any port and `db.local` on any port.',
        false,
      ],
      ['env', '/pdk/permissions/env', 'Read the environment variable `TOKEN`.', false],
      [
        'childProcess',
        '/pdk/permissions/childProcess',
        'Start other programs as child processes, which run with all the rights of the host process.',
        true,
      ],
      ['worker', '/pdk/permissions/worker', 'Start worker threads.', false],
      [
        'nativeAddons',
        '/pdk/permissions/nativeAddons',
        "Load native add-ons: compiled code that the host's permission checks cannot see into.",
        true,
      ],
    ])
  })

  test('false flags and empty lists ask for nothing', () => {
    const none = describePermissions({ fs: { read: [] }, network: [], childProcess: false })
    expect(none).toEqual([
      {
        permission: 'none',
        pointer: '/pdk/permissions',
        text: 'Nothing beyond reading its own package folder: no network, no environment, no files elsewhere.',
        sensitive: false,
      },
    ])
    expect(describePermissions(undefined)).toEqual(none)
  })

  test('several environment variables', () => {
    expect(describePermissions({ env: ['A', 'B', 'C'] })[0]?.text).toBe(
      'Read the environment variables `A`, `B` and `C`.',
    )
  })
})
