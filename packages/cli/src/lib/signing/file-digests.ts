import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The name of the signature file inside a package; never part of what it signs. */
export const SIGNATURE_FILE = 'pdk-signature.json'

/** `sha512-<base64>` of some bytes: the Subresource Integrity form npm uses. */
export function sha512Of(data: Uint8Array | string): string {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`
}

/**
 * The sha512 of each file of `files` (paths relative to `dir`, POSIX separators), sorted by
 * path, without the signature file.
 */
export async function fileDigests(dir: string, files: readonly string[]): Promise<Record<string, string>> {
  const wanted = [...new Set(files)].filter((f) => f !== SIGNATURE_FILE).sort()
  const digests = await Promise.all(wanted.map(async (f) => sha512Of(await readFile(join(dir, f)))))
  const out: Record<string, string> = {}
  wanted.forEach((f, i) => {
    out[f] = digests[i] as string
  })
  return out
}

/** Digests of in-memory files (a tarball's entries), sorted by path, without the signature file. */
export function memoryDigests(files: ReadonlyMap<string, Uint8Array>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const path of [...files.keys()].sort()) {
    if (path === SIGNATURE_FILE) continue
    out[path] = sha512Of(files.get(path) as Uint8Array)
  }
  return out
}
