import { createHash, randomBytes } from 'node:crypto'
import {
  type Dirent,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findPackageSync, type ReadableFolders, readableFolders } from '@pdk/core/readable-paths'
import type { GatheredReport } from './types.js'

// Bumped whenever what a cached entry holds, or how its key is made, changes.
const FORMAT = 2
// Beyond this many files, keying costs more than it saves: such a project is validated afresh.
const MAX_FILES = 5000
// Larger files are keyed by size and modification time instead of their bytes.
const CONTENT_LIMIT = 1_000_000
// Entries kept per project: a few option sets, a few states to go back to.
const KEEP = 8

/** The cached validation of one project, for one state of everything it depends on. */
export interface ValidateCache {
  /** Where the entries are stored ('' when nowhere is safe: then nothing is read or written). */
  readonly file: string
  /** The digest of everything the validation depends on. */
  readonly key: string
  /** The part of the key that digests the project's own files (see `projectDigest`). */
  readonly files: string
  /** What the entry check may read (computed for the key; the check needs the same). */
  readonly readable: ReadableFolders
  /** The stored validation for `key`, if any. */
  read(): GatheredReport | undefined
  /**
   * Stores `value` for `key` with the digests of `inputs`, the files the entry loaded outside
   * the project and node_modules (atomically; a cache that cannot be written is no error).
   * Nothing is stored when an input was modified at or after `since`, when the entry check started.
   */
  write(value: GatheredReport, inputs: readonly string[], since: number): void
}

/** What besides the project's files decides a validation. */
export interface CacheKeyOptions {
  entryTimeoutMs: number
  config?: unknown
}

/**
 * Opens the validation cache of the project in `cwd`. The key is a digest of every file of the
 * project (its bytes; `node_modules` and `.git` aside), the real folder and package.json of
 * every dependency the entry can load, the @pdk/core the compatibility check reads, pdk itself
 * (its package.json and, outside node_modules, its built files), Node's version and the
 * options; an entry also records the bytes of each file the entry loaded from outside the
 * project and node_modules (linked packages), checked on every read. Undefined when the
 * project cannot be keyed exactly (a symbolic link in it, bundled dependencies, too many files,
 * an unreadable file): then it is validated afresh.
 */
export async function openValidateCache(cwd: string, options: CacheKeyOptions): Promise<ValidateCache | undefined> {
  const readable = await readableFolders(cwd)
  const hash = createHash('sha256')
  hash.update(`pdk-validate-cache ${FORMAT}\0${process.version} ${process.platform} ${process.arch}\0${cwd}\0`)
  hash.update(`${JSON.stringify([options.entryTimeoutMs, options.config ?? null])}\0`)
  const files = projectDigest(cwd)
  if (files === undefined || bundlesDependencies(cwd)) return undefined
  hash.update(files)
  const own = safeRealpath(cwd)
  for (const dir of readable.packages) {
    if (dir === own) continue
    hash.update(`dep\0${dir}\0`)
    digestPackage(hash, dir)
  }
  const core = findPackageSync('@pdk/core', cwd)
  hash.update(`core\0${core ?? ''}\0`)
  if (core !== undefined) digestPackage(hash, safeRealpath(core) ?? core)
  hash.update(pdkFingerprint())
  const key = hash.digest('hex')
  const file = cacheFile(cwd)
  return {
    file: file ?? '',
    key,
    files,
    readable,
    read: () => {
      if (file === undefined) return undefined
      return readEntries(file).find((entry) => entry.key === key && unchanged(entry.inputs))?.value
    },
    write: (value, inputs, since) => {
      const digests = file === undefined ? undefined : inputDigests(inputs, since)
      if (file !== undefined && digests !== undefined) writeEntry(file, { key, inputs: digests, value })
    },
  }
}

/**
 * The digest of the project's own files (their bytes; `node_modules` and `.git` aside), or
 * undefined when the project cannot be keyed (a symbolic link in it, too many files, an
 * unreadable one). What a build running beside a validation changes.
 */
