import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** pdk's config folder: `$PDK_CONFIG_DIR`, else `$XDG_CONFIG_HOME/pdk`, else `~/.config/pdk`. */
export function pdkConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PDK_CONFIG_DIR) return resolve(env.PDK_CONFIG_DIR)
  if (env.XDG_CONFIG_HOME) return join(resolve(env.XDG_CONFIG_HOME), 'pdk')
  return join(homedir(), '.config', 'pdk')
}

/** Where `pdk keys generate` writes key pairs. */
export function keysDir(configDir: string = pdkConfigDir()): string {
  return join(configDir, 'keys')
}

/** The default trust file, `trusted-keys.json` in pdk's config folder. */
export function defaultTrustFile(configDir: string = pdkConfigDir()): string {
  return join(configDir, 'trusted-keys.json')
}
