import { describe, expect, it } from 'vitest'
import { analyzeText } from './analyze-text.js'

const options = { topWords: 3, minWordLength: 3 }

describe('analyzeText', () => {
  it('counts words, sentences and characters', () => {
    const stats = analyzeText('The cat sat. The cat ran! Did the dog?', options)
    expect(stats).toMatchObject({ characters: 38, words: 9, sentences: 3, readingSeconds: 3 })
  })

  it('lists the most frequent words, case-folded, ties alphabetical, short words left out', () => {
    const stats = analyzeText('The cat sat. The cat ran! Did the dog? A a a a', options)
    expect(stats.topWords).toEqual([
      { word: 'the', count: 3 },
      { word: 'cat', count: 2 },
      { word: 'did', count: 1 },
    ])
  })

  it('keeps contractions and hyphenated words whole, and reads other scripts', () => {
    const stats = analyzeText("Don't re-run it. Ça va très bien. Привет мир", { topWords: 10, minWordLength: 1 })
    expect(stats.words).toBe(9)
    expect(stats.topWords.map((entry) => entry.word)).toEqual(
      expect.arrayContaining(["don't", 're-run', 'ça', 'привет']),
    )
  })

  it('answers zeros for empty text', () => {
    expect(analyzeText('  ', options)).toEqual({
      characters: 2,
      words: 0,
      sentences: 0,
      readingSeconds: 0,
      topWords: [],
    })
  })
})
