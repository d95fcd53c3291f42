import { describe, expect, it } from 'vitest'
import { BUILTIN_TEMPLATES, loadTemplate } from './load-template.js'
import { renderTemplateFiles } from './render-template.js'
import { createTemplateContext, type PackageManager, VERSIONS } from './template-context.js'
import type { TemplateValue } from './template-manifest.js'

const MANAGERS: PackageManager[] = ['npm', 'pnpm', 'yarn']

const CI_INSTALL: Record<PackageManager, string> = {
  npm: 'npm ci',
  pnpm: 'pnpm install --frozen-lockfile',
  yarn: 'yarn install --frozen-lockfile',
}

/** Every built-in template rendered with defaults for one package manager: its files by path. */
async function render(templateName: string, packageManager: PackageManager): Promise<Map<string, string>> {
  const template = await loadTemplate(templateName)
  const vars = Object.fromEntries(
    Object.entries(template.manifest.variables ?? {}).map(([k, v]) => [k, v.default as TemplateValue]),
  )
  const context = createTemplateContext({
    name: 'pdk-plugin-variant',
    description: 'A pdk plugin',
    kind: template.manifest.kind ?? 'extension',
    host: { name: 'example-host', range: '^1.0.0' },
    author: 'Ada',
    license: 'MIT',
    packageManager,
    vars,
  })
  const files = await renderTemplateFiles(template, context)
  return new Map(files.map((f) => [f.path, f.content.toString()]))
}

// The e2e tests install one project per manager; this holds every template to the same text.
describe.each(BUILTIN_TEMPLATES)('template %s, per package manager', (templateName) => {
  it.each(MANAGERS)('%s: its CI installs with its lockfile, its package.json suits how it installs', async (pm) => {
    const files = await render(templateName, pm)
    const workflows = [...files].filter(([path]) => path.startsWith('.github/workflows/'))
    expect(workflows.length).toBeGreaterThan(0)
    for (const [path, text] of workflows) {
      expect(text, path).toContain(`cache: ${pm}`)
      expect(text, path).toContain(`- run: ${CI_INSTALL[pm]}\n`)
      expect(text.includes('pnpm/action-setup'), path).toBe(pm === 'pnpm')
      expect(text, path).not.toContain('corepack')
      for (const other of MANAGERS.filter((m) => m !== pm)) expect(text, path).not.toContain(`run: ${other} `)
    }
    const pkg = JSON.parse(files.get('package.json')!)
    // yarn classic installs no peer dependencies: vitest's peer vite is listed for it.
    expect(pkg.devDependencies.vite).toBe(pm === 'yarn' ? VERSIONS.vite : undefined)
    expect(pkg.pnpm !== undefined).toBe(pm === 'pnpm')
    const readme = files.get('README.md')!
    expect(readme).toContain(`${pm} install`)
    if (pm !== 'npm') expect(readme).not.toMatch(/`(npx|npm run|npm install|npm ci)\b/)
  })
})
