import type { SignResult } from '../lib/sign.js'
import type { Colors } from './colors.js'

/** `pdk sign`: what was signed and by which key. */
export function renderSign(result: SignResult, c: Colors): string {
  const count = Object.keys(result.files).length
  return `${c.green('✓')} Signed ${result.name}@${result.version} (${count} files) with key ${result.keyId}\n  ${c.dim(result.file)}\n`
}
