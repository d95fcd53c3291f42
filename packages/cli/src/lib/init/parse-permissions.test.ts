import * as rules from '@pdk/core'
import { describe, expect, it } from 'vitest'
import { parsePermissions } from './parse-permissions.js'

describe('parsePermissions', () => {
  it('turns the flag into the manifest object, merging repeated keys', () => {
    expect(
      parsePermissions(
        'fs.read=./assets, fs.write=cache,network=api.example.com:443,network=*.example.org,env=TOKEN,env=TOKEN,worker=true,childProcess',
        rules,
      ),
    ).toEqual({
      permissions: {
        fs: { read: ['./assets'], write: ['cache'] },
        network: ['api.example.com:443', '*.example.org'],
        env: ['TOKEN'],
        worker: true,
        childProcess: true,
      },
      problems: [],
    })
    expect(parsePermissions('', rules)).toEqual({ permissions: undefined, problems: [] })
  })

  it('reports every bad entry with the manifest rules and a way out', () => {
    const { problems } = parsePermissions(
      'fs.read=../secrets,fs.write=/etc,network=https://api.example.com,env=A-B,disk=1,worker=maybe,env',
      rules,
    )
    expect(problems.map((p) => p.message)).toEqual([
      '--permissions fs.read=../secrets: a path that leaves its folder (manifest/fs-escape).',
      '--permissions fs.write=/etc: an absolute path (manifest/fs-absolute).',
      '--permissions network=https://api.example.com: it has a scheme ("https://")',
      '--permissions env=A-B: not an environment variable name.',
      '--permissions has an unknown key "disk" in "disk=1".',
      '--permissions worker takes true or false, got "maybe".',
      '--permissions "env" has no value.',
    ])
    expect(problems[2]?.hint).toBe('Did you mean network=api.example.com:443?')
    expect(problems.every((p) => p.flag === 'permissions')).toBe(true)
  })
})
