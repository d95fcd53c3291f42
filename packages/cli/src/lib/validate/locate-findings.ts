import type { Finding } from '@pdk/core'

/** Where a JSON pointer sits in a JSON text (1-based), as @pdk/core's `locatePointer` answers. */
export type LocatePointer = (text: string, pointer: string) => { line: number; column: number } | undefined

/**
 * Adds line and column to the findings about package.json that have a pointer but no place
 * yet. A pointer to a key that is missing points at the nearest object that exists, where the
 * key would go.
 */
export function locateFindings(findings: Finding[], text: string, locate: LocatePointer, file = 'package.json'): void {
  for (const finding of findings) {
    if (finding.line !== undefined || finding.pointer === undefined) continue
    if ((finding.file ?? file) !== file) continue
    finding.file ??= file
    let pointer = finding.pointer
    for (;;) {
      const place = safeLocate(locate, text, pointer)
      if (place) {
        finding.line = place.line
        finding.column = place.column
        break
      }
      if (pointer === '') break
      pointer = pointer.slice(0, pointer.lastIndexOf('/'))
    }
  }
}

function safeLocate(locate: LocatePointer, text: string, pointer: string) {
  try {
    return locate(text, pointer)
  } catch {
    return undefined
  }
}
