import { describe, expect, it } from 'vitest'
import { childPointer, decodePointer, encodePointer } from './json-pointer.js'
import { locateOffset, locatePointer } from './locate-pointer.js'

const text = `{
  "name": "p",
  "a/b": { "c~d": [10, { "deep": true }, "x"] },
  "pdk": {
    "permissions": { "fs": { "read": ["./ok", "../escape"] } },
    "empty": {}, "list": []
  }
}`

describe('locatePointer', () => {
  it.each([
    ['', 1, 1],
    ['/name', 2, 3],
    ['/pdk', 4, 3],
    ['/pdk/permissions/fs/read/1', 5, 47],
    ['/a~1b/c~0d/1/deep', 3, 26],
    ['/a~1b/c~0d/2', 3, 42],
  ])('finds %s at line %i, column %i', (pointer, line, column) => {
    expect(locatePointer(text, pointer)).toEqual({ line, column })
  })

  it('falls back to the deepest existing parent for a missing key (where a required field belongs)', () => {
    expect(locatePointer(text, '/pdk/host/range')).toEqual({ line: 4, column: 3 })
    expect(locatePointer(text, '/pdk/empty/x')).toEqual({ line: 6, column: 5 })
    expect(locatePointer(text, '/pdk/list/0')).toEqual({ line: 6, column: 18 })
  })

  it('skips a byte-order mark and escaped quotes in keys and strings', () => {
    expect(locatePointer('\uFEFF{"a\\"b": "x\\"y", "c": 1}', '/c')).toEqual({ line: 1, column: 19 })
  })

  it('gives up on text that is not JSON, without throwing', () => {
    expect(locatePointer('', '/a')).toBeUndefined()
    expect(locatePointer('{"a": [1, 2', '/a/5')).toEqual({ line: 1, column: 2 })
    expect(locatePointer('{"a": tru, "b": 1}', '/b')).toEqual({ line: 1, column: 1 })
  })

  it('turns offsets into lines and columns', () => {
    expect(locateOffset('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 })
    expect(locateOffset('ab', 99)).toEqual({ line: 1, column: 3 })
  })
})

describe('JSON pointers', () => {
  it('escapes ~ and / and round-trips', () => {
    expect(encodePointer(['pdk', 'a/b', 'c~d', 0])).toBe('/pdk/a~1b/c~0d/0')
    expect(decodePointer('/pdk/a~1b/c~0d/0')).toEqual(['pdk', 'a/b', 'c~d', '0'])
    expect(decodePointer('')).toEqual([])
    expect(childPointer('', '~1')).toBe('/~01')
    expect(decodePointer('/~01')).toEqual(['~1'])
  })
})
