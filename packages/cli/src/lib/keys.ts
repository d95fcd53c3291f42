import { readFile } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { PdkError } from '@pdk/core'
import { defaultTrustFile, keysDir, pdkConfigDir } from './signing/config-dir.js'
import { listKeyPairs, type StoredKey, writeKeyPair } from './signing/key-store.js'
import { addTrustedKey, readTrustFile, type TrustedKey } from './signing/trust-store.js'

export interface KeysOptions {
  cwd: string
  /** pdk's config folder. @default `$PDK_CONFIG_DIR`, `$XDG_CONFIG_HOME/pdk` or `~/.config/pdk` */
  configDir?: string
}

/** What `pdk keys generate` made. The private key's content is never part of it. */
export interface GenerateKeyResult extends StoredKey {
  ok: true
}

/** Generates an ed25519 key pair in pdk's config folder (`keys/NAME.key` mode 0600, `keys/NAME.pub`). */
export async function generateKey(
  options: KeysOptions & { name?: string; force?: boolean },
): Promise<GenerateKeyResult> {
  const key = await writeKeyPair(keysDir(options.configDir ?? pdkConfigDir()), options.name ?? 'default', options.force)
  return { ok: true, ...key }
}

export interface TrustKeyResult {
  ok: true
  keyId: string
  name: string
  trustFile: string
  /** False when the key was already trusted. */
  added: boolean
}

/** Adds a public key file to a trust file (default: `trusted-keys.json` in pdk's config folder). */
export async function trustKey(
  options: KeysOptions & { file: string; trusted?: string; name?: string },
): Promise<TrustKeyResult> {
  const file = resolve(options.cwd, options.file)
  const trustFile = options.trusted ? resolve(options.cwd, options.trusted) : defaultTrustFile(options.configDir)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new PdkError('PDK_IO', `Cannot read the public key ${file}: ${(error as Error).message}.`, {
      hint: 'Pass the `.pub` file the publisher shared (made by `pdk keys generate`).',
      details: { file },
      cause: error,
    })
  }
  let result: Awaited<ReturnType<typeof addTrustedKey>>
  try {
    result = await addTrustedKey(trustFile, text, options.name ?? basename(file).replace(/\.pub$/, ''))
  } catch (error) {
    if (error instanceof PdkError) throw error
    throw new PdkError('PDK_USAGE', `${file} is not an ed25519 public key: ${(error as Error).message}.`, {
      hint: 'Pass a `.pub` file written by `pdk keys generate`, never the `.key` file.',
      details: { file },
      cause: error,
    })
  }
  return { ok: true, keyId: result.entry.keyId, name: result.entry.name, trustFile, added: result.added }
}

export interface ListKeysResult {
  ok: true
  keysDir: string
  trustFile: string
  /** Key pairs you can sign with. */
  own: StoredKey[]
  /** Keys whose signatures you accept. */
  trusted: Omit<TrustedKey, 'publicKey'>[]
}

/** Your signing keys and the keys you trust. */
export async function listKeys(options: KeysOptions & { trusted?: string }): Promise<ListKeysResult> {
  const dir = keysDir(options.configDir ?? pdkConfigDir())
  const trustFile = options.trusted ? resolve(options.cwd, options.trusted) : defaultTrustFile(options.configDir)
  const [own, trust] = await Promise.all([listKeyPairs(dir), readTrustFile(trustFile)])
  return {
    ok: true,
    keysDir: dir,
    trustFile,
    own,
    trusted: trust.keys.map(({ keyId, name, added }) => ({ keyId, name, added })),
  }
}
