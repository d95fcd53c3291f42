// Types of local-registry.mjs, for the TypeScript test helpers that import it.

/** A running local registry. */
export interface LocalRegistry {
  /** `http://127.0.0.1:PORT/` */
  url: string
  /** A token of the registry's one user (publishes). */
  token: string
  port: number
  /** Where the packages are stored. */
  storage: string
  /** A user config (`registry=` + the token) for `npm_config_userconfig` when publishing. */
  npmrc: string
  /** A user config with only `@pdk:registry=` + the token: installs take @pdk/* from here, the rest from the default registry. */
  scopeNpmrc: string
  /** Closes the server and removes its temporary files. */
  stop(): Promise<void>
}

export interface PublishedPackage {
  name: string
  version: string
  skipped: boolean
}

export const WORKSPACE_ROOT: string
export const WORKSPACE_PACKAGES: string[]
export function startLocalRegistry(options?: { storageDir?: string; log?: boolean }): Promise<LocalRegistry>
export function publishWorkspacePackages(
  registry: { url: string; npmrc: string },
  options?: { packages?: string[]; root?: string },
): Promise<PublishedPackage[]>
export function authLine(url: string, token: string): string
export function pnpmCommand(): string[]
export function runAsync(
  cmd: string,
  args: string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ code: number; stdout: string; stderr: string }>
export function cleanNpmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv
