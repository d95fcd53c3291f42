import { describe, expect, it } from 'vitest'
import { didYouMean } from './did-you-mean.js'

describe('didYouMean', () => {
  const keys = [
    'manifestVersion',
    'kind',
    'host',
    'entry',
    'dependencies',
    'optionalDependencies',
    'permissions',
    'limits',
  ]

  it.each([
    ['dependancies', ['dependencies']],
    ['permission', ['permissions']],
    ['Kind', ['kind']],
    ['manifestversion', ['manifestVersion']],
    ['hots', ['host']],
    ['limit', ['limits']],
  ])('suggests for %s', (input, expected) => {
    expect(didYouMean(input, keys)).toEqual(expected)
  })

  it('suggests nothing for unrelated words and reports ties', () => {
    expect(didYouMean('zzz', keys)).toEqual([])
    expect(didYouMean('description', keys)).toEqual([])
    expect(didYouMean('ab', ['aa', 'bb'])).toEqual(['aa', 'bb'])
  })
})
