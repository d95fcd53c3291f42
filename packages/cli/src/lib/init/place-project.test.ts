import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkTarget, createStaging, moveIntoPlace } from './place-project.js'

describe('placing a project', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pdk-place-'))
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('stages beside the target, with missing parents, and moves it into place with one rename', async () => {
    const target = join(root, 'a', 'b', 'project')
    const state = await checkTarget(target, false)
    expect(state).toEqual({ dir: target, exists: false, existing: [] })
    const staging = await createStaging(target)
    expect(staging.dir.startsWith(join(root, 'a', 'b', '.project.pdk-init-'))).toBe(true)
    expect((await stat(staging.dir)).mode & 0o777).toBe(0o755)
    await writeFile(join(staging.dir, 'file.txt'), 'x')
    await moveIntoPlace(staging.dir, state)
    expect(await readdir(join(root, 'a', 'b'))).toEqual(['project'])
  })

  it('discards the staging folder and the parents it created', async () => {
    const staging = await createStaging(join(root, 'c', 'd', 'project'))
    await writeFile(join(staging.dir, 'half-written'), '')
    await staging.discard()
    expect(await readdir(root)).not.toContain('c')
  })

  it('merges into a non-empty folder with --force, replacing same-named files and keeping the others', async () => {
    const target = join(root, 'busy')
    await mkdir(join(target, 'src'), { recursive: true })
    await writeFile(join(target, 'src', 'mine.ts'), 'mine')
    await writeFile(join(target, 'README.md'), 'old')
    await expect(checkTarget(target, false)).rejects.toMatchObject({ code: 'PDK_TARGET_NOT_EMPTY' })
    const state = await checkTarget(target, true)
    const staging = await createStaging(target)
    await mkdir(join(staging.dir, 'src'))
    await writeFile(join(staging.dir, 'src', 'index.ts'), 'new')
    await writeFile(join(staging.dir, 'README.md'), 'new')
    await moveIntoPlace(staging.dir, state)
    expect((await readdir(join(target, 'src'))).sort()).toEqual(['index.ts', 'mine.ts'])
    expect(await readFile(join(target, 'README.md'), 'utf8')).toBe('new')
    expect((await readdir(root)).filter((e) => e.includes('pdk-init'))).toEqual([])
  })

  it('refuses a file and a path through a file', async () => {
    await writeFile(join(root, 'plain'), '')
    await expect(checkTarget(join(root, 'plain'), true)).rejects.toMatchObject({
      code: 'PDK_IO',
      message: expect.stringContaining('is a file'),
    })
    await expect(checkTarget(join(root, 'plain', 'x'), true)).rejects.toMatchObject({
      message: expect.stringContaining('part of that path is a file'),
    })
  })
})
