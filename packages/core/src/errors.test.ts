import { describe, expect, it } from 'vitest'
import { isPdkError, isPdkErrorData, PdkError } from './errors.js'

describe('PdkError', () => {
  it('carries code, hint, details and cause, and round-trips through structured clone', () => {
    const cause = new TypeError('boom')
    const error = new PdkError('PDK_PLUGIN_FAILED', 'Plugin "a" failed in start', {
      hint: 'Check the plugin',
      details: { plugin: 'a', version: '1.0.0', step: 'start' },
      cause,
    })
    const data = structuredClone(error.toJSON())
    expect(data).toMatchObject({ name: 'PdkError', code: 'PDK_PLUGIN_FAILED', hint: 'Check the plugin' })
    expect(data.cause).toEqual({ name: 'TypeError', message: 'boom' })
    expect(data.stack).toBeUndefined()
    const back = PdkError.fromJSON(data)
    expect(isPdkError(back)).toBe(true)
    expect(back.details).toEqual({ plugin: 'a', version: '1.0.0', step: 'start' })
    expect(isPdkErrorData(data)).toBe(true)
  })

  it('wraps foreign errors keeping their name and message', () => {
    const wrapped = PdkError.from(new RangeError('nope'), 'PDK_PLUGIN_FAILED', { details: { plugin: 'x' } })
    expect(wrapped.code).toBe('PDK_PLUGIN_FAILED')
    expect(wrapped.details).toMatchObject({ plugin: 'x', originalName: 'RangeError', originalMessage: 'nope' })
    const same = new PdkError('PDK_TIMEOUT', 't')
    expect(PdkError.from(same)).toBe(same)
  })

  it('recognises a PdkError from another copy by shape', () => {
    const foreign = Object.assign(new Error('x'), { name: 'PdkError', code: 'PDK_TIMEOUT' })
    expect(isPdkError(foreign)).toBe(true)
    expect(isPdkError(new Error('x'))).toBe(false)
  })
})
