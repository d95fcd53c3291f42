/** What the registry global setup provides to every test file (`inject('pdkRegistry')`). */
export interface PdkRegistryInfo {
  /** `http://127.0.0.1:PORT/` */
  url: string
  /** A token that may publish. */
  token: string
  /** A user config with `registry=` this registry and the token (for `npm_config_userconfig`). */
  npmrc: string
  /** A user config with only `@pdk:registry=` this registry and the token: installs use it (`installEnv`). */
  scopeNpmrc: string
  /** Where the global setup records whether the workspace packages are published. */
  statusFile: string
  /** The pnpm store every install of the run shares. */
  storeDir: string
  /** npm's and pnpm's metadata and tarball cache, shared by the run. */
  cacheDir: string
  /** The workspace packages published into it. */
  packages: string[]
}

/** The contents of `statusFile`. */
export type RegistryStatus =
  | { state: 'publishing' }
  | { state: 'ready'; published: Array<{ name: string; version: string; skipped: boolean }> }
  | { state: 'failed'; error: string }
