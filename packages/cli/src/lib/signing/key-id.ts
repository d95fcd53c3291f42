import { createHash, createPublicKey, type KeyObject } from 'node:crypto'

/**
 * The fingerprint of an ed25519 public key, `SHA256:<base64>` over its DER (SPKI) bytes, the
 * way OpenSSH prints fingerprints. It names a key in signatures and trust files.
 */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' })
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`
}

/** A public key from its base64 DER (SPKI) form or PEM text; throws on anything else. */
export function publicKeyFrom(text: string): KeyObject {
  const trimmed = text.trim()
  // createPublicKey accepts a private key too (deriving its public half); a private key must never be handled as shareable.
  if (/PRIVATE KEY/.test(trimmed)) throw new Error('this is a private key; pass the .pub file')
  const key = trimmed.startsWith('-----BEGIN')
    ? createPublicKey(trimmed)
    : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' })
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an ed25519 key, found ${key.asymmetricKeyType}`)
  return key
}

/** The base64 DER (SPKI) form of a public key, as stored in signature and trust files. */
export function publicKeyText(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
}
