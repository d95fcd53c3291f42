import { readFile } from 'node:fs/promises'
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
  return verdict(text, pkg, trusted, async () => fileDigests(dir, await listPackageFiles(dir, pkg)))
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
  digests: () => Promise<Record<string, string>>,
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
  const actual = await digests()
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
