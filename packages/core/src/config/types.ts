// The TypeScript shape of pdk.config.json (spec/cli.md "Configuration"); pdk-config.schema.json
// is the single source and a test keeps the two equal.

/** Severity a project gives a rule in `validate.rules`. */
export type RuleSetting = 'off' | 'warn' | 'error'

/** The `host` section: present in a host project. */
export interface PdkHostSection {
  /** The host's name; plugins name it in `pdk.host.name`. */
  name: string
  /** The host API version (semver) that plugins' `pdk.host.range` must accept. */
  version: string
  /** Where `pdk install` puts plugins and their lockfile, relative to the project. @default "plugins" */
  pluginsDir?: string
  /** Refuse plugins without a valid signature by a trusted key. @default false */
  requireSignatures?: boolean
  /** The trust file, relative to the project. @default trusted-keys.json in pdk's config folder */
  trustedKeys?: string
}

/** Settings of `pdk validate`. */
export interface PdkValidateSection {
  /** Severity per rule id (`package/readme-untouched`: `off`). */
  rules?: Record<string, RuleSetting>
}

/** Settings of `pdk sign` and `pdk publish`. */
export interface PdkSignSection {
  /** A key name in pdk's config folder, or a path to a key file. */
  key?: string
}

/** Settings of `pdk dev`. */
export interface PdkDevSection {
  /** A module that starts the host `pdk dev` runs instead of the minimal one. */
  host?: string
}

/** The contents of pdk.config.json. */
export interface PdkConfig {
  $schema?: string
  validate?: PdkValidateSection
  sign?: PdkSignSection
  host?: PdkHostSection
  dev?: PdkDevSection
}

/** What `loadPdkConfig` returns. */
export interface LoadedPdkConfig {
  /** The file read; absent when the project has no pdk.config.json. */
  file?: string
  /** The configuration (`{}` without a file, or when the file is not a JSON object). */
  config: PdkConfig
  /** Problems found in the file; `ok` is false when one is an error. */
  findings: import('../manifest/types.js').Finding[]
  ok: boolean
}
