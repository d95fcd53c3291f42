import { describe, expect, it } from 'vitest'
import { checkDescription, checkKeyword, checkLicense } from './package-fields.js'

describe('checkDescription', () => {
  it('passes a real description', () => {
    expect(checkDescription({ description: 'Greets people' })).toEqual([])
  })
  it('reports a missing, empty or mistyped description with a hint', () => {
    expect(checkDescription({})[0]).toMatchObject({
      rule: 'package/description',
      severity: 'error',
      pointer: '',
      found: 'nothing',
    })
    expect(checkDescription({ description: '  ' })[0]).toMatchObject({
      pointer: '/description',
      message: expect.stringContaining('empty'),
    })
    expect(checkDescription({ description: 3 })[0]?.message).toContain('a number')
    expect(checkDescription({})[0]?.hint).toContain('"description"')
  })
  it('warns about the template default', () => {
    expect(checkDescription({ description: 'A pdk plugin' })[0]).toMatchObject({
      severity: 'warn',
      pointer: '/description',
    })
  })
})

describe('checkKeyword', () => {
  it('passes with pdk-plugin', () => {
    expect(checkKeyword({ keywords: ['x', 'pdk-plugin'] })).toEqual([])
  })
  it('offers a fix that appends the keyword, or creates the list', () => {
    expect(checkKeyword({ keywords: ['x'] })[0]).toMatchObject({
      rule: 'package/keyword',
      pointer: '/keywords',
      fixable: true,
      fix: { op: 'set', pointer: '/keywords', value: ['x', 'pdk-plugin'] },
    })
    expect(checkKeyword({})[0]?.fix).toEqual({ op: 'set', pointer: '/keywords', value: ['pdk-plugin'] })
  })
  it('does not offer to overwrite keywords of the wrong type', () => {
    const [finding] = checkKeyword({ keywords: 'pdk-plugin' })
    expect(finding?.message).toContain('a string')
    expect(finding?.fix).toBeUndefined()
  })
})

describe('checkLicense', () => {
  it('passes an SPDX id, UNLICENSED and the old object form', () => {
    expect(checkLicense({ license: 'MIT' })).toEqual([])
    expect(checkLicense({ license: 'UNLICENSED' })).toEqual([])
    expect(checkLicense({ license: { type: 'MIT' } })).toEqual([])
  })
  it('warns when missing or empty', () => {
    expect(checkLicense({})[0]).toMatchObject({
      rule: 'package/license',
      severity: 'warn',
      hint: expect.stringContaining('MIT'),
    })
    expect(checkLicense({ license: '' })[0]?.pointer).toBe('/license')
  })
})
