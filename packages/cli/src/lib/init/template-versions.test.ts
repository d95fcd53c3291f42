import { readFile } from 'node:fs/promises'
import { VERSIONS } from '@pdk/templates'
import { describe, expect, it } from 'vitest'

// A scaffolded project uses the same TypeScript, Vitest and Node range as @pdk/cli itself:
// two vitest copies break matchers, and pdk's declarations are made with its TypeScript.
describe('the versions templates write', () => {
  it('are those of @pdk/cli', async () => {
    const cli = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8'))
    expect(VERSIONS.node).toBe(cli.engines.node)
    expect(VERSIONS.typescript).toBe(cli.dependencies.typescript)
    expect(VERSIONS.vitest).toBe(cli.dependencies.vitest)
    expect(VERSIONS.typesNode).toBe(cli.devDependencies['@types/node'])
  })
})
