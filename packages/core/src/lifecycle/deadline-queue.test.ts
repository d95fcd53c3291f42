import { describe, expect, it, vi } from 'vitest'
import { DeadlineQueue, Timed } from './deadline-queue.js'

class Probe extends Timed {
  fired = 0
  expire(): void {
    this.fired++
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('DeadlineQueue', () => {
  it('fires what is not settled, in deadline order, from one timer', async () => {
    const queue = new DeadlineQueue()
    const order: string[] = []
    queue.add(40, () => order.push('late'))
    queue.add(10, () => order.push('early'))
    const cancelled = queue.add(10, () => order.push('cancelled'))
    cancelled.cancel()
    expect(queue.size).toBe(2)
    await wait(80)
    expect(order).toEqual(['early', 'late'])
    expect(queue.size).toBe(0)
  })

  it('extend moves a deadline later without losing it', async () => {
    const queue = new DeadlineQueue()
    const probe = new Probe()
    queue.track(probe, 20)
    await wait(10)
    queue.extend(probe, 40)
    await wait(20)
    expect(probe.fired).toBe(0)
    await wait(50)
    expect(probe.fired).toBe(1)
    expect(queue.size).toBe(0)
  })

  it('renew gives a tracked item its full duration again from when its deadline comes up', async () => {
    const queue = new DeadlineQueue()
    const probe = new Probe()
    queue.track(probe, 30)
    await wait(10)
    queue.renew(probe, 30)
    // Its first deadline (30 ms) passes: renewed, it is re-armed for 30 ms from then.
    await wait(35)
    expect(probe.fired).toBe(0)
    expect(queue.size).toBe(1)
    await wait(60)
    expect(probe.fired).toBe(1)
    expect(queue.size).toBe(0)
  })

  it('renew of a settled item, or with another duration, tracks it afresh', async () => {
    const queue = new DeadlineQueue()
    const probe = new Probe()
    queue.renew(probe, 20)
    expect(queue.size).toBe(1)
    queue.renew(probe, 50)
    expect(queue.size).toBe(1)
    await wait(35)
    expect(probe.fired).toBe(0)
    queue.settle(probe)
    await wait(40)
    expect(probe.fired).toBe(0)
    expect(queue.size).toBe(0)
  })

  it('clear drops everything and leaves no active timer', () => {
    const queue = new DeadlineQueue()
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    queue.add(10_000, () => {
      throw new Error('must not fire')
    })
    queue.clear()
    expect(queue.size).toBe(0)
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before)
  })

  it('one call at a time reuses its slot, and an unsettled one among them still fires once', async () => {
    const queue = new DeadlineQueue()
    for (let i = 0; i < 2000; i++) {
      const probe = new Probe()
      queue.track(probe, 20)
      queue.settle(probe)
      expect(probe.fired).toBe(0)
    }
    const hung = new Probe()
    queue.track(hung, 20)
    const after = new Probe()
    queue.track(after, 20)
    queue.settle(after)
    expect(queue.size).toBe(1)
    await wait(50)
    expect(hung.fired).toBe(1)
    expect(after.fired).toBe(0)
    expect(queue.size).toBe(0)
  })

  it('releases calls settled behind one that never settles, and still fires that one in order', async () => {
    const queue = new DeadlineQueue()
    const hung = new Probe()
    queue.track(hung, 400)
    let fired = 0
    for (let i = 0; i < 20_000; i++) {
      const probe = new Probe()
      queue.track(probe, 400)
      // Every tenth stays pending for a while, so settled and pending slots interleave.
      if (i % 10 !== 0) queue.settle(probe)
      else setTimeout(() => queue.settle(probe), 5)
      if (i % 10 === 0) probe.expire = () => void fired++
    }
    expect(queue.size).toBe(1 + 2_000)
    expect(queue.held).toBeLessThan(2 * 2_000 + 1_100)
    await wait(20)
    expect(queue.size).toBe(1)
    // Settling the stragglers left only dead slots behind the hung head: released as they go.
    expect(queue.held).toBeLessThan(1_100)
    await wait(450)
    expect(hung.fired).toBe(1)
    expect(fired).toBe(0)
    expect(queue.size).toBe(0)
    expect(queue.held).toBe(0)
  })

  it('track measures the deadline from the reading it is given', async () => {
    const queue = new DeadlineQueue()
    const probe = new Probe()
    // A reading 1 s in the past: the deadline has already passed when the timer first runs.
    queue.track(probe, 500, performance.now() - 1_000)
    await wait(20)
    expect(probe.fired).toBe(1)
  })

  it('a deadline moved to another duration leaves no stale slot holding its old queue (found by the model test)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] })
    try {
      const queue = new DeadlineQueue()
      const [a, b, c] = [new Probe(), new Probe(), new Probe()]
      for (const probe of [a, b, c]) queue.track(probe, 25)
      // A hook run whose next tap belongs to a plugin with a longer call timeout.
      queue.renew(b, 60)
      vi.advanceTimersByTime(26)
      // c used to wait behind b's old slot until b's new deadline (60 ms).
      expect([a.fired, b.fired, c.fired]).toEqual([1, 0, 1])
      vi.advanceTimersByTime(40)
      expect(b.fired).toBe(1)

      // An item extended, then moved to another duration, is not extended again there.
      const [d, e] = [new Probe(), new Probe()]
      queue.track(d, 25)
      queue.extend(d, 25)
      queue.renew(d, 60)
      vi.advanceTimersByTime(30)
      queue.track(e, 60)
      vi.advanceTimersByTime(31)
      expect([d.fired, e.fired]).toEqual([1, 0])
      queue.clear()
    } finally {
      vi.useRealTimers()
    }
  })
})
