import { beforeAll, describe, expect, it } from 'vitest'
import { createMockContext } from '../mock/create-mock-context.js'
import { metricValue, pdkMatchers } from './pdk-matchers.js'

beforeAll(() => {
  expect.extend(pdkMatchers)
})

function failure(assertion: () => unknown): string {
  try {
    assertion()
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('the assertion passed')
}

describe('pdk matchers', () => {
  it('toHaveEmitted matches name, RegExp and payload (asymmetric matchers included)', async () => {
    const ctx = createMockContext()
    await ctx.events.emit('user.created', { id: 1, name: 'Ada' })
    expect(ctx).toHaveEmitted('user.created')
    expect(ctx).toHaveEmitted(/^user\./)
    expect(ctx).toHaveEmitted('user.created', { id: 1, name: 'Ada' })
    expect(ctx).toHaveEmitted('user.created', expect.objectContaining({ id: 1 }))
    expect(ctx).not.toHaveEmitted('user.created', { id: 2 })
    expect(ctx).not.toHaveEmitted('user.deleted')
    expect(failure(() => expect(ctx).toHaveEmitted('user.deleted'))).toContain('"user.created"')
  })

  it('toHaveLogged matches level, text or RegExp, and a subset of fields', () => {
    const ctx = createMockContext()
    ctx.logger.warn('disk almost full', { free: 10, unit: 'MB' })
    expect(ctx).toHaveLogged('warn')
    expect(ctx).toHaveLogged('warn', 'almost full')
    expect(ctx).toHaveLogged('*', /disk/, { free: 10 })
    expect(ctx).not.toHaveLogged('error')
    expect(ctx).not.toHaveLogged('warn', 'almost full', { free: 11 })
    expect(failure(() => expect(ctx).toHaveLogged('error', 'boom'))).toContain('warn: disk almost full')
  })

  it('toHaveReplied and toHaveRequested read the request records', async () => {
    const ctx = createMockContext({ replies: { clock: { now: 7, broken: () => Promise.reject(new Error('x')) } } })
    await ctx.messages.request('clock', 'now', { tz: 'UTC' })
    await ctx.messages.request('clock', 'broken').catch(() => {})
    expect(ctx).toHaveReplied('clock', 'now', 7)
    expect(ctx).toHaveReplied('clock', 'now')
    expect(ctx).not.toHaveReplied('clock', 'broken')
    expect(ctx).toHaveRequested('clock', 'broken')
    expect(ctx).toHaveRequested('clock', 'now', { tz: 'UTC' })
    expect(ctx).not.toHaveRequested('clock', 'now', { tz: 'CET' })
    expect(failure(() => expect(ctx).toHaveReplied('clock', 'now', 8))).toContain('with 8')
  })

  it('toHaveMetric sums counters, takes a gauge last value, counts histogram observations', () => {
    const ctx = createMockContext()
    ctx.metrics.counter('calls', 'c').inc()
    ctx.metrics.counter('calls', 'c').inc(2, { topic: 'a' })
    ctx.metrics.gauge('size', 's').set(3)
    ctx.metrics.gauge('size', 's').set(1)
    ctx.metrics.histogram('t', 'h').observe(0.5)
    expect(ctx).toHaveMetric('calls', 3)
    expect(ctx).toHaveMetric('calls', 2, { topic: 'a' })
    expect(ctx).toHaveMetric('size', 1)
    expect(ctx).toHaveMetric('t', 1)
    expect(ctx).not.toHaveMetric('missing')
    expect(metricValue(ctx.mock.metrics, 'calls', { topic: 'b' })).toBeUndefined()
  })

  it('toBeHealthy accepts a health result, a report, or anything with health()', async () => {
    expect({ status: 'ok' }).toBeHealthy()
    expect({ status: 'degraded', details: { lag: 3 } }).not.toBeHealthy()
    await expect({ health: async () => ({ status: 'ok', plugins: {} }) }).toBeHealthy()
    await expect({ health: async () => ({ status: 'error' }) }).not.toBeHealthy()
    expect(failure(() => expect({ status: 'error' }).toBeHealthy())).toContain('"error"')
  })

  it('explains what it needs when given something else', () => {
    expect(() => expect(42).toHaveEmitted('x')).toThrow(/expects a mock context \(createMockContext\) or a test host/)
  })
})
