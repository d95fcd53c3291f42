import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from '../host/__fixtures__/plugin.js'
import { createHost } from '../host/create-host.js'

async function states(plugins: ReturnType<typeof plugin>[], extra = {}) {
  const host = await createHost(hostOptions(plugins, extra))
  await host.start()
  const list = host.list()
  await host.stop()
  return Object.fromEntries(list.map((p) => [p.name, p]))
}

describe('resolution failures', () => {
  it('reports a missing dependency and a version mismatch with the versions found', async () => {
    const r = await states([
      plugin('needs-ghost', {}, { dependencies: { ghost: '^1.0.0' } }),
      plugin('needs-new', {}, { dependencies: { old: '^2.0.0' } }),
      plugin('old', {}, {}, '1.4.0'),
    ])
    expect(r['needs-ghost']!.lastError).toMatchObject({
      code: 'PDK_DEP_MISSING',
      details: { dependency: 'ghost', found: [] },
    })
    expect(r['needs-new']!.lastError).toMatchObject({
      code: 'PDK_DEP_VERSION',
      details: { dependency: 'old', range: '^2.0.0', found: ['1.4.0'] },
    })
    expect(r['needs-new']!.lastError!.message).toBe(
      'Plugin "needs-new@1.0.0" needs "old@^2.0.0", but the installed old is 1.4.0.',
    )
    expect(r.old!.state).toBe('started')
  })

  it('reports a cycle whole and starts what is outside it', async () => {
    const r = await states([
      plugin('a', {}, { dependencies: { b: '1' } }),
      plugin('b', {}, { dependencies: { c: '1' } }),
      plugin('c', {}, { dependencies: { a: '1' } }),
      plugin('free'),
    ])
    expect(r.a!.lastError).toMatchObject({ code: 'PDK_DEP_CYCLE', details: { cycle: ['a', 'b', 'c', 'a'] } })
    expect(r.a!.lastError!.message).toContain('a -> b -> c -> a')
    expect([r.b!.state, r.c!.state, r.free!.state]).toEqual(['failed', 'failed', 'started'])
  })

  it('does not start dependents of a failed plugin and says why; optional dependencies do not block', async () => {
    const r = await states([
      plugin('base', {
        init: () => {
          throw new Error('db down')
        },
      }),
      plugin('mid', {}, { dependencies: { base: '^1.0.0' } }),
      plugin('top', {}, { dependencies: { mid: '^1.0.0' } }),
      plugin('soft', {}, { optionalDependencies: { base: '^1.0.0', absent: '^1.0.0' } }),
    ])
    expect(r.mid!.lastError).toMatchObject({ code: 'PDK_DEP_FAILED', details: { dependency: 'base' } })
    expect(r.mid!.lastError!.message).toContain('db down')
    expect(r.top!.lastError).toMatchObject({
      code: 'PDK_DEP_FAILED',
      details: { dependency: 'mid', root: { plugin: 'base' } },
    })
    expect(r.top!.lastError!.message).toContain('because "base" failed')
    expect(r.soft!.state).toBe('started')
  })

  it('refuses a dependent of a plugin refused at discovery', async () => {
    const r = await states([
      plugin('bad', {}, { host: { name: 'other-host', range: '^1.0.0' } }),
      plugin('user', {}, { dependencies: { bad: '^1.0.0' } }),
    ])
    expect(r.bad!.lastError).toMatchObject({ code: 'PDK_HOST_INCOMPATIBLE' })
    expect(r.user!.lastError).toMatchObject({ code: 'PDK_DEP_FAILED', details: { dependency: 'bad' } })
  })

  it('refuses two providers of one capability among the dependencies (PDK_SERVICE_AMBIGUOUS)', async () => {
    const r = await states([
      plugin('kv1', {}, { capabilities: ['kv'] }),
      plugin('kv2', {}, { capabilities: ['kv'] }),
      plugin('user', {}, { dependencies: { kv1: '1', kv2: '1' } }),
    ])
    expect(r.user!.lastError).toMatchObject({
      code: 'PDK_SERVICE_AMBIGUOUS',
      details: { capability: 'kv', providers: ['kv1', 'kv2'] },
    })
  })

  it('refuses permissions the policy does not grant, listing them, before any code runs', async () => {
    let ran = false
    const wants = { network: ['api.example.com:443'], env: ['TOKEN'], childProcess: true }
    const r = await states(
      [
        plugin(
          'greedy',
          {
            init: () => {
              ran = true
            },
          },
          { permissions: wants },
        ),
      ],
      {
        policy: { network: ['api.example.com:443'] },
      },
    )
    expect(ran).toBe(false)
    expect(r.greedy!.lastError).toMatchObject({
      code: 'PDK_PERMISSION_DENIED',
      details: { missing: ['env: TOKEN', 'childProcess'] },
    })
    expect(r.greedy!.lastError!.hint).toContain('policy')
  })

  it('refuses another host, a range that excludes this host (saying what fits), an unknown kind and manifestVersion', async () => {
    const r = await states(
      [
        plugin('future', {}, { host: { name: 'test-host', range: '^2.1.0' } }),
        plugin('odd-kind', {}, { kind: 'analysis' }),
        plugin('declared-kind', {}, { kind: 'monitoring' }),
        plugin('v2', {}, { manifestVersion: 2 as 1 }),
      ],
      { kinds: ['monitoring'] },
    )
    expect(r.future!.lastError).toMatchObject({
      code: 'PDK_HOST_INCOMPATIBLE',
      details: { fits: '2.1.0', hostVersion: '1.2.0' },
    })
    expect(r.future!.lastError!.message).toContain(
      'needs test-host ^2.1.0 (2.1.0 or a later version in that range), but this host is 1.2.0',
    )
    expect(r['odd-kind']!.lastError).toMatchObject({ code: 'PDK_KIND_UNKNOWN' })
    expect(r['declared-kind']!.state).toBe('started')
    expect(r.v2!.lastError).toMatchObject({
      code: 'PDK_MANIFEST_INVALID',
      details: { pointer: '/pdk/manifestVersion' },
    })
  })

  it('blocks a chain of 5,000 dependents of a failed plugin without recursing', async () => {
    const chain = [
      plugin('p0', {
        init: () => {
          throw new Error('first link broke')
        },
      }),
    ]
    for (let i = 1; i < 5_000; i++) chain.push(plugin(`p${i}`, {}, { dependencies: { [`p${i - 1}`]: '^1.0.0' } }))
    const r = await states(chain)
    expect(r.p4999!.lastError).toMatchObject({ code: 'PDK_DEP_FAILED', details: { dependency: 'p4998' } })
    expect(Object.values(r).filter((p) => p.state === 'failed')).toHaveLength(5_000)
  })
})
