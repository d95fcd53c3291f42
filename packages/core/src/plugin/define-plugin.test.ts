import { describe, expect, it } from 'vitest'
import { definePlugin, isPluginDefinition } from './define-plugin.js'

describe('definePlugin', () => {
  it('returns its argument marked with Symbol.for("pdk.plugin")', () => {
    const def = { messages: { ping: () => 'pong' } }
    const marked = definePlugin(def)
    expect(marked).toBe(def)
    expect((marked as Record<symbol, unknown>)[Symbol.for('pdk.plugin')]).toBe(true)
    expect(Object.keys(marked)).toEqual(['messages'])
    expect(isPluginDefinition(marked)).toBe(true)
  })

  it('recognises definitions from another copy and refuses plain objects', () => {
    const other = { [Symbol.for('pdk.plugin')]: true }
    expect(isPluginDefinition(other)).toBe(true)
    expect(isPluginDefinition({})).toBe(false)
    expect(isPluginDefinition(null)).toBe(false)
    expect(() => definePlugin(null as never)).toThrow(/expects an object/)
  })
})
