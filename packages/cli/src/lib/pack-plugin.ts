import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Finding } from '@pdk/core'
import { type Progress, silentProgress } from '../render/progress.js'
import { makePackage, tarballName } from './registry/make-package.js'

export interface PackOptions {
  /** The plugin folder. */
  cwd: string
  /** Compute everything, write nothing. @default false */
  dryRun?: boolean
  /** Where the `.tgz` goes. @default cwd */
  destination?: string
  progress?: Progress
}

/** What `pdk pack` made: the tarball's name, integrity and file list, or the findings that refused it. */
export interface PackResult {
  ok: boolean
  name: string
  version: string
  /** The tarball's path (written unless `dryRun`). */
  tarball: string | undefined
  filename: string
  /** `sha512-…`, as npm prints and the registry records. */
  integrity: string | undefined
  shasum: string | undefined
  size: number
  unpackedSize: number
  files: { path: string; size: number }[]
  /** The package carries `pdk-signature.json`. */
  signed: boolean
  dryRun: boolean
  findings: Finding[]
}

/**
 * The tarball `pdk publish` would send, made with npm's own file list and tar settings:
 * refuses secrets and `workspace:`/`link:`/`file:` specifiers; runs no lifecycle scripts.
 */
export async function packPlugin(options: PackOptions): Promise<PackResult> {
  const cwd = resolve(options.cwd)
  const progress = options.progress ?? silentProgress
  const made = await progress.task('Pack', () => makePackage(cwd))
  const filename = tarballName(made.name, made.version)
  const tarball = join(resolve(cwd, options.destination ?? '.'), filename)
  const ok = made.data !== undefined
  if (ok && !options.dryRun) await writeFile(tarball, made.data as Buffer)
  return {
    ok,
    name: made.name,
    version: made.version,
    tarball: ok ? tarball : undefined,
    filename,
    integrity: made.integrity,
    shasum: made.shasum,
    size: made.data?.length ?? 0,
    unpackedSize: made.unpackedSize,
    files: made.files,
    signed: made.signed,
    dryRun: options.dryRun === true,
    findings: made.findings,
  }
}
