import type { GenerateKeyResult, ListKeysResult, TrustKeyResult } from '../lib/keys.js'
import type { Colors } from './colors.js'

/** `pdk keys generate`: the public key's path and fingerprint; never the private key. */
export function renderGenerateKey(result: GenerateKeyResult, c: Colors): string {
  return [
    `${c.green('✓')} Created key "${result.name}"`,
    `  public key:  ${result.publicPath}`,
    `  fingerprint: ${result.keyId}`,
    `  ${c.dim(`private key stored with mode 0600 beside it; share only the .pub file (others run \`pdk keys trust ${result.publicPath}\`)`)}`,
    '',
  ].join('\n')
}

/** `pdk keys trust`. */
export function renderTrustKey(result: TrustKeyResult, c: Colors): string {
  return result.added
    ? `${c.green('✓')} Trusted key "${result.name}" ${result.keyId}\n  ${c.dim(result.trustFile)}\n`
    : `${c.dim('•')} Key ${result.keyId} was already trusted ("${result.name}") in ${result.trustFile}\n`
}

/** `pdk keys list`: own keys, then trusted keys. */
export function renderListKeys(result: ListKeysResult, c: Colors): string {
  const lines = [c.bold(`Signing keys (${result.keysDir})`)]
  if (result.own.length === 0) lines.push(`  ${c.dim('none — create one with `pdk keys generate`')}`)
  for (const k of result.own) lines.push(`  ${k.name.padEnd(16)} ${k.keyId}`)
  lines.push(c.bold(`Trusted keys (${result.trustFile})`))
  if (result.trusted.length === 0) lines.push(`  ${c.dim('none — add one with `pdk keys trust PUBFILE`')}`)
  for (const k of result.trusted) lines.push(`  ${k.name.padEnd(16)} ${k.keyId}`)
  return `${lines.join('\n')}\n`
}
