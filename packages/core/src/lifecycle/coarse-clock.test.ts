import { describe, expect, it } from 'vitest'
import { coarseNow } from './coarse-clock.js'

describe('coarseNow', () => {
  it('is fresh on first use and after each turn of the event loop', async () => {
    await new Promise((r) => setTimeout(r, 30))
    expect(Math.abs(coarseNow() - performance.now())).toBeLessThan(20)
    const before = coarseNow()
    await new Promise((r) => setTimeout(r, 30))
    expect(coarseNow() - before).toBeGreaterThanOrEqual(25)
  })
})
