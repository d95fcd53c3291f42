import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Finding } from '@pdk/core'
import { listPackageFiles } from '../registry/package-files.js'
import type { PackageJson } from '../registry/read-package.js'
import { scanSecrets } from '../registry/scan-secrets.js'
import type { TargetsOutcome } from './check-targets.js'

const FILE = 'package.json'

/**
 * `package/files` and `package/secrets`: computes the file list npm would publish (npm's own
 * npm-packlist), checks that every existing target is in it, and scans it for secrets; also
 * looks for a literal token in the project's `.npmrc`, which npm never packs but git may carry.
 */
export async function checkFiles(
  cwd: string,
  pkg: Record<string, unknown>,
  targets: TargetsOutcome,
): Promise<Finding[]> {
  let files: string[]
  try {
    files = await listPackageFiles(cwd, pkg as PackageJson)
  } catch (error) {
    return [
      {
        rule: 'package/files',
        severity: 'error',
        file: FILE,
        pointer: '/files',
        message: `npm's file list could not be computed: ${(error as Error).message}`,
        hint: 'Check "files" in package.json and the .npmignore file.',
      },
    ]
  }
  const findings: Finding[] = []
  const published = new Set(files)
  for (const { file, target } of targets.present) {
    if (published.has(file)) continue
    findings.push({
      rule: 'package/files',
      severity: 'error',
      file: FILE,
      pointer: target.pointer,
      message: `"${file}" (named by ${target.pointer}) would not be published: "files" in package.json or .npmignore leaves it out.`,
      expected: `"${file}" in the published files`,
      found: `${files.length} published files without it`,
      hint: `Add "${file.split('/')[0]}" to "files" in package.json (or stop ignoring it in .npmignore).`,
    })
  }
  findings.push(...(await scanSecrets(cwd, files)), ...(await checkNpmrc(cwd)))
  return findings
}

/** A literal token in the project's `.npmrc` (an `${ENV}` reference is fine): npm never packs it, but it is one commit from public. */
async function checkNpmrc(cwd: string): Promise<Finding[]> {
  let text: string
  try {
    text = await readFile(join(cwd, '.npmrc'), 'utf8')
  } catch {
    return []
  }
  const findings: Finding[] = []
  text.split(/\r?\n/).forEach((line, index) => {
    const match = /^\s*([^#;][^=]*?(_authToken|_auth|_password))\s*=\s*(.*)$/.exec(line)
    if (!match) return
    const value = (match[3] ?? '').trim().replace(/^"(.*)"$/, '$1')
    if (value === '' || /^\$\{[^}]+\}$/.test(value)) return
    findings.push({
      rule: 'package/secrets',
      severity: 'error',
      file: '.npmrc',
      line: index + 1,
      column: line.indexOf(match[2] as string) + 1,
      message: `.npmrc holds a literal ${match[2]} (${'*'.repeat(8)}): npm does not publish .npmrc, but whoever gets the project folder or its git history gets the token.`,
      hint: `Write ${match[1]?.trim()}=\${NPM_TOKEN} and keep the token in the environment (or in ~/.npmrc); revoke the one that was written here.`,
    })
  })
  return findings
}
