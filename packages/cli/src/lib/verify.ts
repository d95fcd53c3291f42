import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { PdkError } from '@pdk/core'
import { type Progress, silentProgress } from '../render/progress.js'
import { fetchTarball } from './registry/fetch-tarball.js'
import { readPackage } from './registry/read-package.js'
import { readTarball } from './registry/read-tarball.js'
import { defaultTrustFile } from './signing/config-dir.js'
import { readTrustFile } from './signing/trust-store.js'
import { type PackageVerdict, verifyFiles, verifyFolder } from './signing/verify-package.js'

export interface VerifyOptions {
  cwd: string
  /** A package folder, a `.tgz`, or `NAME@VERSION` from the registry. @default cwd */
  target?: string
  /** The trust file. @default `trusted-keys.json` in pdk's config folder */
  trusted?: string
  /** Registry for `NAME@VERSION` (overrides npm's configuration). */
  registry?: string
  configDir?: string
  progress?: Progress
}

/** The verdict of `pdk verify`: ok only when the signature is valid, by a trusted key, over exactly the package's files. */
export interface VerifyResult extends PackageVerdict {
  target: string
  source: 'folder' | 'tarball' | 'registry'
  trustFile: string
}

/**
 * Verifies `pdk-signature.json` of a package folder, a tarball or a registry package against
 * its files and the trusted keys; every problem is a finding with its own rule.
 */
export async function verifyPlugin(options: VerifyOptions): Promise<VerifyResult> {
  const cwd = resolve(options.cwd)
  const progress = options.progress ?? silentProgress
  const target = options.target ?? '.'
  const trustFile = options.trusted ? resolve(cwd, options.trusted) : defaultTrustFile(options.configDir)
  const trust = await readTrustFile(trustFile)
  const path = resolve(cwd, target)
  const info = await stat(path).catch(() => undefined)
  if (info?.isDirectory()) {
    const pkg = await readPackage(path)
    const verdict = await progress.task(`Verify ${path}`, () => verifyFolder(path, pkg, trust.keys))
    return { ...verdict, target: path, source: 'folder', trustFile }
  }
  if (info?.isFile()) {
    const files = await readTarball(await readFile(path), path)
    const verdict = await progress.task(`Verify ${path}`, () => verifyFiles(files, trust.keys))
    return { ...verdict, target: path, source: 'tarball', trustFile }
  }
  if (/^(\.|\/)|\.(tgz|tar\.gz)$/.test(target)) {
    throw new PdkError('PDK_IO', `Nothing to verify at ${path}: no such folder or tarball.`, {
      hint: 'Pass a package folder, a .tgz made by `pdk pack`, or NAME@VERSION from the registry.',
      details: { file: path },
    })
  }
  const fetched = await progress.task(`Fetch ${target}`, () =>
    fetchTarball(target, { cwd, registry: options.registry }),
  )
  const files = await readTarball(fetched.data, `${fetched.name}@${fetched.version}`)
  const verdict = await verifyFiles(files, trust.keys)
  return { ...verdict, target: `${fetched.name}@${fetched.version}`, source: 'registry', trustFile }
}
