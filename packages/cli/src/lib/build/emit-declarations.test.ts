import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test } from 'vitest'
import { fixtureDir, linkCore, removeFixture } from '../../../test/helpers/fixture-dir.js'
import { emitDeclarations } from './emit-declarations.js'

const require = createRequire(import.meta.url)
const ts = require('typescript') as typeof import('typescript')
const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

// Every kind of comment a declaration carries: TSDoc tags, @internal (stripped), @deprecated,
// @see and {@link} (the JSDoc tsc still parses, here also naming imports nothing else uses), overloads, a JavaScript file with JSDoc types.
const sources = {
  'src/index.ts': [
    "import { definePlugin } from '@pdk/core'",
    "import type { Shape } from './shape.js'",
    "export { area, legacyArea } from './shape.js'",
    "export { scale } from './scale.js'",
    "export { linked } from './linked.js'",
    '',
    '/**',
    ' * Settings of the plugin. See {@link Shape} and {@link area}.',
    ' * @example',
    ' * ```ts',
    " * const config: Config = { unit: 'cm' }",
    ' * ```',
    ' */',
    'export interface Config {',
    '  /** The unit areas are given in. @defaultValue "m" */',
    '  unit: string',
    '  /** @internal */',
    '  secret?: string',
    '}',
    '',
    '/** @internal Not part of the API. */',
    'export const hidden = 1',
    '',
    '/** Sums shapes.',
    ' * @param shapes - what to sum',
    ' * @returns the total',
    ' * @see area',
    ' */',
    'export function total(shapes: Shape[]): number',
    '/** One shape. */',
    'export function total(shape: Shape): number',
    'export function total(input: Shape | Shape[]): number {',
    '  return ([] as Shape[]).concat(input).length',
    '}',
    '',
    'export default definePlugin<Config>({ messages: { total: (payload: Shape[]) => total(payload) } })',
    '',
  ].join('\n'),
  'src/shape.ts': [
    '/** A rectangle, in {@link Config.unit | the configured unit}. */',
    'export interface Shape { width: number; height: number }',
    '',
    '/** The area of a shape; inferred return type. */',
    'export const area = (shape: Shape) => shape.width * shape.height',
    '',
    '/**',
    ' * @deprecated Use {@link area}.',
    ' */',
    'export function legacyArea(shape: Shape) {',
    '  return { value: area(shape), unit: "m" as const }',
    '}',
    '',
  ].join('\n'),
  'src/linked.ts': [
    "import type { Shape } from './shape.js'",
    "import { area } from './shape.js'",
    '',
    '/** Named in comments only: {@link Shape}, {@link area}.',
    ' * @see Shape',
    ' */',
    'export const linked = 1',
    '',
  ].join('\n'),
  'src/scale.js': [
    '/**',
    ' * Scales a number.',
    ' * @param {number} value',
    ' * @param {number} [factor]',
    ' * @returns {number}',
    ' */',
    'export function scale(value, factor = 2) {',
    '  return value * factor',
    '}',
    '',
  ].join('\n'),
}
const tsconfig = {
  compilerOptions: {
    target: 'es2023',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    skipLibCheck: true,
    allowJs: true,
    stripInternal: true,
    types: [],
    rootDir: 'src',
    outDir: 'dist',
  },
  include: ['src'],
}

/** The declarations of `cwd` as the TypeScript API emits them by default (JSDoc fully parsed). */
function emitParsingAllJsdoc(cwd: string): Map<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(cwd, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  )
  const options = { ...config?.options, declaration: true, emitDeclarationOnly: true, noCheck: true }
  const host = ts.createCompilerHost(options)
  expect(host.jsDocParsingMode).toBeUndefined()
  const files = new Map<string, string>()
  host.writeFile = (file, text) => files.set(file.slice(join(cwd, 'dist').length + 1), text)
  ts.createProgram({ rootNames: [join(cwd, 'src/index.ts')], options, host }).emit(
    undefined,
    undefined,
    undefined,
    true,
  )
  return files
}

describe('emitDeclarations', () => {
  test("emits what the TypeScript API's default JSDoc parsing and tsc itself emit, comments and all", async () => {
    const cwd = await fixtureDir({
      'package.json': { type: 'module' },
      'tsconfig.json': tsconfig,
      ...sources,
      ...linkCore,
    })
    dirs.push(cwd)
    const pdk = await emitDeclarations(cwd, ['src/index.ts'])
    expect(pdk.errors).toEqual([])
    expect([...pdk.files.keys()].sort()).toEqual(['index.d.ts', 'linked.d.ts', 'scale.d.ts', 'shape.d.ts'])
    expect(Object.fromEntries(pdk.files)).toEqual(Object.fromEntries(emitParsingAllJsdoc(cwd)))

    const tsc = require.resolve('typescript/bin/tsc')
    await promisify(execFile)(
      process.execPath,
      [tsc, '-p', 'tsconfig.json', '--emitDeclarationOnly', '--declaration'],
      {
        cwd,
      },
    )
    for (const file of await readdir(join(cwd, 'dist')))
      expect(pdk.files.get(file), file).toBe(await readFile(join(cwd, 'dist', file), 'utf8'))
    // The comments survived, the @internal ones did not.
    const index = pdk.files.get('index.d.ts') as string
    expect(index).toContain('See {@link Shape} and {@link area}.')
    expect(index).toContain('@see area')
    expect(index).not.toContain('hidden')
    expect(index).not.toContain('secret')
    expect(pdk.files.get('shape.d.ts')).toContain('@deprecated Use {@link area}.')
    expect(pdk.files.get('scale.d.ts')).toContain('export function scale(value: number, factor?: number): number;')
  })
})
