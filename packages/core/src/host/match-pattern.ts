/**
 * Compiles an event pattern: dot-separated segments where `*` matches exactly one segment and
 * `**` any number of segments (zero included). `user.*` matches `user.created`; `**` matches all.
 */
export function compilePattern(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern
  if (pattern === '**') return () => true
  const parts = pattern.split('.')
  return (name) => matchSegments(parts, name.split('.'))
}

/**
 * Wildcard matching over segments, as for globs: `*` is one segment and `**` any run of them.
 * Only the latest `**` is ever revisited (the one before it can absorb whatever the later one
 * would), so a match costs at most pattern × name steps, never a search over every way to split
 * the name between several `**`.
 */
function matchSegments(pattern: string[], name: string[]): boolean {
  let p = 0
  let n = 0
  let star = -1
  let resume = 0
  while (n < name.length) {
    const part = pattern[p]
    if (part === '**') {
      star = p++
      resume = n
    } else if (part !== undefined && (part === '*' || part === name[n])) {
      p++
      n++
    } else if (star >= 0) {
      p = star + 1
      n = ++resume
    } else return false
  }
  while (pattern[p] === '**') p++
  return p === pattern.length
}
