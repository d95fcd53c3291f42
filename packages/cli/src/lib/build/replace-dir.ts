import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** A new hidden folder next to `target` (same file system, so a rename can swap it in). */
export function stagingDir(target: string): string {
  return join(dirname(target), `.${basename(target)}.pdk-new-${process.pid}-${randomBytes(4).toString('hex')}`)
}

/**
 * Puts the folder `staging` in the place of `target` with two renames; the old `target` is
 * removed afterwards. When the swap fails, `target` is as it was and `staging` is removed.
 */
export async function swapDir(staging: string, target: string): Promise<void> {
  const old = join(dirname(target), `.${basename(target)}.pdk-old-${process.pid}-${randomBytes(4).toString('hex')}`)
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
    await mkdir(dirname(target), { recursive: true })
    await rename(staging, target)
  } catch (error) {
    if (moved) await rename(old, target)
    await rm(staging, { recursive: true, force: true })
    throw error
  }
  if (moved) await rm(old, { recursive: true, force: true })
}

/**
 * Replaces the folder `target` with exactly `files` (path relative to `target` → content), or
 * leaves it untouched: files are written into a staging folder first, then swapped in.
 */
export async function replaceDir(target: string, files: Map<string, string | Uint8Array>): Promise<void> {
  const staging = stagingDir(target)
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
  await swapDir(staging, target)
}
