import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DeadlineQueue, Timed } from './deadline-queue.js'

// The host's one-timer deadline queue against a model, on a fake clock: random tracks of a few
// durations, settles, extends, renews, time passing, and bursts of calls settled behind one that
// hangs. What must hold: nothing fires early, twice, or after it settled; everything not settled
// fires within a few milliseconds of its deadline (twice its duration for a renewed one); `size`
// counts the pending items; the slots the queue holds stay near what is pending (a hung call
// must not keep thousands of settled calls reachable).

type Op =
  | { op: 'track'; ms: number }
  | { op: 'settle' | 'extend' | 'renew'; pick: number; ms: number }
  | { op: 'advance'; ms: number }
  | { op: 'burst'; ms: number; count: number }

const DURATIONS = [10, 25, 60]
const SLACK = 3

class Probe extends Timed {
  fired = 0
  firedAt = -1
  /** The earliest time it may fire: its latest deadline, as the model keeps it. */
  earliest = 0
  /** The latest time it must have fired by, unless settled first. */
  latest = 0
  ms = 0
  expire(): void {
    this.fired++
    this.firedAt = performance.now()
  }
}

const duration = fc.constantFrom(...DURATIONS)
const ops = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('track' as const), ms: duration }), weight: 5 },
    {
      arbitrary: fc.record({
        op: fc.constantFrom('settle' as const, 'extend' as const, 'renew' as const),
        pick: fc.nat(),
        ms: duration,
      }),
      weight: 4,
    },
    { arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40 }) }), weight: 4 },
    {
      arbitrary: fc.record({
        op: fc.constant('burst' as const),
        ms: duration,
        count: fc.integer({ min: 1000, max: 3000 }),
      }),
      weight: 1,
    },
  ),
  { minLength: 1, maxLength: 40 },
)

function check(list: Op[]): void {
  const queue = new DeadlineQueue()
  const all: Probe[] = []
  const pending = () => all.filter((p) => !p.settled && p.fired === 0)
  const now = () => performance.now()
  const track = (probe: Probe, ms: number) => {
    queue.track(probe, ms)
    probe.ms = ms
    probe.earliest = now() + ms
    probe.latest = now() + ms + SLACK
  }
  for (const step of list) {
    switch (step.op) {
      case 'track': {
        const probe = new Probe()
        all.push(probe)
        track(probe, step.ms)
        break
      }
      case 'settle':
      case 'extend':
      case 'renew': {
        const open = pending()
        if (open.length === 0) break
        const probe = open[step.pick % open.length]!
        if (step.op === 'settle') queue.settle(probe)
        else if (step.op === 'extend' || probe.ms !== step.ms) {
          // Extend, or renew with another duration (which the queue does as settle + track).
          if (step.op === 'extend') queue.extend(probe, step.ms)
          else queue.renew(probe, step.ms)
          probe.ms = step.ms
          probe.earliest = now() + step.ms
          probe.latest = now() + step.ms + SLACK
        } else {
          queue.renew(probe, step.ms)
          // A full duration from when its current deadline comes up: at most twice its duration.
          probe.earliest = now() + step.ms
          probe.latest = Math.max(probe.latest, now() + step.ms) + step.ms + SLACK
        }
        break
      }
      case 'advance':
        vi.advanceTimersByTime(step.ms)
        break
      case 'burst': {
        // One call that hangs, then calls of the same duration settled one by one behind it.
        const hung = new Probe()
        all.push(hung)
        track(hung, step.ms)
        for (let i = 0; i < step.count; i++) {
          const call = new Probe()
          track(call, step.ms)
          queue.settle(call)
        }
        break
      }
    }
    const open = pending()
    expect(queue.size, 'size counts the pending items').toBe(open.length)
    // Settled slots behind a pending head are compacted away in batches of about a thousand per duration.
    expect(queue.held, 'slots held').toBeLessThanOrEqual(2 * open.length + 1100 * DURATIONS.length)
    for (const probe of all) {
      expect(probe.fired, 'fired at most once').toBeLessThanOrEqual(1)
      if (probe.fired === 1) expect(probe.firedAt, 'never early').toBeGreaterThanOrEqual(probe.earliest - 0.001)
      if (probe.fired === 0 && !probe.settled) expect(now(), 'not late').toBeLessThanOrEqual(probe.latest)
    }
  }
  // Left alone, everything pending fires and the queue lets go of it all.
  vi.advanceTimersByTime(3 * Math.max(...DURATIONS) + SLACK)
  for (const probe of all) if (!probe.settled) expect(probe.fired).toBe(1)
  expect(queue.size).toBe(0)
  expect(queue.held).toBe(0)
  queue.clear()
}

describe('DeadlineQueue against a model', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('fires exactly what is due, never early, never twice, and holds only what is pending', () => {
    fc.assert(fc.property(ops, check), {
      seed: Number(process.env.PDK_FUZZ_SEED ?? 20261123),
      numRuns: Number(process.env.PDK_FUZZ_RUNS ?? 300),
    })
  })
})
