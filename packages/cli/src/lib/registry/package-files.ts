import { existsSync } from 'node:fs'
import { join } from 'node:path'
import packlist from 'npm-packlist'
import { SIGNATURE_FILE } from '../signing/file-digests.js'
import type { PackageJson } from './read-package.js'

type Packlist = (tree: unknown, options: { path: string }) => Promise<string[]>

/**
 * The files `npm pack` would put in the tarball of the package in `dir`, by npm's own
 * npm-packlist. Arborist's tree is loaded only when the package bundles dependencies (the
 * only case where npm-packlist reads more than the root package); otherwise a root-only tree
 * gives npm-packlist the same answer at a fraction of the cost.
 */
export async function listPackageFiles(dir: string, pkg: PackageJson): Promise<string[]> {
  const bundled = pkg.bundleDependencies ?? pkg.bundledDependencies
  let tree: unknown
  if (bundled === true || (Array.isArray(bundled) && bundled.length > 0)) {
    const { default: Arborist } = await import('@npmcli/arborist')
    tree = await new Arborist({ path: dir }).loadActual()
  } else {
    tree = { path: dir, package: pkg, isProjectRoot: true, edgesOut: new Map(), workspaces: undefined }
  }
  return (packlist as unknown as Packlist)(tree, { path: dir })
}

/**
 * The packed file list with the signature file always in it when it exists, whatever `files`
 * says (spec/cli.md, signing and packing order).
 */
export async function listPackedFiles(dir: string, pkg: PackageJson): Promise<string[]> {
  const files = await listPackageFiles(dir, pkg)
  if (!files.includes(SIGNATURE_FILE) && existsSync(join(dir, SIGNATURE_FILE))) files.push(SIGNATURE_FILE)
  return files
}
