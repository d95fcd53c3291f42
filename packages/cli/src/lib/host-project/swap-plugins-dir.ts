import { existsSync } from 'node:fs'
import { readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** The staging folder of one install: beside pluginsDir, so the final rename stays on one file system. */
export function stagingDirFor(pluginsDir: string): string {
  return join(dirname(pluginsDir), `.${basename(pluginsDir)}.pdk-staging-${process.pid}-${Date.now().toString(36)}`)
}

function asideDirFor(pluginsDir: string): string {
  return join(dirname(pluginsDir), `.${basename(pluginsDir)}.pdk-old`)
}

/**
 * Swaps a finished staging folder in. Node has no atomic exchange of two folders, so the old
 * folder is renamed aside and the staging folder renamed into place: the only window in which
 * pluginsDir is missing is between two renames, and `recoverPluginsDir` closes it on the next run.
 */
export async function swapPluginsDir(staging: string, pluginsDir: string): Promise<void> {
  const aside = asideDirFor(pluginsDir)
  await rm(aside, { recursive: true, force: true })
  if (existsSync(pluginsDir)) await rename(pluginsDir, aside)
  await rename(staging, pluginsDir)
  await rm(aside, { recursive: true, force: true })
}

/**
 * Undoes what an interrupted install left: puts the old plugins folder back when the process
 * died between the two renames, and removes staging folders whose process is gone.
 */
export async function recoverPluginsDir(pluginsDir: string): Promise<void> {
  const aside = asideDirFor(pluginsDir)
  if (!existsSync(pluginsDir) && existsSync(aside)) await rename(aside, pluginsDir)
  else if (existsSync(aside)) await rm(aside, { recursive: true, force: true })
  const parent = dirname(pluginsDir)
  const prefix = `.${basename(pluginsDir)}.pdk-staging-`
  const entries = await readdir(parent).catch(() => [] as string[])
  await Promise.all(
    entries
      .filter((e) => e.startsWith(prefix))
      .filter((e) => !isAlive(Number(e.slice(prefix.length).split('-')[0])))
      .map((e) => rm(join(parent, e), { recursive: true, force: true })),
  )
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
