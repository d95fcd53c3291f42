import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { PdkError } from '@pdk/core'
import { keysDir } from './config-dir.js'
import { keyIdOf } from './key-id.js'

/** A key pair on disk. */
export interface StoredKey {
  name: string
  keyId: string
  publicPath: string
  privatePath: string
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** Writes a new ed25519 key pair as `NAME.key` (PKCS#8 PEM, mode 0600) and `NAME.pub` (SPKI PEM). */
export async function writeKeyPair(dir: string, name: string, force = false): Promise<StoredKey> {
  if (!NAME.test(name)) {
    throw new PdkError('PDK_USAGE', `The key name "${name}" is not usable as a file name.`, {
      hint: 'Use letters, digits, ".", "_" and "-" (at most 64 characters), e.g. `--name release`.',
    })
  }
  const privatePath = join(dir, `${name}.key`)
  const publicPath = join(dir, `${name}.pub`)
  if (!force && (existsSync(privatePath) || existsSync(publicPath))) {
    throw new PdkError('PDK_USAGE', `A key named "${name}" already exists in ${dir}.`, {
      hint: 'Choose another name with `--name`, or pass `--force` to replace it (signatures made with it can then no longer be renewed).',
      details: { file: privatePath },
    })
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  await mkdir(dir, { recursive: true, mode: 0o700 })
  // Written with mode 0600 from the start, so the private key is never readable by others, even briefly.
  await writeFile(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  await chmod(privatePath, 0o600)
  await writeFile(publicPath, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 })
  return { name, keyId: keyIdOf(publicKey), publicPath, privatePath }
}

/** The key pairs in a keys folder, by name. */
export async function listKeyPairs(dir: string): Promise<StoredKey[]> {
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch {
    return []
  }
  const keys: StoredKey[] = []
  for (const entry of entries.filter((e) => e.endsWith('.pub')).sort()) {
    const name = entry.slice(0, -4)
    const publicPath = join(dir, entry)
    try {
      const keyId = keyIdOf(createPublicKey(await readFile(publicPath, 'utf8')))
      keys.push({ name, keyId, publicPath, privatePath: join(dir, `${name}.key`) })
    } catch {
      // A file that is not a public key is not one of ours; list the rest.
    }
  }
  return keys
}

/**
 * Loads a private key by name (in pdk's keys folder) or by path (anything with a slash or
 * ending in `.key`/`.pem`), relative to `cwd`.
 */
export async function loadPrivateKey(
  ref: string,
  cwd: string,
  configDir?: string,
): Promise<{ key: KeyObject; publicKey: KeyObject; keyId: string; path: string }> {
  const looksLikePath = ref.includes('/') || ref.includes('\\') || /\.(key|pem)$/.test(ref) || isAbsolute(ref)
  const path = looksLikePath ? resolve(cwd, ref) : join(keysDir(configDir), `${ref}.key`)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new PdkError('PDK_SIGNATURE', `No private key "${ref}" at ${path}.`, {
      hint: looksLikePath
        ? 'Check the path given to `--key` (or `sign.key` in pdk.config.json).'
        : `Create it with \`pdk keys generate --name ${ref}\`, or pass a key file with \`--key\`.`,
      details: { file: path },
      cause: error,
    })
  }
  let key: KeyObject
  try {
    key = createPrivateKey(text)
  } catch (error) {
    throw new PdkError('PDK_SIGNATURE', `The file ${path} is not a private key in PEM form.`, {
      hint: 'Pass the `.key` file that `pdk keys generate` wrote.',
      details: { file: path },
      cause: error,
    })
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new PdkError('PDK_SIGNATURE', `The key ${path} is ${key.asymmetricKeyType}, but pdk signs with ed25519.`, {
      hint: 'Create an ed25519 key with `pdk keys generate`.',
      details: { file: path },
    })
  }
  const publicKey = createPublicKey(key)
  return { key, publicKey, keyId: keyIdOf(publicKey), path }
}
