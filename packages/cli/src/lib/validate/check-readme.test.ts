import { afterEach, describe, expect, it } from 'vitest'
import { fixtureDir, removeFixture } from '../../../test/helpers/fixture-dir.js'
import { checkReadme, TEMPLATE_README_MARKER } from './check-readme.js'

const dirs: string[] = []
const dir = async (files: Record<string, string>) => {
  const d = await fixtureDir(files)
  dirs.push(d)
  return d
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeFixture))
})

describe('checkReadme', () => {
  it('passes a README with text, whatever its case and extension', async () => {
    expect(await checkReadme(await dir({ 'readme.markdown': '# x\n\nDoes things.\n' }))).toEqual([])
  })
  it('reports a missing README', async () => {
    const [finding] = await checkReadme(await dir({ 'package.json': '{}' }))
    expect(finding).toMatchObject({
      rule: 'package/readme',
      severity: 'error',
      file: 'README.md',
      hint: expect.any(String),
    })
  })
  it('reports an empty README', async () => {
    const [finding] = await checkReadme(await dir({ 'README.md': '\n  \n' }))
    expect(finding).toMatchObject({
      rule: 'package/readme',
      file: 'README.md',
      line: 1,
      message: 'README.md is empty.',
    })
  })
  it("warns about the template's untouched README, at the marker's line", async () => {
    const [finding] = await checkReadme(await dir({ 'README.md': `# x\n\n${TEMPLATE_README_MARKER}\nText\n` }))
    expect(finding).toMatchObject({ rule: 'package/readme-untouched', severity: 'warn', file: 'README.md', line: 3 })
  })
})
