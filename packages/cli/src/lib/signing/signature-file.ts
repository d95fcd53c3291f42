import type { Finding } from '@pdk/core'
import { keyIdOf, publicKeyFrom } from './key-id.js'

/** The content of `pdk-signature.json`: what was signed, by which key, and the signature. */
export interface SignatureDocument {
  format: 1
  algorithm: 'ed25519'
  keyId: string
  /** The signer's public key, base64 DER (SPKI). Trust comes from the trust file, not from this. */
  publicKey: string
  name: string
  version: string
  /** `sha512-<base64>` of every packed file but the signature file, by path. */
  files: Record<string, string>
  /** base64 ed25519 signature over `signedPayload(...)`. */
  signature: string
}

/** The exact bytes the signature covers: a canonical JSON of everything but the signature itself. */
export function signedPayload(doc: Omit<SignatureDocument, 'signature'>): Buffer {
  const files: Record<string, string> = {}
  for (const path of Object.keys(doc.files).sort()) files[path] = doc.files[path] as string
  const canonical = {
    format: doc.format,
    algorithm: doc.algorithm,
    keyId: doc.keyId,
    publicKey: doc.publicKey,
    name: doc.name,
    version: doc.version,
    files,
  }
  return Buffer.from(JSON.stringify(canonical), 'utf8')
}

const SRI = /^sha512-[A-Za-z0-9+/]{86}==$/

/**
 * Parses the text of a signature file. Returns the document, or the findings saying why it is
 * empty or malformed (each with a JSON pointer).
 */
export function parseSignatureFile(
  text: string,
  file: string,
): { doc: SignatureDocument; findings: [] } | { doc?: undefined; findings: Finding[] } {
  const fail = (rule: string, message: string, pointer = '', hint?: string) => ({
    findings: [
      {
        rule,
        severity: 'error' as const,
        message,
        pointer,
        file,
        hint: hint ?? 'Sign the package again with `pdk sign`, or get an untampered copy.',
      },
    ],
  })
  if (text.trim() === '') return fail('signature/empty', `The signature file "${file}" is empty.`)
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return fail('signature/malformed', `The signature file "${file}" is not JSON: ${(error as Error).message}.`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail('signature/malformed', `The signature file "${file}" holds ${describe(data)}, not an object.`)
  }
  const d = data as Record<string, unknown>
  if (Object.keys(d).length === 0) return fail('signature/empty', `The signature file "${file}" is an empty object.`)
  const problems: Finding[] = []
  const bad = (pointer: string, expected: string, value: unknown = d[pointer.slice(1)]) =>
    problems.push({
      rule: 'signature/malformed',
      severity: 'error',
      message: `The signature file "${file}" has ${describe(value)} at ${pointer}; expected ${expected}.`,
      pointer,
      file,
      expected,
      found: describe(value),
      hint: 'Sign the package again with `pdk sign`, or get an untampered copy.',
    })
  if (d.format !== 1) bad('/format', 'the number 1')
  if (d.algorithm !== 'ed25519') bad('/algorithm', '"ed25519"')
  for (const key of ['keyId', 'publicKey', 'name', 'version', 'signature'] as const) {
    if (typeof d[key] !== 'string' || d[key] === '') bad(`/${key}`, 'a non-empty string')
  }
  const files = d.files
  if (typeof files !== 'object' || files === null || Array.isArray(files)) bad('/files', 'an object of file digests')
  else if (Object.keys(files).length === 0) {
    problems.push({
      rule: 'signature/empty',
      severity: 'error',
      message: `The signature file "${file}" lists no files at /files.`,
      pointer: '/files',
      file,
      hint: 'Sign the package again with `pdk sign`.',
    })
  } else {
    for (const [path, digest] of Object.entries(files)) {
      if (typeof digest !== 'string' || !SRI.test(digest))
        bad(`/files/${escapePointer(path)}`, 'a "sha512-…" digest', digest)
    }
  }
  if (problems.length === 0 && typeof d.publicKey === 'string') {
    try {
      const id = keyIdOf(publicKeyFrom(d.publicKey))
      if (id !== d.keyId) {
        problems.push({
          rule: 'signature/malformed',
          severity: 'error',
          message: `The signature file "${file}" names key "${String(d.keyId)}" at /keyId, but its public key is "${id}".`,
          pointer: '/keyId',
          file,
          hint: 'Sign the package again with `pdk sign`, or get an untampered copy.',
        })
      }
    } catch (error) {
      problems.push({
        rule: 'signature/malformed',
        severity: 'error',
        message: `The signature file "${file}" has no usable ed25519 public key at /publicKey: ${(error as Error).message}.`,
        pointer: '/publicKey',
        file,
        hint: 'Sign the package again with `pdk sign`, or get an untampered copy.',
      })
    }
  }
  if (problems.length > 0) return { findings: problems }
  return { doc: d as unknown as SignatureDocument, findings: [] }
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1')
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`
}
