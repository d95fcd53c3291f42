import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from './__fixtures__/plugin.js'
import { createHost } from './create-host.js'
import { cores } from './host-core.js'

const dependsOn = (name: string) => ({ dependencies: { [name]: '^1.0.0' } })

describe('addPlugins: the records of a boot', () => {
  it('records plugins that resolve in discovery order in that order, each under its name', async () => {
    const host = await createHost(
      hostOptions([plugin('a'), plugin('b', {}, dependsOn('a')), plugin('c', {}, dependsOn('b')), plugin('d')]),
    )
    await host.start()
    expect(host.list().map((p) => `${p.name}:${p.state}`)).toEqual(['a:started', 'b:started', 'c:started', 'd:started'])
    const records = cores.get(host)!.records
    expect([...records.keys()]).toEqual(['a', 'b', 'c', 'd'])
    for (const [name, record] of records) expect(record).toMatchObject({ name, state: 'started' })
    // The map goes on serving as the host's own: plugins added later, removed, and a second boot.
    await host.add(plugin('e', {}, dependsOn('d')))
    expect(host.list().map((p) => `${p.name}:${p.state}`)).toEqual([
      'a:started',
      'b:started',
      'c:started',
      'd:started',
      'e:started',
    ])
    await host.stop()
    await host.start()
    expect(host.list().map((p) => `${p.name}:${p.state}`)).toEqual([
      'a:started',
      'b:started',
      'c:started',
      'd:started',
      'e:started',
    ])
    await host.stop()
  })

  it('records plugins in dependency order when discovery found a dependent first', async () => {
    const host = await createHost(hostOptions([plugin('top', {}, dependsOn('base')), plugin('base'), plugin('solo')]))
    await host.start()
    expect(host.list().map((p) => `${p.name}:${p.state}`)).toEqual(['base:started', 'top:started', 'solo:started'])
    expect([...cores.get(host)!.records.keys()]).toEqual(['base', 'top', 'solo'])
    await host.stop()
  })

  it('tells state listeners of every record as it is made, with the others not yet there', async () => {
    const host = await createHost(hostOptions([plugin('a'), plugin('b', {}, dependsOn('a'))]))
    const seen: string[] = []
    host.on('state', ({ name, to }) => {
      if (to === 'resolved') seen.push(`${name}:${host.list().map((p) => p.name)}`)
    })
    await host.start()
    expect(seen).toEqual(['a:a', 'b:a,b'])
    await host.stop()
  })
})
