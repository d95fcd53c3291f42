import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

/**
 * The digest of an unpacked plugin folder: sha512 over the sorted list of its files' sha512s,
 * one `<sha512-base64> <path>` line per file (POSIX paths, sorted by path), so renaming or
 * moving a file changes it as surely as editing one. Nested `node_modules` folders (npm
 * dependencies installed inside the plugin) are not the plugin's own files and are left out;
 * symbolic links are not followed.
 */
export async function computeDigest(dir: string): Promise<string> {
  const files = (await listFiles(dir)).sort()
  const hashes = await Promise.all(
    files.map(async (path) =>
      createHash('sha512')
        .update(await readFile(join(dir, path)))
        .digest('base64'),
    ),
  )
  const list = createHash('sha512')
  files.forEach((path, i) => {
    list.update(`sha512-${hashes[i]} ${path}\n`)
  })
  return `sha512-${list.digest('base64')}`
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true })
    await Promise.all(
      entries.map(async (entry) => {
        const full = join(dir, entry.name)
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules') await walk(full)
        } else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'))
      }),
    )
  }
  await walk(root)
  return out
}
