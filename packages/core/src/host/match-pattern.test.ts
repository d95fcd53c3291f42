import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compilePattern } from './match-pattern.js'

/** The definition, searched directly: `**` tries every number of segments (slow, obviously right). */
function reference(pattern: string[], name: string[]): boolean {
  if (pattern.length === 0) return name.length === 0
  const [part, ...rest] = pattern
  if (part === '**') {
    for (let skip = 0; skip <= name.length; skip++) if (reference(rest, name.slice(skip))) return true
    return false
  }
  return name.length > 0 && (part === '*' || part === name[0]) && reference(rest, name.slice(1))
}

describe('compilePattern', () => {
  it('matches as the spec says', () => {
    expect(compilePattern('user.*')('user.created')).toBe(true)
    expect(compilePattern('user.*')('user.created.now')).toBe(false)
    expect(compilePattern('user.**')('user')).toBe(true)
    expect(compilePattern('user.**')('user.a.b')).toBe(true)
    expect(compilePattern('**.done')('job.x.done')).toBe(true)
    expect(compilePattern('**')('anything.at.all')).toBe(true)
    expect(compilePattern('a.**.b.**.c')('a.b.c')).toBe(true)
    expect(compilePattern('a.**.b.**.c')('a.c.b')).toBe(false)
    expect(compilePattern('a.b')('a.b')).toBe(true)
    expect(compilePattern('a.b')('a.c')).toBe(false)
  })

  it('agrees with a direct search of the definition on random patterns and names', () => {
    const segment = fc.constantFrom('a', 'b', 'c')
    const part = fc.oneof(segment, fc.constant('*'), fc.constant('**'))
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 7 }),
        fc.array(segment, { minLength: 1, maxLength: 9 }),
        (p, n) => {
          expect(compilePattern(p.join('.'))(n.join('.'))).toBe(reference(p, n))
        },
      ),
      { seed: 20261123, numRuns: 20_000 },
    )
  })

  it('matches deep names against many `**` without searching every split', () => {
    // Trying every way to split 400 segments between six `**` took ~19 s per emit here (it would
    // time this test out); revisiting only the latest `**` takes well under a millisecond.
    const pattern = compilePattern('**.a.**.b.**.c.**.d.**.e.**.z')
    const name = Array.from({ length: 400 }, (_, i) => 'abcde'[i % 5]).join('.')
    expect(pattern(name)).toBe(false)
    expect(pattern(`${name}.z`)).toBe(true)
  })
})
