/** What `analyze` answers. */
export interface TextStats {
  characters: number
  words: number
  sentences: number
  /** At 230 words a minute, rounded up. */
  readingSeconds: number
  /** The most frequent words (case-folded), most frequent first, ties alphabetical. */
  topWords: Array<{ word: string; count: number }>
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu
const HAS_WORD = /[\p{L}\p{N}]/u
const WORDS_PER_MINUTE = 230

/** Counts words, sentences and frequent words of `text`. */
export function analyzeText(text: string, options: { topWords: number; minWordLength: number }): TextStats {
  const words = text.match(WORD) ?? []
  const sentences = text.split(/[.!?]+/u).filter((part) => HAS_WORD.test(part))
  const counts = new Map<string, number>()
  for (const word of words) {
    if (word.length < options.minWordLength) continue
    const key = word.toLocaleLowerCase()
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const topWords = [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, options.topWords)
    .map(([word, count]) => ({ word, count }))
  return {
    characters: text.length,
    words: words.length,
    sentences: sentences.length,
    readingSeconds: Math.ceil((words.length / WORDS_PER_MINUTE) * 60),
    topWords,
  }
}
