import type { Finding } from '@pdk/core'
import type { Progress } from '../../render/progress.js'
import type { RuleSeverities } from './with-severities.js'

/** The progress task of the package checks. */
export const PACKAGE_TASK = 'Checking the package, its files and its entry'

/** Editors do not count a byte-order mark as a column. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Options of `validatePlugin`. */
export interface ValidateOptions {
  /** The plugin folder. */
  cwd: string
  /** Warnings fail the validation too. @default false */
  strict?: boolean
  /** Apply the safe fixes (missing `pdk-plugin` keyword, `"type": "module"`, a misspelt `pdk` key) to package.json. @default false */
  fix?: boolean
  /** With `fix`: report what would change and write nothing. @default false */
  dryRun?: boolean
  /** Run the project's own `tsc --noEmit`. @default true */
  typecheck?: boolean
  /** Severities of `package/*` rules; default: `validate.rules` of the project's `pdk.config.json`. */
  config?: { rules?: Record<string, 'error' | 'warn' | 'off'> }
  /** How long the built entry may take to load in its child process. @default 10000 */
  entryTimeoutMs?: number
  /**
   * Reuse the result of an earlier run when nothing it depends on changed (the project's files,
   * its dependencies, pdk, Node, these options), from `node_modules/.cache/pdk/` of the project
   * (else the OS temp folder). The type-check always runs. Never with `fix`. @default false
   */
  cache?: boolean
  progress?: Progress
  /**
   * Called once when the checks run afresh (no cached result), before they load anything: the
   * `pdk validate` command tunes its short-lived process there (decision 100, addendum).
   */
  beforeChecks?: () => void
}

/** What each group of checks did: `skipped` when it could not or was told not to run. */
export type CheckStatus = 'passed' | 'failed' | 'skipped'

/** The groups of checks, in the order they are reported. */
export interface ValidateChecks {
  /** `manifest/*`: the rules a host applies, from `@pdk/core`. */
  manifest: CheckStatus
  /** `package/*` fields: description, keyword, README, license, compatibility ranges. */
  package: CheckStatus
  /** The published file list has the entry and every `exports`/`types` target; no secrets in it. */
  files: CheckStatus
  /** The built entry, loaded in a sandboxed child process, default-exports a plugin definition. */
  entry: CheckStatus
  /** The project's own `tsc --noEmit`. */
  typecheck: CheckStatus
}

/** One change `--fix` made (or, with `--dry-run`, would make) to package.json. */
export interface FixChange {
  /** The rule whose finding the change fixes. */
  rule: string
  /** Where in package.json (JSON pointer) the change is. */
  pointer: string
  /** What changes, in words: `add "pdk-plugin" to keywords`. */
  description: string
  /** True when written; false with `dryRun`. */
  applied: boolean
}

/**
 * The report of `pdk validate` (and of `--json`). Stable: fields are only ever added.
 * `ok` is false when an error remains, or with `strict` when a warning remains.
 */
export interface ValidateReport {
  ok: boolean
  /** The plugin folder, absolute. */
  path: string
  /** The package name and version, when package.json has them. */
  name?: string
  version?: string
  strict: boolean
  /** Every problem found, manifest rules first; each with `rule`, `severity`, `message`, `hint` and where (`file`, `line`, `column`, `pointer`). */
  findings: Finding[]
  summary: { errors: number; warnings: number }
  checks: ValidateChecks
  /** With `fix`: what was (or with `dryRun` would be) changed. */
  fixed?: FixChange[]
  dryRun?: boolean
}

/**
 * A validation without its type-check, in its final form: severities applied, findings located.
 * What the cache keeps; `validatePlugin` adds the type-check's findings between `head` and `tail`.
 */
export interface GatheredReport {
  /** package.json parsed to an object, so the package checks (and the type-check) ran. */
  object: boolean
  name?: string
  version?: string
  /** Manifest, package, file and entry findings. */
  head: Finding[]
  /** pdk.config.json findings and the notes about its `validate.rules`. */
  tail: Finding[]
  /** The groups that ran, the type-check aside. */
  ran: (keyof ValidateChecks)[]
  /** The severities of `validate.rules`, for the type-check's findings. */
  severities: RuleSeverities
}
