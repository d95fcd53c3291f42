import { PACKAGE_MANAGERS, type PackageManagerName } from './check-answers.js'

/**
 * The package manager that runs pdk, else npm. npm, pnpm and yarn each put themselves first in
 * `npm_config_user_agent` for the scripts and bins they run (`pnpm/10.34.9 npm/? node/v22.22.2
 * linux x64`), so `pnpm dlx @pdk/cli init` scaffolds a pnpm project and `npx` an npm one.
 */
export function detectPackageManager(env: NodeJS.ProcessEnv = process.env): PackageManagerName {
  const name = (env.npm_config_user_agent ?? '').trim().split('/')[0]?.toLowerCase() ?? ''
  return (PACKAGE_MANAGERS as readonly string[]).includes(name) ? (name as PackageManagerName) : 'npm'
}
