import { verify } from 'node:crypto'
import type { Finding } from '@pdk/core'
import { publicKeyFrom } from './key-id.js'
import { type SignatureDocument, signedPayload } from './signature-file.js'
import type { TrustedKey } from './trust-store.js'

/** What checking a signature against a package's actual files found. */
export interface SignatureCheck {
  /** The signature is cryptographically valid over what the signature file lists. */
  valid: boolean
  /** The signing key is in the trust file. */
  trusted: boolean
  /** Every file matches what was signed. */
  filesMatch: boolean
  findings: Finding[]
}

const RESIGN = 'Sign the package again with `pdk sign` after changing it, or get an untampered copy.'

/**
 * Checks a parsed signature document against the digests of the files actually in the package
 * (`actual`, from the folder or tarball) and the trusted keys. Reports every problem, each
 * with its own rule: invalid signature, untrusted key, changed manifest, changed, added or
 * removed file.
 */
export function checkSignature(
  doc: SignatureDocument,
  actual: Record<string, string>,
  trusted: readonly TrustedKey[],
  file: string,
): SignatureCheck {
  const findings: Finding[] = []
  let valid = false
  try {
    valid = verify(null, signedPayload(doc), publicKeyFrom(doc.publicKey), Buffer.from(doc.signature, 'base64'))
  } catch {
    valid = false
  }
  if (!valid) {
    findings.push({
      rule: 'signature/invalid',
      severity: 'error',
      message: `The signature in "${file}" does not match its content: the signature file was altered after signing.`,
      pointer: '/signature',
      file,
      hint: RESIGN,
    })
  }
  const trustedKey = trusted.find((k) => k.keyId === doc.keyId)
  if (!trustedKey) {
    findings.push({
      rule: 'signature/untrusted-key',
      severity: 'error',
      message: `"${doc.name}@${doc.version}" is signed by key ${doc.keyId}, which is not in the trusted keys.`,
      pointer: '/keyId',
      file,
      found: doc.keyId,
      hint: 'If you trust the publisher, add their public key with `pdk keys trust PUBFILE` (or pass `--trusted FILE`).',
    })
  }
  let filesMatch = true
  for (const [path, digest] of Object.entries(doc.files)) {
    const now = actual[path]
    if (now === undefined) {
      filesMatch = false
      findings.push({
        rule: 'signature/file-removed',
        severity: 'error',
        message: `"${path}" was signed but is missing from "${doc.name}@${doc.version}".`,
        file: path,
        expected: digest,
        hint: RESIGN,
      })
    } else if (now !== digest) {
      filesMatch = false
      const manifest = path === 'package.json'
      findings.push({
        rule: manifest ? 'signature/manifest-changed' : 'signature/file-changed',
        severity: 'error',
        message: manifest
          ? `The manifest package.json of "${doc.name}@${doc.version}" changed after it was signed.`
          : `"${path}" in "${doc.name}@${doc.version}" changed after it was signed.`,
        file: path,
        expected: digest,
        found: now,
        hint: RESIGN,
      })
    }
  }
  for (const path of Object.keys(actual)) {
    if (!(path in doc.files)) {
      filesMatch = false
      findings.push({
        rule: 'signature/file-added',
        severity: 'error',
        message: `"${path}" is in "${doc.name}@${doc.version}" but was not signed.`,
        file: path,
        found: actual[path],
        hint: RESIGN,
      })
    }
  }
  return { valid, trusted: trustedKey !== undefined, filesMatch, findings }
}
