import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Finding } from '@pdk/core'

// Files that are secrets by their very name, whatever they hold.
const SECRET_NAMES = [
  /^\.env(\..*)?$/,
  /^id_(rsa|dsa|ecdsa|ed25519)$/,
  /\.(pem|key|p12|pfx)$/,
  /^\.npmrc$/,
  /^\.netrc$/,
]
const TEXT_LIMIT = 1_000_000

/**
 * Secrets among the files about to be packed: files named like secrets (`.env`, private
 * keys) and content that secretlint's recommended rules recognise (tokens, keys, passwords
 * in URLs). Each finding names the file and line; the secret itself is masked.
 */
export async function scanSecrets(dir: string, files: readonly string[]): Promise<Finding[]> {
  const findings: Finding[] = []
  const [{ lintSource }, { creator }] = await Promise.all([
    import('@secretlint/core'),
    import('@secretlint/secretlint-rule-preset-recommend'),
  ])
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] }
  await Promise.all(
    files.map(async (file) => {
      if (SECRET_NAMES.some((re) => re.test(basename(file)))) {
        findings.push({
          rule: 'package/secrets',
          severity: 'error',
          message: `"${file}" would be published, and files named like that hold secrets.`,
          file,
          hint: 'Remove it from the package (`files` in package.json or `.npmignore`) and rotate what it holds if it was ever published.',
        })
        return
      }
      const content = await readFile(join(dir, file))
      if (content.length > TEXT_LIMIT || content.includes(0)) return
      const result = await lintSource({
        source: { filePath: join(dir, file), content: content.toString('utf8'), contentType: 'text' },
        options: { config, maskSecrets: true },
      })
      for (const message of result.messages) {
        findings.push({
          rule: 'package/secrets',
          severity: 'error',
          message: `"${file}" would publish a secret: ${message.message}`,
          file,
          line: message.loc.start.line,
          column: message.loc.start.column + 1,
          hint: 'Remove the secret from the file (read it from the environment instead) and rotate it.',
        })
      }
    }),
  )
  return findings.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0))
}
