import { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { initError } from './init-error.js'

/** The folder a project goes to, as found before anything is written. */
export interface Target {
  dir: string
  exists: boolean
  /** Entries already there (empty unless `--force`). */
  existing: string[]
}

/**
 * Checks where the project goes: refuses a file, a path under a file, and a non-empty folder
 * without `force`. Reads only.
 */
export async function checkTarget(dir: string, force: boolean): Promise<Target> {
  let stats: Awaited<ReturnType<typeof lstat>>
  try {
    stats = await lstat(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { dir, exists: false, existing: [] }
    if (code === 'ENOTDIR') {
      throw await initError('PDK_IO', `Cannot create "${dir}": part of that path is a file, not a folder.`, {
        hint: 'Choose another folder with --dir, or another NAME.',
        details: { file: dir, code },
      })
    }
    throw await initError('PDK_IO', `Cannot use "${dir}": ${(error as Error).message}`, {
      details: { file: dir, code },
      cause: error,
    })
  }
  if (!stats.isDirectory()) {
    throw await initError('PDK_IO', `"${dir}" is a file, not a folder: pdk init creates a project folder there.`, {
      hint: 'Choose another folder with --dir, or another NAME.',
      details: { file: dir },
    })
  }
  const existing = (await readdir(dir)).sort()
  if (existing.length > 0 && !force) {
    const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? `, and ${existing.length - 5} more` : '')
    throw await initError(
      'PDK_TARGET_NOT_EMPTY',
      `"${dir}" is not empty (${shown}); pdk init will not write over it.`,
      {
        hint: 'Use another folder (--dir or another NAME), or pass --force to write the template into it (files it has are replaced).',
        details: { file: dir, existing: existing.slice(0, 20) },
      },
    )
  }
  return { dir, exists: true, existing }
}

/** A staging folder beside the target (same file system, so moving it into place is a rename). */
export interface Staging {
  dir: string
  /** Removes the staging folder and any parent folder this run created. */
  discard(): Promise<void>
}

/** Creates the staging folder, and the target's missing parents. */
export async function createStaging(target: string): Promise<Staging> {
  const parent = dirname(target)
  const createdParent = await mkdir(parent, { recursive: true })
  const dir = await mkdtemp(join(parent, `.${basename(target)}.pdk-init-`))
  // mkdtemp makes it private (0700); the project folder it becomes is an ordinary one.
  await chmod(dir, 0o755)
  return {
    dir,
    async discard() {
      await rm(dir, { recursive: true, force: true })
      if (createdParent) await rm(createdParent, { recursive: true, force: true })
    },
  }
}

/**
 * Moves the staged project into place: one rename onto a missing or empty folder; with
 * `--force` into a non-empty one, entry by entry (the template's files replace same-named ones).
 */
export async function moveIntoPlace(staging: string, target: Target): Promise<void> {
  if (target.existing.length === 0) {
    // rename(2) replaces an empty folder.
    await rename(staging, target.dir)
    return
  }
  await mergeInto(staging, target.dir)
  await rm(staging, { recursive: true, force: true })
}

async function mergeInto(from: string, to: string): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name)
    const dest = join(to, entry.name)
    const there = await lstat(dest).catch(() => undefined)
    if (entry.isDirectory() && there?.isDirectory()) await mergeInto(source, dest)
    else {
      if (there) await rm(dest, { recursive: true, force: true })
      await rename(source, dest)
    }
  }
}
