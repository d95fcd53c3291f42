import { createHash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Finding } from '@pdk/core'
import { SIGNATURE_FILE } from '../signing/file-digests.js'
import { checkSpecifiers } from './check-specifiers.js'
import { createTarball } from './create-tarball.js'
import { listPackedFiles } from './package-files.js'
import { nameAndVersion, type PackageJson, readPackage } from './read-package.js'
import { scanSecrets } from './scan-secrets.js'

/** A package made in memory: what `pack` writes and `publish` sends. */
export interface MadePackage {
  pkg: PackageJson
  name: string
  version: string
  files: { path: string; size: number }[]
  /** The tarball, or undefined when findings refused it. */
  data: Buffer | undefined
  integrity: string | undefined
  shasum: string | undefined
  unpackedSize: number
  signed: boolean
  findings: Finding[]
}

/**
 * Lists the files npm would pack, refuses secrets and local dependency specifiers, and packs
 * them (with the signature file) as npm does. Runs no scripts: callers run lifecycle scripts first.
 */
export async function makePackage(dir: string): Promise<MadePackage> {
  const pkg = await readPackage(dir)
  const { name, version } = nameAndVersion(pkg, dir)
  const paths = await listPackedFiles(dir, pkg)
  const sizes = await Promise.all(paths.map(async (p) => (await stat(join(dir, p))).size))
  const files = paths.map((path, i) => ({ path, size: sizes[i] ?? 0 }))
  const findings = [
    ...checkSpecifiers(pkg, join(dir, 'package.json')),
    ...(await scanSecrets(
      dir,
      paths.filter((p) => p !== SIGNATURE_FILE),
    )),
  ]
  const unpackedSize = sizes.reduce((a, b) => a + b, 0)
  const signed = paths.includes(SIGNATURE_FILE)
  if (findings.some((f) => f.severity === 'error')) {
    return {
      pkg,
      name,
      version,
      files,
      data: undefined,
      integrity: undefined,
      shasum: undefined,
      unpackedSize,
      signed,
      findings,
    }
  }
  const data = await createTarball(dir, pkg, paths)
  return {
    pkg,
    name,
    version,
    files,
    data,
    integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
    shasum: createHash('sha1').update(data).digest('hex'),
    unpackedSize,
    signed,
    findings,
  }
}

/** npm's tarball file name: `name-version.tgz`, a scope's `@` dropped and its `/` made `-`. */
export function tarballName(name: string, version: string): string {
  return `${name}-${version}.tgz`.replace(/^@/, '').replace(/[/\\]/g, '-')
}
