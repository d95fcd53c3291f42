// The TypeScript shape of the manifest (spec/manifest.md). manifest.schema.json is the
// single source; a test keeps these types and the schema equal.

/** Built-in plugin kinds; hosts declare more. */
export type BuiltinKind = 'system' | 'integration' | 'extension'

/** How isolated a plugin runs, least to most. */
export type IsolationMode = 'none' | 'worker' | 'process'

/** File system permissions: `read` relative to the package folder, `write` relative to the plugin's data folder. */
export interface FsPermissions {
  read?: string[]
  write?: string[]
}

/** What a plugin asks for; everything not listed is denied. */
export interface Permissions {
  fs?: FsPermissions
  /** `host`, `host:port` or `*.domain[:port]`, no scheme. */
  network?: string[]
  /** Environment variables the plugin may read (and that config may interpolate). */
  env?: string[]
  childProcess?: boolean
  worker?: boolean
  nativeAddons?: boolean
}

/** Resources and deadlines a host holds a plugin to (positive integers). */
export interface Limits {
  /** 16 to 8192 */
  memoryMb?: number
  startTimeoutMs?: number
  stopTimeoutMs?: number
  callTimeoutMs?: number
}

/** Which host a plugin is written for, and which versions of its API it works with. */
export interface HostRequirement {
  name: string
  /** Semver range of host API versions. */
  range: string
}

/** The `pdk` object of a plugin's package.json. */
export interface PdkManifest {
  manifestVersion: 1
  kind: BuiltinKind | (string & {})
  host: HostRequirement
  entry?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  capabilities?: string[]
  /** `onStartup`, `onMessage:TOPIC` or `onEvent:PATTERN`. */
  activation?: string[]
  permissions?: Permissions
  isolation?: IsolationMode
  limits?: Limits
  /** JSON Schema of the plugin's own settings. */
  config?: Record<string, unknown>
}

/** A plugin's package.json: the npm fields pdk reads plus `pdk`. */
export interface PluginPackageJson {
  name: string
  version: string
  description?: string
  type: 'module'
  main?: string
  types?: string
  exports?: unknown
  keywords?: string[]
  license?: string
  files?: string[]
  engines?: Record<string, string>
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  pdk: PdkManifest
  [key: string]: unknown
}

export type Severity = 'error' | 'warn' | 'off'

/** One problem found by a rule. */
export interface Finding {
  /** Stable rule id: `manifest/unknown-key`, `package/readme`… */
  rule: string
  severity: Exclude<Severity, 'off'>
  message: string
  /** JSON pointer into `file` (`/pdk/permissions/fs/read/0`), `''` for the whole document. */
  pointer?: string
  file?: string
  line?: number
  column?: number
  expected?: string
  found?: string
  hint?: string
  /** A safe automatic fix exists (`pdk validate --fix`); `fix` says what it is. */
  fixable?: boolean
  /** The safe fix, when `fixable`: what `pdk validate --fix` applies. */
  fix?: ManifestFix
}

/** A safe, mechanical change to a manifest: rename a key (one clear did-you-mean) or set a value. */
export type ManifestFix =
  /** Rename the key at `pointer` (the pointer of the misspelt key) to `to`, keeping its value and position. */
  | { op: 'rename-key'; pointer: string; to: string }
  /** Set the value at `pointer` (creating the key when missing). */
  | { op: 'set'; pointer: string; value: unknown }

/** A manifest rule: its stable id, what it checks, and the severity of what it reports. */
export interface ManifestRule {
  id: `manifest/${string}`
  description: string
  /** `warn` rules report things a host still accepts. */
  severity: Exclude<Severity, 'off'>
}

/** What `parseManifestText` returns: the parsed value (when the text is JSON) and findings about the text. */
export interface ParsedManifestText {
  value?: unknown
  findings: Finding[]
}

/** What `validateManifest` returns; it never throws on bad input. */
export interface ManifestReport {
  ok: boolean
  findings: Finding[]
  /** The manifest, typed, when `ok`. */
  manifest?: PluginPackageJson
}
