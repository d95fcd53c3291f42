import { randomBytes } from 'node:crypto'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

// Synchronous on purpose: a build writes a handful of small files, and each asynchronous call
// would cost a thread-pool round trip that is longer than the write itself.

/** A new hidden folder next to `target` (same file system, so a rename can swap it in). */
export function stagingDir(target: string): string {
  return join(dirname(target), `.${basename(target)}.pdk-new-${process.pid}-${randomBytes(4).toString('hex')}`)
}

/**
 * Puts the folder `staging` in the place of `target` with two renames; the old `target` is
 * removed afterwards. When the swap fails, `target` is as it was and `staging` is removed.
 */
export function swapDir(staging: string, target: string): void {
  const old = join(dirname(target), `.${basename(target)}.pdk-old-${process.pid}-${randomBytes(4).toString('hex')}`)
  let moved = false
  try {
    renameSync(target, old)
    moved = true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      rmSync(staging, { recursive: true, force: true })
      throw error
    }
  }
  try {
    renameSync(staging, target)
  } catch (error) {
    if (moved) renameSync(old, target)
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
  if (moved) rmSync(old, { recursive: true, force: true })
}

/**
 * Replaces the folder `target` with exactly `files` (path relative to `target` → content), or
 * leaves it untouched: files are written into a staging folder first, then swapped in.
 */
export function replaceDir(target: string, files: Map<string, string | Uint8Array>): void {
  const staging = stagingDir(target)
  try {
    mkdirSync(staging, { recursive: true })
    const made = new Set<string>([staging])
    for (const [file, content] of files) {
      const path = join(staging, file)
      const dir = dirname(path)
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true })
        made.add(dir)
      }
      writeFileSync(path, content)
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
  swapDir(staging, target)
}
