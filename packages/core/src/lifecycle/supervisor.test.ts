import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from '../host/__fixtures__/plugin.js'
import { createHost } from '../host/create-host.js'
import type { StateChange } from '../host/host-types.js'

describe('supervisor', () => {
  it('restarts a failing plugin with backoff, then opens the circuit and says why in health', async () => {
    let attempts = 0
    const host = await createHost(
      hostOptions(
        [
          plugin('flaky', {
            start: () => {
              attempts++
              throw new Error(`attempt ${attempts}`)
            },
          }),
        ],
        {
          restart: { maxRestarts: 2, windowMs: 60_000, backoffMs: [5, 20] },
        },
      ),
    )
    const changes: StateChange[] = []
    host.on('state', (c) => changes.push(c))
    await host.start()
    await waitFor(() => attempts === 3 && host.list()[0]!.state === 'failed')
    await new Promise((r) => setTimeout(r, 60))
    expect(attempts).toBe(3)
    const health = await host.health()
    expect(health.plugins.flaky).toMatchObject({
      status: 'error',
      details: { supervisor: { restarts: 2, circuitOpen: true }, reason: expect.stringContaining('circuit open') },
    })
    expect(changes.filter((c) => c.to === 'failed').map((c) => c.error?.details.originalMessage)).toEqual([
      'attempt 1',
      'attempt 2',
      'attempt 3',
    ])
    await host.stop()
  })

  it('recovers when a restart succeeds', async () => {
    let attempts = 0
    const host = await createHost(
      hostOptions(
        [
          plugin('once', {
            start: () => {
              if (++attempts === 1) throw new Error('cold')
            },
            messages: { ok: () => 'ok' },
          }),
          plugin('needs-once', { messages: { ok: () => 'dependent ok' } }, { dependencies: { once: '^1.0.0' } }),
          plugin('needs-needs', {}, { dependencies: { 'needs-once': '^1.0.0' } }),
        ],
        {
          restart: { maxRestarts: 3, backoffMs: [5, 10] },
        },
      ),
    )
    await host.start()
    await waitFor(() => host.list().every((p) => p.state === 'started'))
    expect(await host.request('once', 'ok')).toBe('ok')
    // Its dependents were blocked by the first failure and start once it recovers.
    expect(await host.request('needs-once', 'ok')).toBe('dependent ok')
    expect(host.list()[0]!.restarts).toBe(1)
    await host.stop()
  })

  it('leaves alone a plugin stopped on purpose, and restartPlugin resets the circuit', async () => {
    const host = await createHost(
      hostOptions([plugin('p', { messages: { ok: () => 'ok' } })], { restart: { maxRestarts: 1 } }),
    )
    await host.start()
    await host.stopPlugin('p')
    await expect(host.request('p', 'ok')).rejects.toMatchObject({ code: 'PDK_NOT_RUNNING', details: { plugin: 'p' } })
    expect((await host.health()).plugins.p).toMatchObject({
      status: 'degraded',
      details: { reason: 'stopped by the host' },
    })
    await host.restartPlugin('p')
    expect(await host.request('p', 'ok')).toBe('ok')
    await host.stop()
  })
})

async function waitFor(check: () => boolean, ms = 2_000): Promise<void> {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached')
    await new Promise((r) => setTimeout(r, 5))
  }
}
