import { decodePointer } from './json-pointer.js'

/** A 1-based position in a text. */
export interface TextLocation {
  line: number
  column: number
}

// A small scanner over JSON text that follows a pointer without building values. Malformed
// text makes it give up (returns -1), never throw.
class Scanner {
  constructor(
    readonly text: string,
    public pos = 0,
  ) {}

  ws(): void {
    while (this.pos < this.text.length && ' \t\n\r\uFEFF'.includes(this.text[this.pos]!)) this.pos++
  }

  /** Skips one string starting at `pos` and returns its decoded value, or undefined when malformed. */
  string(): string | undefined {
    const start = this.pos
    if (this.text[this.pos] !== '"') return undefined
    this.pos++
    while (this.pos < this.text.length) {
      const char = this.text[this.pos]
      if (char === '\\') this.pos += 2
      else if (char === '"') {
        this.pos++
        try {
          return JSON.parse(this.text.slice(start, this.pos)) as string
        } catch {
          return undefined
        }
      } else this.pos++
    }
    return undefined
  }

  /** Skips one value starting at `pos`; false when malformed. */
  skip(): boolean {
    this.ws()
    const char = this.text[this.pos]
    if (char === '"') return this.string() !== undefined
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']'
      this.pos++
      this.ws()
      if (this.text[this.pos] === close) {
        this.pos++
        return true
      }
      for (;;) {
        if (char === '{') {
          this.ws()
          if (this.string() === undefined) return false
          this.ws()
          if (this.text[this.pos++] !== ':') return false
        }
        if (!this.skip()) return false
        this.ws()
        const next = this.text[this.pos++]
        if (next === close) return true
        if (next !== ',') return false
      }
    }
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
      this.text.slice(this.pos, this.pos + 400),
    )
    if (!literal) return false
    this.pos += literal[0].length
    return true
  }

  /** Moves to the member `segment` of the container at `pos`; returns where it starts (its key for objects), or -1. */
  enter(segment: string): number {
    this.ws()
    const open = this.text[this.pos]
    if (open !== '{' && open !== '[') return -1
    this.pos++
    this.ws()
    if (this.text[this.pos] === (open === '{' ? '}' : ']')) return -1
    for (let index = 0; ; index++) {
      this.ws()
      const start = this.pos
      if (open === '{') {
        const key = this.string()
        if (key === undefined) return -1
        this.ws()
        if (this.text[this.pos++] !== ':') return -1
        this.ws()
        if (key === segment) return start
      } else if (String(index) === segment) return start
      if (!this.skip()) return -1
      this.ws()
      const next = this.text[this.pos++]
      if (next !== ',') return -1
    }
  }
}

function toLocation(text: string, offset: number): TextLocation {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
}

/**
 * The line and column (1-based) of what `pointer` names in JSON `text`: an object member's key,
 * an array item, or for a pointer that goes past what exists (a missing required key) its
 * deepest existing parent. Undefined when the text is not JSON there.
 */
export function locatePointer(text: string, pointer: string): TextLocation | undefined {
  const scanner = new Scanner(text)
  scanner.ws()
  if (scanner.pos >= text.length) return undefined
  let found = scanner.pos
  for (const segment of decodePointer(pointer)) {
    const start = scanner.enter(segment)
    if (start === -1) break
    found = start
  }
  return toLocation(text, found)
}

/** The 1-based line and column of a character offset in `text`. */
export function locateOffset(text: string, offset: number): TextLocation {
  return toLocation(text, Math.max(0, Math.min(offset, text.length)))
}
