import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from '../host/__fixtures__/plugin.js'
import { createHost } from '../host/create-host.js'

const never = () => new Promise<never>(() => {})

describe('start attempts and the shared deadline queue', () => {
  it('a start whose second step waits does not hold back the deadline of a start queued between its steps', async () => {
    // Deadlines are queued in this order: early (start), twoStep (init), hung (start). twoStep's
    // init ends while early still holds the head of the queue, and its start waits again, later.
    // Before each step had a deadline entry of its own, twoStep's first entry stayed in the queue
    // and, at the head, held the timer to twoStep's second deadline: hung was cut off only with
    // twoStep, at ~1.6 × its timeout instead of at its own.
    const timeoutMs = 400
    let releaseEarly!: () => void
    const earlyStarted = new Promise<void>((resolve) => {
      releaseEarly = resolve
    })
    const limits = { limits: { startTimeoutMs: timeoutMs } }
    const host = await createHost(
      hostOptions([
        plugin('early', { start: () => earlyStarted }, limits),
        plugin(
          'two-step',
          {
            init: () => new Promise<void>((resolve) => setTimeout(resolve, timeoutMs * 0.6)),
            start: () => {
              releaseEarly()
              return never()
            },
          },
          limits,
        ),
        plugin('hung', { start: never }, limits),
      ]),
    )
    const failedFirst: string[] = []
    let stateOfTwoStepWhenHungFailed: string | undefined
    host.on('state', ({ name, to }) => {
      if (to !== 'failed') return
      failedFirst.push(name)
      if (name === 'hung') stateOfTwoStepWhenHungFailed = host.list().find((p) => p.name === 'two-step')!.state
    })
    await host.start()
    // Both hung starts are cut off, each at its own deadline: hung's came first.
    expect(failedFirst).toEqual(['hung', 'two-step'])
    expect(stateOfTwoStepWhenHungFailed).not.toBe('failed')
    const byName = Object.fromEntries(host.list().map((p) => [p.name, p]))
    expect(byName.early!.state).toBe('started')
    expect(byName.hung!.lastError).toMatchObject({ code: 'PDK_TIMEOUT', details: { step: 'start', timeoutMs } })
    expect(byName['two-step']!.lastError).toMatchObject({ code: 'PDK_TIMEOUT', details: { step: 'start', timeoutMs } })
    await host.stop()
  })
})
