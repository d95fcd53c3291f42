import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { PdkError } from '@pdk/core'
import { keyIdOf, publicKeyFrom } from './key-id.js'

/** One trusted public key. */
export interface TrustedKey {
  keyId: string
  name: string
  /** base64 DER (SPKI). */
  publicKey: string
  added: string
}

/** The trust file: `{ "version": 1, "keys": [...] }`. */
export interface TrustFile {
  version: 1
  keys: TrustedKey[]
}

/** Reads a trust file; a missing file trusts nobody. A malformed one is an error, never an empty trust. */
export async function readTrustFile(path: string): Promise<TrustFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, keys: [] }
    throw new PdkError('PDK_IO', `Cannot read the trust file ${path}: ${(error as Error).message}.`, {
      hint: 'Pass a readable file with `--trusted`.',
      details: { file: path },
      cause: error,
    })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new PdkError('PDK_SIGNATURE', `The trust file ${path} is not JSON: ${(error as Error).message}.`, {
      hint: 'Fix or remove it; `pdk keys trust PUBFILE` writes a valid one.',
      details: { file: path },
    })
  }
  const keys = (data as { keys?: unknown })?.keys
  if (!Array.isArray(keys)) {
    throw new PdkError('PDK_SIGNATURE', `The trust file ${path} has no "keys" array.`, {
      hint: 'Fix or remove it; `pdk keys trust PUBFILE` writes a valid one.',
      details: { file: path, pointer: '/keys' },
    })
  }
  const valid: TrustedKey[] = []
  keys.forEach((k, i) => {
    try {
      const entry = k as TrustedKey
      const id = keyIdOf(publicKeyFrom(entry.publicKey))
      if (id !== entry.keyId) throw new Error(`its key id "${entry.keyId}" does not match the key (${id})`)
      valid.push({
        keyId: id,
        name: String(entry.name ?? ''),
        publicKey: entry.publicKey,
        added: String(entry.added ?? ''),
      })
    } catch (error) {
      throw new PdkError(
        'PDK_SIGNATURE',
        `The trust file ${path} has a bad key at /keys/${i}: ${(error as Error).message}.`,
        {
          hint: 'Remove that entry and add the key again with `pdk keys trust PUBFILE`.',
          details: { file: path, pointer: `/keys/${i}` },
        },
      )
    }
  })
  return { version: 1, keys: valid }
}

/** Adds a public key (PEM or base64 DER text) to a trust file, written atomically. Returns the entry and whether it was new. */
export async function addTrustedKey(
  path: string,
  publicKeyText: string,
  name: string,
): Promise<{ entry: TrustedKey; added: boolean }> {
  const key = publicKeyFrom(publicKeyText)
  const keyId = keyIdOf(key)
  const trust = await readTrustFile(path)
  const existing = trust.keys.find((k) => k.keyId === keyId)
  if (existing) return { entry: existing, added: false }
  const entry: TrustedKey = {
    keyId,
    name,
    publicKey: key.export({ type: 'spki', format: 'der' }).toString('base64'),
    added: new Date().toISOString(),
  }
  trust.keys.push(entry)
  await mkdir(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.tmp`
  await writeFile(temp, `${JSON.stringify(trust, null, 2)}\n`)
  await rename(temp, path)
  return { entry, added: true }
}
