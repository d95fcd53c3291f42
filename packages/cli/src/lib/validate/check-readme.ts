import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Finding } from '@pdk/core'

/** The marker the templates put in a README that nobody has edited yet. */
export const TEMPLATE_README_MARKER = '<!-- pdk:template-readme -->'

// npm takes the first file named readme, with any extension, as the package page.
const README = /^readme(\.[^.]+)?$/i

/** `package/readme` and `package/readme-untouched`: a README with text in it, not the template's untouched one. */
export async function checkReadme(cwd: string): Promise<Finding[]> {
  const names = await readdir(cwd).catch(() => [] as string[])
  const name = names.filter((n) => README.test(n)).sort()[0]
  if (name === undefined) {
    return [
      {
        rule: 'package/readme',
        severity: 'error',
        file: 'README.md',
        message: 'The package has no README: npm shows it as the package page, and users learn the plugin from it.',
        expected: 'README.md',
        found: 'nothing',
        hint: 'Add a README.md that says what the plugin does, the permissions it asks for and its settings.',
      },
    ]
  }
  const text = await readFile(join(cwd, name), 'utf8').catch(() => '')
  if (text.trim() === '') {
    return [
      {
        rule: 'package/readme',
        severity: 'error',
        file: name,
        line: 1,
        message: `${name} is empty.`,
        hint: 'Say what the plugin does, the permissions it asks for and its settings.',
      },
    ]
  }
  const at = text.indexOf(TEMPLATE_README_MARKER)
  if (at >= 0) {
    return [
      {
        rule: 'package/readme-untouched',
        severity: 'warn',
        file: name,
        line: text.slice(0, at).split('\n').length,
        message: `${name} is still the template's text (it has the marker ${TEMPLATE_README_MARKER}).`,
        hint: `Write about your plugin, then delete the ${TEMPLATE_README_MARKER} line.`,
      },
    ]
  }
  return []
}
