import { describe, expect, it } from 'vitest'
import { fsPathProblem } from './rules/check-fs-paths.js'
import { activationProblem } from './rules/check-lists.js'
import { parseNetworkEntry } from './rules/check-network.js'

describe('parseNetworkEntry', () => {
  it.each([
    ['api.example.com', { host: 'api.example.com', wildcard: false }],
    ['API.Example.com:443', { host: 'api.example.com', wildcard: false, port: 443 }],
    ['*.example.org:8443', { host: 'example.org', wildcard: true, port: 8443 }],
    ['localhost:3000', { host: 'localhost', wildcard: false, port: 3000 }],
    ['[::1]:8080', { host: '[::1]', wildcard: false, port: 8080 }],
  ])('parses %s', (entry, parsed) => {
    expect(parseNetworkEntry(entry)).toEqual(parsed)
  })

  it.each([
    ['https://api.example.com/v1', 'api.example.com:443'],
    ['http://api.example.com:8080', 'api.example.com:8080'],
    ['ftp://files.example.com', 'files.example.com'],
    ['api.example.com/v1', 'api.example.com'],
    ['*', undefined],
    ['api.*.com', undefined],
    ['host:0', undefined],
    ['-bad-.com', undefined],
    ['', undefined],
  ])('refuses %s (suggesting %s)', (entry, suggestion) => {
    const parsed = parseNetworkEntry(entry)
    expect(parsed).toHaveProperty('problem')
    expect((parsed as { suggestion?: string }).suggestion).toBe(suggestion)
  })
})

describe('fsPathProblem', () => {
  it.each([
    ['./assets', undefined],
    ['.', undefined],
    ['a/../b', undefined],
    ['a/b:c', undefined],
    ['c:relative', 'manifest/fs-absolute'],
    ['', 'manifest/fs-empty'],
    ['  ', 'manifest/fs-empty'],
    ['/etc', 'manifest/fs-absolute'],
    ['C:/x', 'manifest/fs-absolute'],
    ['\\\\server\\share', 'manifest/fs-absolute'],
    ['~/x', 'manifest/fs-absolute'],
    ['file:///etc', 'manifest/fs-absolute'],
    ['a\\b', 'manifest/fs-posix'],
    ['..', 'manifest/fs-escape'],
    ['./a/../../b', 'manifest/fs-escape'],
  ])('%j -> %s', (path, rule) => {
    expect(fsPathProblem(path)).toBe(rule)
  })
})

describe('activationProblem', () => {
  it.each(['onStartup', 'onMessage:greet', 'onEvent:user.*', 'onEvent:a:b'])('accepts %s', (entry) => {
    expect(activationProblem(entry)).toBeUndefined()
  })

  it.each([
    ['startup', 'onStartup'],
    ['onStartup:now', 'onStartup'],
    ['onEvent:', 'onEvent:PATTERN'],
    ['onMesage:greet', 'onMessage:greet'],
    ['whenever', undefined],
    ['onEvent:a b', undefined],
  ])('refuses %s (suggesting %s)', (entry, suggestion) => {
    expect(activationProblem(entry)?.suggestion).toBe(suggestion)
  })
})
