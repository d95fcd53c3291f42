import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Replaces the folder `target` with exactly `files` (path relative to `target` → content), or
 * leaves it untouched. Files are written into a hidden sibling folder first (same file system),
 * then two renames swap it in; a failure before the swap removes the sibling and nothing else.
 */
export async function replaceDir(target: string, files: Map<string, string | Uint8Array>): Promise<void> {
  const id = `${process.pid}-${randomBytes(4).toString('hex')}`
  const staging = join(dirname(target), `.${basename(target)}.pdk-new-${id}`)
  const old = join(dirname(target), `.${basename(target)}.pdk-old-${id}`)
  try {
    const dirs = new Set<string>([staging])
    for (const file of files.keys()) dirs.add(dirname(join(staging, file)))
    // Parents before children; mkdir of an existing folder is a no-op.
    for (const dir of [...dirs].sort((a, b) => a.length - b.length)) await mkdir(dir, { recursive: true })
    await Promise.all([...files].map(([file, content]) => writeFile(join(staging, file), content)))
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw error
  }
  let moved = false
  try {
    await rename(target, old)
    moved = true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      await rm(staging, { recursive: true, force: true })
      throw error
    }
  }
  try {
    await rename(staging, target)
  } catch (error) {
    if (moved) await rename(old, target)
    await rm(staging, { recursive: true, force: true })
    throw error
  }
  if (moved) await rm(old, { recursive: true, force: true })
}
