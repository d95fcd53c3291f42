import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from '../host/__fixtures__/plugin.js'
import { createHost } from '../host/create-host.js'
import type { StateChange } from '../host/host-types.js'
import { canTransition } from './plugin-state.js'

describe('the lifecycle state machine', () => {
  it('allows the spec moves and failed from every step', () => {
    expect(canTransition('resolved', 'loaded')).toBe(true)
    expect(canTransition('started', 'stopping')).toBe(true)
    expect(canTransition('started', 'initialized')).toBe(false)
    expect(canTransition('disposed', 'started')).toBe(false)
    for (const from of ['discovered', 'resolved', 'loaded', 'initialized', 'started', 'stopping', 'stopped'] as const) {
      expect(canTransition(from, 'failed')).toBe(true)
    }
  })

  it('a host moves plugins only along it, through a restart too', async () => {
    const options = hostOptions([plugin('p', {})])
    const host = await createHost(options)
    const moves: StateChange[] = []
    host.on('state', (change) => moves.push(change))
    await host.start()
    await host.restartPlugin('p')
    await host.stop()
    expect(moves.map((m) => `${m.from}>${m.to}`)).toEqual([
      'discovered>resolved',
      'resolved>loaded',
      'loaded>initialized',
      'initialized>started',
      'started>stopping',
      'stopping>stopped',
      'stopped>disposed',
      'disposed>resolved',
      'resolved>loaded',
      'loaded>initialized',
      'initialized>started',
      'started>stopping',
      'stopping>stopped',
      'stopped>disposed',
    ])
    expect(moves.every((m) => canTransition(m.from, m.to))).toBe(true)
    expect(options.logs.filter((e) => e.message.startsWith('Internal'))).toEqual([])
  })
})
