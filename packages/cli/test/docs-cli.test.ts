import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain ESM script without types
import { renderCliDoc } from '../scripts/gen-cli-doc.mjs'

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)))

describe('docs/cli.md', () => {
  it('is generated from the current commands (run `node packages/cli/scripts/gen-cli-doc.mjs` to update it)', () => {
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'oclif.manifest.json'), 'utf8'))
    const committed = readFileSync(join(pkgDir, '..', '..', 'docs', 'cli.md'), 'utf8')
    expect(committed).toBe(renderCliDoc(manifest))
  })

  it('documents every command with its flags', () => {
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'oclif.manifest.json'), 'utf8'))
    const doc: string = renderCliDoc(manifest)
    for (const id of Object.keys(manifest.commands)) expect(doc).toContain(`## \`pdk ${id.replaceAll(':', ' ')}\``)
  })
})