export function projectDigest(cwd: string): string | undefined {
  const hash = createHash('sha256')
  return digestTree(hash, cwd, { content: true, links: false }) ? hash.digest('hex') : undefined
}

/**
 * Where a project's cached validations live: `node_modules/.cache/pdk/validate.json` in the
 * project (where ESLint, Babel and others keep theirs), else a file of its own in a folder of
 * the OS temp folder that only this user can write. Undefined when that folder is not safe.
 */
export function cacheFile(cwd: string): string | undefined {
  const modules = join(cwd, 'node_modules')
  if (isDirectory(modules)) return join(modules, '.cache', 'pdk', 'validate.json')
  const uid = process.getuid?.()
  const dir = join(tmpdir(), `pdk-cache-${uid ?? 'user'}`)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const info = lstatSync(dir)
    // Another user's folder, or one others can write to, could hand us a forged "valid".
    if (!info.isDirectory() || (uid !== undefined && info.uid !== uid) || (info.mode & 0o022) !== 0) return undefined
  } catch {
    return undefined
  }
  return join(dir, `validate-${createHash('sha256').update(cwd).digest('hex').slice(0, 24)}.json`)
}

interface Entry {
  key: string
  /** Each file the entry loaded outside the project and node_modules, with the digest of its bytes. */
  inputs: [string, string][]
  value: GatheredReport
}

/** The digests of `files`; undefined when one is unreadable or was modified at or after `since` (it may not be what was loaded). */
function inputDigests(files: readonly string[], since: number): [string, string][] | undefined {
  const out: [string, string][] = []
  for (const file of [...new Set(files)].sort()) {
    try {
      if (statSync(file).mtimeMs >= since) return undefined
      out.push([file, contentDigest(file)])
    } catch {
      return undefined
    }
  }
  return out
}

function unchanged(inputs: [string, string][]): boolean {
  try {
    return inputs.every(([file, digest]) => contentDigest(file) === digest)
  } catch {
    return false
  }
}

function contentDigest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

function readEntries(file: string): Entry[] {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; entries?: unknown }
    if (data.format !== FORMAT || !Array.isArray(data.entries)) return []
    return data.entries.filter(
      (entry): entry is Entry =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof entry.key === 'string' &&
        Array.isArray(entry.inputs) &&
        entry.inputs.every(
          (input: unknown) => Array.isArray(input) && typeof input[0] === 'string' && typeof input[1] === 'string',
        ) &&
        isGathered(entry.value),
    )
  } catch {
    return []
  }
}

function writeEntry(file: string, entry: Entry): void {
  const entries = [entry, ...readEntries(file).filter((old) => old.key !== entry.key)].slice(0, KEEP)
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  try {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(temp, JSON.stringify({ format: FORMAT, entries }))
    renameSync(temp, file)
  } catch {
    rmSync(temp, { force: true })
  }
}

function isGathered(value: unknown): value is GatheredReport {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.object === 'boolean' &&
    Array.isArray(v.head) &&
    Array.isArray(v.tail) &&
    Array.isArray(v.ran) &&
    typeof v.severities === 'object' &&
    v.severities !== null
  )
}

/**
 * Adds every file under `root` to `hash`, in a stable order: its path, size and either its bytes
 * (`content`) or its modification time. `node_modules` right under `root` and `.git` anywhere
 * are left out. A symbolic link is followed nowhere: with `links` its target is hashed, else the
 * tree cannot be keyed (false). False too past MAX_FILES files or on an unreadable file.
 */
