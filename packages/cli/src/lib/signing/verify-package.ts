import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Finding } from '@pdk/core'
import { listPackageFiles } from '../registry/package-files.js'
import type { PackageJson } from '../registry/read-package.js'
import { checkSignature } from './check-signature.js'
import { fileDigests, memoryDigests, SIGNATURE_FILE } from './file-digests.js'
import { parseSignatureFile } from './signature-file.js'
import type { TrustedKey } from './trust-store.js'

/** The verdict on one package's signature. */
export interface PackageVerdict {
  ok: boolean
  name: string | undefined
  version: string | undefined
  keyId: string | undefined
  signed: boolean
  trusted: boolean
  /** Number of files compared. */
  files: number
  findings: Finding[]
}

/** Verifies the signature of an unpacked package folder against the files `pack` would include. */
export async function verifyFolder(
  dir: string,
  pkg: PackageJson,
  trusted: readonly TrustedKey[],
): Promise<PackageVerdict> {
  const text = await readFile(join(dir, SIGNATURE_FILE), 'utf8').catch(() => undefined)
  return verdict(text, pkg, trusted, async (signed) => fileDigests(dir, await packedFiles(dir, pkg, signed)))
}

/**
 * The files `pack` would include, without npm-packlist's rule matching when a plain walk
 * already settles it: if the folder holds exactly the signed files (nothing else but
 * node_modules and the signature file), every ignore rule is in a signed file (package.json)
 * or absent (.npmignore and .gitignore are never packed, so their presence would be an
 * extra file), so npm-packlist would list exactly these files. Any difference, a bundled
 * dependency or a symbolic link goes through npm-packlist. An installed package, unpacked
 * from its tarball, always takes the walk.
 */
async function packedFiles(dir: string, pkg: PackageJson, signed: readonly string[]): Promise<string[]> {
  const bundled = pkg.bundleDependencies ?? pkg.bundledDependencies
  const walked = bundled ? undefined : await walkFiles(dir)
  if (walked) {
    const found = walked.filter((f) => f !== SIGNATURE_FILE)
    const want = new Set(signed)
    if (found.length === want.size && found.every((f) => want.has(f))) return found
  }
  return listPackageFiles(dir, pkg)
}

/** Every regular file under `dir` (POSIX paths), node_modules folders skipped; undefined when anything else (a link) is there. */
async function walkFiles(root: string): Promise<string[] | undefined> {
  const out: string[] = []
  let plain = true
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(root, rel), { withFileTypes: true })
    await Promise.all(
      entries.map(async (e) => {
        const path = rel ? `${rel}/${e.name}` : e.name
        if (e.isDirectory()) {
          if (e.name !== 'node_modules') await walk(path)
        } else if (e.isFile()) out.push(path)
        else plain = false
      }),
    )
  }
  await walk('')
  return plain ? out : undefined
}

/** Verifies the signature of a package from its tarball's files (in memory). */
export async function verifyFiles(
  files: ReadonlyMap<string, Uint8Array>,
  trusted: readonly TrustedKey[],
): Promise<PackageVerdict> {
  let pkg: PackageJson = {}
  try {
    pkg = JSON.parse(Buffer.from(files.get('package.json') ?? '').toString('utf8')) as PackageJson
  } catch {
    // A manifest that is not JSON still gets its verdict: its digest will not match.
  }
  const sig = files.get(SIGNATURE_FILE)
  return verdict(sig === undefined ? undefined : Buffer.from(sig).toString('utf8'), pkg, trusted, async () =>
    memoryDigests(files),
  )
}

async function verdict(
  text: string | undefined,
  pkg: PackageJson,
  trusted: readonly TrustedKey[],
  digests: (signed: string[]) => Promise<Record<string, string>>,
): Promise<PackageVerdict> {
  const base = { name: pkg.name, version: pkg.version, keyId: undefined, signed: false, trusted: false, files: 0 }
  if (text === undefined) {
    return {
      ...base,
      ok: false,
      findings: [
        {
          rule: 'signature/missing',
          severity: 'error',
          message: `"${pkg.name}@${pkg.version}" has no ${SIGNATURE_FILE}: it is not signed.`,
          file: SIGNATURE_FILE,
          hint: 'Ask the publisher for a signed release (`pdk sign` before `pdk publish`), or install without requiring signatures.',
        },
      ],
    }
  }
  const parsed = parseSignatureFile(text, SIGNATURE_FILE)
  if (!parsed.doc) return { ...base, signed: true, ok: false, findings: parsed.findings }
  const actual = await digests(Object.keys(parsed.doc.files))
  const check = checkSignature(parsed.doc, actual, trusted, SIGNATURE_FILE)
  return {
    ok: check.findings.length === 0,
    name: parsed.doc.name,
    version: parsed.doc.version,
    keyId: parsed.doc.keyId,
    signed: true,
    trusted: check.trusted,
    files: Object.keys(actual).length,
    findings: check.findings,
  }
}
