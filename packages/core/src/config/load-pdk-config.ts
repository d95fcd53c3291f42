import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { PdkError } from '../errors.js'
import { parseJsonDocument } from '../manifest/parse-manifest-text.js'
import { isObject } from '../manifest/rule-context.js'
import type { LoadedPdkConfig, PdkConfig } from './types.js'
import { validatePdkConfig } from './validate-pdk-config.js'

/** The one pdk configuration file name. */
export const PDK_CONFIG_FILE = 'pdk.config.json'

/**
 * Reads `<cwd>/pdk.config.json`. No file is an empty configuration. Problems in the file
 * (malformed JSON, unknown keys, wrong types) are findings, not errors, so a command can
 * report them all; only an unreadable file throws (`PDK_IO`).
 */
export async function loadPdkConfig(cwd: string): Promise<LoadedPdkConfig> {
  const file = join(resolve(cwd), PDK_CONFIG_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { config: {}, findings: [], ok: true }
    throw new PdkError('PDK_IO', `Cannot read "${file}": ${(error as Error).message}.`, {
      hint:
        code === 'EISDIR'
          ? `${PDK_CONFIG_FILE} is a folder here; it must be a file.`
          : 'Check that the file is readable.',
      details: { file },
      cause: error,
    })
  }
  const parsed = parseJsonDocument(text, { file, name: PDK_CONFIG_FILE, prefix: 'config' })
  const findings = parsed.findings
  if (!('value' in parsed)) return { file, config: {}, findings, ok: false }
  findings.push(...validatePdkConfig(parsed.value, file, text))
  const config = (isObject(parsed.value) ? parsed.value : {}) as PdkConfig
  return { file, config, findings, ok: !findings.some((finding) => finding.severity === 'error') }
}
