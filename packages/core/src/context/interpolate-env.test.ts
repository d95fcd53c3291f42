// biome-ignore-all lint/suspicious/noTemplateCurlyInString: settings carry ${VAR} references literally
import { describe, expect, it } from 'vitest'
import { interpolateEnv } from './interpolate-env.js'

const culprit = { name: 'p', version: '1.0.0' }

describe('interpolateEnv', () => {
  it('takes a default when the variable is unset or empty, as a shell does; an empty value without default stays empty', () => {
    const settings = { a: '${A:-dflt}', b: '${B:-dflt}', c: '${C}', d: 'x${A:-}y' }
    expect(interpolateEnv(settings, { B: '', C: '' }, ['A', 'B', 'C'], culprit)).toEqual({
      a: 'dflt',
      b: 'dflt',
      c: '',
      d: 'xy',
    })
    expect(interpolateEnv(settings, { A: 'set', B: 'b', C: 'c' }, ['A', 'B', 'C'], culprit, '')).toMatchObject({
      a: 'set',
    })
  })

  it('names the pointer and the variable of an ungranted or unset reference', () => {
    expect(() => interpolateEnv({ list: ['ok', '${SECRET}'] }, { SECRET: 's' }, [], culprit)).toThrow(
      expect.objectContaining({
        code: 'PDK_CONFIG_INVALID',
        details: expect.objectContaining({ pointer: '/list/1', variable: 'SECRET' }),
      }),
    )
    expect(() => interpolateEnv({ 'a/b': '${UNSET}' }, {}, ['UNSET'], culprit)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ pointer: '/a~1b', variable: 'UNSET' }) }),
    )
  })

  it('keeps $${ as a literal ${ and leaves other dollars alone', () => {
    expect(interpolateEnv('$${KEEP} costs $5 and ${', {}, [], culprit)).toBe('${KEEP} costs $5 and ${')
  })

  it('copies a "__proto__" key as a key, never as the prototype', () => {
    const settings = JSON.parse('{"__proto__": {"polluted": "${A}"}, "x": 1}')
    const out = interpolateEnv(settings, { A: 'yes' }, ['A'], culprit) as Record<string, unknown>
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.keys(out)).toEqual(['__proto__', 'x'])
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: 'yes' })
    expect((out as { polluted?: unknown }).polluted).toBeUndefined()
  })
})
