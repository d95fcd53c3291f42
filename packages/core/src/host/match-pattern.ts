/**
 * Compiles an event pattern: dot-separated segments where `*` matches exactly one segment and
 * `**` any number of segments (zero included). `user.*` matches `user.created`; `**` matches all.
 */
export function compilePattern(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern
  if (pattern === '**') return () => true
  const parts = pattern.split('.')
  return (name) => matchSegments(parts, 0, name.split('.'), 0)
}

function matchSegments(pattern: string[], p: number, name: string[], n: number): boolean {
  while (p < pattern.length) {
    const part = pattern[p]!
    if (part === '**') {
      if (p === pattern.length - 1) return true
      for (let skip = n; skip <= name.length; skip++) if (matchSegments(pattern, p + 1, name, skip)) return true
      return false
    }
    if (n >= name.length || (part !== '*' && part !== name[n])) return false
    p++
    n++
  }
  return n === name.length
}
