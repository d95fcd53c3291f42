import { normalize } from 'node:path'
import { create } from 'tar'
import type { PackageJson } from './read-package.js'

// npm's fixed timestamp for every entry, so the same files always give the same tarball.
const NPM_MTIME = new Date('1985-10-26T08:15:00.000Z')

/**
 * Packs `files` of the package in `dir` exactly as npm does (pacote's tar options: `package/`
 * prefix, portable headers, gzip level 9, npm's fixed mtime, bins made executable), so the
 * integrity matches what `npm pack` prints for the same file list.
 */
export async function createTarball(dir: string, pkg: PackageJson, files: readonly string[]): Promise<Buffer> {
  const bins = binPaths(pkg)
  const stream = create(
    {
      cwd: dir,
      prefix: 'package/',
      portable: true,
      gzip: { level: 9 },
      mtime: NPM_MTIME,
      // The same test as pacote's is-package-bin (first path segment dropped), so modes match npm's bit for bit.
      filter: (path, stat) => {
        if (bins.has(path.replace(/^[^\\/]*\//, ''))) (stat as { mode: number }).mode |= 0o111
        return true
      },
    },
    [...files],
  )
  const chunks: Buffer[] = []
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

function binPaths(pkg: PackageJson): Set<string> {
  const bin = pkg.bin
  const values = typeof bin === 'string' ? [bin] : bin && typeof bin === 'object' ? Object.values(bin) : []
  return new Set(values.filter((v) => typeof v === 'string').map((v) => normalize(v).replace(/\\/g, '/')))
}
