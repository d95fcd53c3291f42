import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The workspace's packages folder (for symlinking `@pdk/core` into a fixture). */
export const PACKAGES_DIR = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))))

/** A symlink target: `{ link: '/abs/path' }` makes the file a symlink to that path. */
export interface FixtureLink {
  link: string
}

/** A fixture file: text, an object written as JSON, or a symlink. */
export type FixtureFile = string | FixtureLink | Record<string, unknown> | unknown[]

/** `node_modules/@pdk/core` linked to this checkout's built @pdk/core. */
export const linkCore: Record<string, FixtureFile> = {
  'node_modules/@pdk/core': { link: join(PACKAGES_DIR, 'core') },
}

/**
 * Writes `files` (path relative to the fixture → content) into a new temporary folder and
 * returns its path. `cleanup()` on the result removes it.
 * @example const dir = await fixtureDir({ 'package.json': { name: 'x' }, 'src/index.ts': 'export {}', ...linkCore })
 */
export async function fixtureDir(files: Record<string, FixtureFile>, prefix = 'pdk-fixture-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  await writeFixtureFiles(dir, files)
  return dir
}

/** Writes (or overwrites) files into an existing fixture folder. */
export async function writeFixtureFiles(dir: string, files: Record<string, FixtureFile>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path)
    await mkdir(dirname(file), { recursive: true })
    if (isLink(content)) await symlink(content.link, file, 'dir')
    else await writeFile(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`)
  }
}

/** Removes a fixture folder. */
export function removeFixture(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true })
}

function isLink(content: FixtureFile): content is FixtureLink {
  return (
    typeof content === 'object' &&
    content !== null &&
    !Array.isArray(content) &&
    typeof (content as FixtureLink).link === 'string' &&
    Object.keys(content).length === 1
  )
}