export function digestTree(
  hash: ReturnType<typeof createHash>,
  root: string,
  options: { content: boolean; links: boolean; only?: RegExp },
): boolean {
  let count = 0
  const walk = (dir: string, rel: string): boolean => {
    let entries: Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      )
    } catch {
      return false
    }
    for (const entry of entries) {
      const name = entry.name
      if (name === '.git' || (rel === '' && name === 'node_modules')) continue
      const path = join(dir, name)
      const relPath = rel === '' ? name : `${rel}/${name}`
      if (entry.isSymbolicLink()) {
        if (!options.links) return false
        hash.update(`l\0${relPath}\0${safeReadlink(path)}\0`)
      } else if (entry.isDirectory()) {
        if (!walk(path, relPath)) return false
      } else if (entry.isFile()) {
        // Only the files asked for are stat'ed: the others are skipped on their name alone.
        if (options.only && !options.only.test(name)) continue
        if (++count > MAX_FILES) return false
        let info: Stats
        try {
          info = statSync(path)
        } catch {
          return false
        }
        if (options.content && info.size <= CONTENT_LIMIT) {
          let bytes: Buffer
          try {
            bytes = readFileSync(path)
          } catch {
            return false
          }
          hash.update(`f\0${relPath}\0${bytes.length}\0`)
          hash.update(bytes)
        } else {
          hash.update(`m\0${relPath}\0${info.size}\0${info.mtimeMs}\0`)
        }
      } else if (options.content) {
        // A socket or FIFO in the project: npm-packlist's view of it is not worth modelling.
        return false
      }
    }
    return true
  }
  return walk(root, '')
}

/**
 * A dependency as the entry meets it: its folder and package.json (its version, its exports).
 * What the entry loads from a dependency outside any node_modules (a workspace or `file:`
 * link, whose files change without a new version) is keyed file by file instead (`inputs`).
 */
function digestPackage(hash: ReturnType<typeof createHash>, dir: string): void {
  try {
    hash.update(readFileSync(join(dir, 'package.json')))
  } catch {
    hash.update('no package.json')
  }
  hash.update('\0')
}

let pdkDigest: string | undefined

/**
 * pdk's own identity: the package.json of @pdk/cli and of the @pdk/core it runs, the folder and
 * version of the libraries validate's checks use, and, when pdk is not an installed package
 * (a checkout, a link), the size and time of each of its built files.
 */
function pdkFingerprint(): string {
  if (pdkDigest !== undefined) return pdkDigest
  const hash = createHash('sha256')
  // From dist/lib/validate (or src/lib/validate in the unit tests): the package is three up.
  const cli = fileURLToPath(new URL('../../../', import.meta.url))
  const core = dirname(dirname(fileURLToPath(import.meta.resolve('@pdk/core'))))
  for (const [dir, deps] of [
    [
      cli,
      [
        'npm-packlist',
        '@npmcli/arborist',
        '@secretlint/core',
        '@secretlint/secretlint-rule-preset-recommend',
        'semver',
      ],
    ],
    [core, ['ajv', 'ajv-formats', 'semver', 'validate-npm-package-name', 'fastest-levenshtein']],
  ] as const) {
    const real = safeRealpath(dir) ?? dir
    hash.update(`pdk\0${real}\0`)
    try {
      hash.update(readFileSync(join(real, 'package.json')))
    } catch {
      hash.update('no package.json')
    }
    if (!insideNodeModules(real))
      digestTree(hash, join(real, 'dist'), { content: false, links: true, only: /\.(js|json)$/ })
    for (const name of deps) {
      const link = findPackageSync(name, real)
      const found = link === undefined ? undefined : (safeRealpath(link) ?? link)
      hash.update(`\0${name}\0${found ?? ''}\0`)
      if (found !== undefined) {
        try {
          hash.update(JSON.parse(readFileSync(join(found, 'package.json'), 'utf8')).version ?? '')
        } catch {
          hash.update('?')
        }
      }
    }
  }
  pdkDigest = hash.digest('hex')
  return pdkDigest
}

/** npm-packlist reads node_modules only for bundled dependencies: those the key does not cover. */
function bundlesDependencies(cwd: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as Record<string, unknown>
    const bundled = pkg.bundleDependencies ?? pkg.bundledDependencies
    return bundled === true || (Array.isArray(bundled) && bundled.length > 0)
  } catch {
    return false
  }
}

function insideNodeModules(dir: string): boolean {
  return dir.split(sep).includes('node_modules')
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}

function safeReadlink(path: string): string {
  try {
    return readlinkSync(path)
  } catch {
    return '?'
  }
}
