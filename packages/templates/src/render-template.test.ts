import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validateManifest } from '@pdk/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILTIN_TEMPLATES, listTemplates, loadTemplate } from './load-template.js'
import { outputPath, renderTemplate, renderTemplateFiles } from './render-template.js'
import { createTemplateContext, type TemplateContextInput } from './template-context.js'
import type { TemplateValue } from './template-manifest.js'

function defaults(variables: Record<string, { default?: TemplateValue }> = {}): Record<string, TemplateValue> {
  return Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v.default!]))
}

function input(overrides: Partial<TemplateContextInput> = {}): TemplateContextInput {
  return {
    name: '@acme/pdk-plugin-hello-world',
    description: "It's a test */ with a comment end",
    kind: 'extension',
    host: { name: 'example-host', range: '^1.0.0' },
    author: 'Ada',
    license: 'MIT',
    packageManager: 'pnpm',
    vars: {},
    year: 2030,
    ...overrides,
  }
}

describe('outputPath', () => {
  it('turns a leading _ into a dot, __ into _, and drops .ejs', () => {
    expect(outputPath('_gitignore')).toBe('.gitignore')
    expect(outputPath('_github/workflows/ci.yml.ejs')).toBe('.github/workflows/ci.yml')
    expect(outputPath('src/__init__.ts')).toBe('src/_init__.ts')
    expect(outputPath('src/index.ts.ejs')).toBe('src/index.ts')
  })
})

describe('createTemplateContext', () => {
  it('derives the names and commands a template uses', () => {
    const ctx = createTemplateContext(input())
    expect(ctx).toMatchObject({
      unscopedName: 'pdk-plugin-hello-world',
      scope: '@acme',
      title: 'Hello World',
      identifier: 'helloWorld',
      year: 2030,
    })
    expect(ctx.run('build')).toBe('pnpm build')
    expect(ctx.exec('pdk test')).toBe('pnpm pdk test')
    expect(ctx.ciInstallCommand).toBe('pnpm install --frozen-lockfile')
    expect(createTemplateContext(input({ packageManager: 'npm' })).exec('pdk build')).toBe('npx pdk build')
    expect(ctx.comment('a */ b\nc')).toBe('a *\\/ b c')
    expect(ctx.pdkRange).toMatch(/^\^\d+\.\d+\.\d+/)
  })
})

describe('the built-in templates', () => {
  let out: string
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'pdk-templates-test-'))
  })
  afterAll(() => rm(out, { recursive: true, force: true }))

  it('are listed with their descriptions, one per built-in kind and a host', async () => {
    const list = await listTemplates()
    expect(list.map((t) => t.name)).toEqual([...BUILTIN_TEMPLATES])
    expect(
      list
        .filter((t) => t.type === 'plugin')
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['extension', 'extension', 'integration', 'system'])
    expect(list.find((t) => t.name === 'host')).toMatchObject({ type: 'host' })
  })

  for (const name of BUILTIN_TEMPLATES) {
    it(`${name} renders a complete project${name === 'host' ? '' : ' with a valid manifest'}`, async () => {
      const template = await loadTemplate(name)
      const ctx = createTemplateContext(
        input({
          kind: template.manifest.kind ?? 'extension',
          vars: defaults(template.manifest.variables),
          permissions: { env: ['EXTRA'] },
        }),
      )
      const files = await renderTemplateFiles(template, ctx)
      const paths = files.map((f) => f.path)
      expect(paths).toEqual(
        expect.arrayContaining([
          'package.json',
          'README.md',
          'LICENSE',
          '.gitignore',
          'tsconfig.json',
          '.github/workflows/ci.yml',
        ]),
      )
      const text = (path: string) => files.find((f) => f.path === path)!.content.toString()
      const pkg = JSON.parse(text('package.json'))
      expect(pkg.engines.node).toBe('^22.22.2 || ^24.15.0 || >=26.0.0')
      expect(text('README.md').startsWith('<!-- pdk:template-readme -->\n')).toBe(true)
      expect(text('LICENSE')).toContain('Copyright (c) 2030 Ada')
      if (name === 'host') {
        expect(JSON.parse(text('pdk.config.json'))).toEqual({
          host: { name: 'pdk-plugin-hello-world', version: '1.0.0', pluginsDir: 'plugins', requireSignatures: false },
        })
        expect(pkg.dependencies['@pdk/core']).toBe(ctx.pdkRange)
        return
      }
      expect(paths).toEqual(
        expect.arrayContaining(['src/index.ts', 'test/index.test.ts', '.github/workflows/release.yml']),
      )
      const report = validateManifest(pkg)
      expect(report.findings.filter((f) => f.severity === 'error')).toEqual([])
      expect(pkg.peerDependencies).toEqual({ '@pdk/core': ctx.pdkRange })
      expect(pkg.devDependencies).toMatchObject({
        '@pdk/cli': ctx.pdkRange,
        '@pdk/testing': ctx.pdkRange,
        typescript: '~6.0.3',
        vitest: '^5.1.0',
      })
      expect(pkg.pdk.permissions.env).toContain('EXTRA')
      expect(text('src/index.ts')).toContain('definePlugin')
      expect(text('src/index.ts')).toContain("/** It's a test *\\/ with a comment end */")
      expect(text('test/index.test.ts')).toContain("from '@pdk/testing'")
      expect(text('.github/workflows/ci.yml')).toMatch(
        /pnpm install --frozen-lockfile[\s\S]*pnpm pdk build[\s\S]*pnpm pdk validate[\s\S]*pnpm pdk test/,
      )
      expect(text('.github/workflows/release.yml')).toContain('secrets.NPM_TOKEN')
    })
  }

  it('writes files where the template says, keeping executable bits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdk-template-src-'))
    try {
      await writeFile(
        join(dir, 'template.json'),
        JSON.stringify({ templateVersion: 1, name: 'x', description: 'X', type: 'host' }),
      )
      await mkdir(join(dir, 'files', 'bin'), { recursive: true })
      await writeFile(join(dir, 'files', 'bin', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 })
      await writeFile(join(dir, 'files', 'name.txt.ejs'), '<%= name %>')
      const written = await renderTemplate(await loadTemplate(dir), createTemplateContext(input()), out)
      expect(written).toEqual(['bin/run.sh', 'name.txt'])
      expect((await stat(join(out, 'bin', 'run.sh'))).mode & 0o111).not.toBe(0)
      expect(await readFile(join(out, 'name.txt'), 'utf8')).toBe('@acme/pdk-plugin-hello-world')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('refuses a missing template, a folder without template.json and a layer outside its pack', async () => {
    await expect(loadTemplate('/nonexistent/template')).rejects.toMatchObject({
      code: 'PDK_TEMPLATE',
      message: expect.stringContaining('there is no folder'),
    })
    await expect(loadTemplate(out)).rejects.toMatchObject({ message: expect.stringContaining('has no template.json') })
    const dir = await mkdtemp(join(tmpdir(), 'pdk-template-layer-'))
    try {
      await mkdir(join(dir, 't'))
      await writeFile(
        join(dir, 't', 'template.json'),
        JSON.stringify({ templateVersion: 1, name: 't', description: 'T', type: 'host', layers: ['../../elsewhere'] }),
      )
      await expect(loadTemplate(join(dir, 't'))).rejects.toMatchObject({ details: { pointer: '/layers/0' } })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
