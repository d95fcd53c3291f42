import { sign } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { type Progress, silentProgress } from '../render/progress.js'
import { readPdkConfig } from './host-project/read-pdk-config.js'
import { listPackageFiles } from './registry/package-files.js'
import { nameAndVersion, readPackage } from './registry/read-package.js'
import { fileDigests, SIGNATURE_FILE } from './signing/file-digests.js'
import { publicKeyText } from './signing/key-id.js'
import { loadPrivateKey } from './signing/key-store.js'
import { type SignatureDocument, signedPayload } from './signing/signature-file.js'

export interface SignOptions {
  /** The package folder. */
  cwd: string
  /** A key name in pdk's config folder or a key file. @default `sign.key` of pdk.config.json, else "default" */
  key?: string
  configDir?: string
  progress?: Progress
}

export interface SignResult {
  ok: true
  name: string
  version: string
  keyId: string
  /** The signature file written. */
  file: string
  /** The signed files, by path, with their sha512. */
  files: Record<string, string>
}

/**
 * Signs the sha512 of every file that `pack` would include (package.json too, the signature
 * file itself excluded) with an ed25519 key, into `pdk-signature.json`.
 */
export async function signPlugin(options: SignOptions): Promise<SignResult> {
  const cwd = resolve(options.cwd)
  const progress = options.progress ?? silentProgress
  const ref = options.key ?? (await readPdkConfig(cwd)).sign?.key ?? 'default'
  const key = await loadPrivateKey(ref, cwd, options.configDir)
  const pkg = await readPackage(cwd)
  const { name, version } = nameAndVersion(pkg, cwd)
  const files = await progress.task(`Sign ${name}@${version}`, async () =>
    fileDigests(cwd, await listPackageFiles(cwd, pkg)),
  )
  const unsigned: Omit<SignatureDocument, 'signature'> = {
    format: 1,
    algorithm: 'ed25519',
    keyId: key.keyId,
    publicKey: publicKeyText(key.publicKey),
    name,
    version,
    files,
  }
  const signature = sign(null, signedPayload(unsigned), key.key).toString('base64')
  const file = join(cwd, SIGNATURE_FILE)
  await writeFile(file, `${JSON.stringify({ ...unsigned, signature }, null, 2)}\n`)
  return { ok: true, name, version, keyId: key.keyId, file, files }
}
