import { distance } from 'fastest-levenshtein'

/**
 * The candidates closest to `input` within a typo's distance (case-insensitive Levenshtein),
 * best first. One result is a clear suggestion; several are ties.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string[] {
  const needle = input.toLowerCase()
  const limit = Math.max(2, Math.floor(needle.length / 3))
  let best = Number.POSITIVE_INFINITY
  let matches: string[] = []
  for (const candidate of candidates) {
    if (candidate === input) continue
    const d = distance(needle, candidate.toLowerCase())
    if (d > limit || d > best) continue
    if (d < best) {
      best = d
      matches = []
    }
    matches.push(candidate)
  }
  return matches
}
