import { describe, expect, it } from 'vitest'
import { checkTemplateManifest, checkValue, parseValue, variableFlag } from './template-manifest.js'

const valid = { templateVersion: 1, name: 'worker', description: 'A worker plugin', kind: 'extension' }

describe('checkTemplateManifest', () => {
  it('accepts a minimal plugin template and a host template without a kind', () => {
    expect(checkTemplateManifest(valid, 't.json')).toEqual([])
    expect(
      checkTemplateManifest({ templateVersion: 1, name: 'app', description: 'An app', type: 'host' }, 't.json'),
    ).toEqual([])
  })

  it('reports every problem with its pointer, never only the first', () => {
    const findings = checkTemplateManifest(
      {
        templateVersion: 2,
        name: 'Worker',
        kind: '',
        layers: 'x',
        extra: 1,
        variables: {
          port: { type: 'number', description: 'Port', default: 99999, maximum: 65535 },
          mode: { type: 'choice', description: 'Mode' },
          yes: { type: 'boolean', description: 'Clashes with --yes' },
          'bad-name': { type: 'string', description: 'x' },
          rx: { type: 'string', description: 'x', pattern: '(' },
          t: { type: 'text' },
        },
      },
      't.json',
    )
    expect(findings.map((f) => f.pointer)).toEqual([
      '/extra',
      '/templateVersion',
      '/name',
      '/description',
      '/kind',
      '/layers',
      '/variables/port/default',
      '/variables/mode/choices',
      '/variables/yes/flag',
      '/variables/bad-name',
      '/variables/rx/pattern',
      '/variables/t/type',
    ])
    expect(findings.every((f) => f.file === 't.json' && f.severity === 'error')).toBe(true)
    expect(findings.find((f) => f.pointer === '/variables/yes/flag')?.message).toContain(
      '"--yes", which pdk init already has',
    )
  })

  it('says when two variables share a flag', () => {
    const findings = checkTemplateManifest(
      {
        ...valid,
        variables: {
          apiUrl: { type: 'string', description: 'a' },
          other: { type: 'string', description: 'b', flag: 'api-url' },
        },
      },
      't.json',
    )
    expect(findings).toEqual([
      expect.objectContaining({
        pointer: '/variables/other/flag',
        message: expect.stringContaining('"apiUrl" and "other"'),
      }),
    ])
  })

  it('does not accept a non-object', () => {
    expect(checkTemplateManifest([], 't.json')[0]?.message).toBe('template.json must hold an object, found an array.')
  })
})

describe('template variables', () => {
  it('derive their flag from the name in kebab-case unless they name one', () => {
    expect(variableFlag('apiUrl', { type: 'string', description: '' })).toBe('api-url')
    expect(variableFlag('token_env', { type: 'string', description: '' })).toBe('token-env')
    expect(variableFlag('x', { type: 'string', description: '', flag: 'why' })).toBe('why')
  })

  it('parse flag text into their type', () => {
    expect(parseValue({ type: 'boolean', description: '' }, 'yes')).toBe(true)
    expect(parseValue({ type: 'boolean', description: '' }, 'off')).toBe(false)
    expect(parseValue({ type: 'boolean', description: '' }, 'maybe')).toBeUndefined()
    expect(parseValue({ type: 'number', description: '' }, '42')).toBe(42)
    expect(parseValue({ type: 'number', description: '' }, '')).toBeUndefined()
    expect(parseValue({ type: 'string', description: '' }, '42')).toBe('42')
  })

  it('check values against their validation and say what was found', () => {
    const port = { type: 'number', description: '', integer: true, minimum: 1, maximum: 10 } as const
    expect(checkValue(port, 5)).toBeUndefined()
    expect(checkValue(port, 5.5)).toBe('expected a whole number, got 5.5')
    expect(checkValue(port, 11)).toBe('expected at most 10, got 11')
    const word = {
      type: 'string',
      description: '',
      pattern: '[a-z]+',
      patternDescription: 'lowercase letters',
      maxLength: 5,
    } as const
    expect(checkValue(word, 'abc')).toBeUndefined()
    expect(checkValue(word, 'abc1')).toBe('expected lowercase letters, got "abc1"')
    expect(checkValue(word, 'abcdef')).toBe('expected at most 5 characters, got 6')
    expect(checkValue({ type: 'choice', description: '', choices: ['a', 'b'] }, 'c')).toBe(
      'expected one of a, b, got "c"',
    )
  })
})
