/**
 * True when the dot-separated event `name` matches `pattern`: `*` is one segment, `**` any
 * number of segments (none included).
 */
export function matchEvent(pattern: string, name: string): boolean {
  return matchSegments(pattern.split('.'), 0, name.split('.'), 0)
}

function matchSegments(pattern: string[], p: number, name: string[], n: number): boolean {
  if (p === pattern.length) return n === name.length
  const head = pattern[p]
  if (head === '**') {
    for (let skip = n; skip <= name.length; skip++) if (matchSegments(pattern, p + 1, name, skip)) return true
    return false
  }
  if (n === name.length) return false
  return (head === '*' || head === name[n]) && matchSegments(pattern, p + 1, name, n + 1)
}
