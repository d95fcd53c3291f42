import { loadPdkConfig, type PdkConfig, PdkError } from '@pdk/core'

/**
 * `<cwd>/pdk.config.json` through @pdk/core's `loadPdkConfig` (the one reader of that file),
 * `{}` when there is none. A file with errors is a `PDK_HOST_CONFIG` error naming the first.
 */
export async function readPdkConfig(cwd: string): Promise<PdkConfig> {
  const loaded = await loadPdkConfig(cwd)
  const first = loaded.findings.find((f) => f.severity === 'error')
  if (first) {
    const more = loaded.findings.filter((f) => f.severity === 'error').length - 1
    throw new PdkError(
      'PDK_HOST_CONFIG',
      `${loaded.file} is invalid: ${first.message}${more > 0 ? ` (and ${more} more)` : ''}`,
      {
        hint: first.hint ?? 'Fix pdk.config.json; `pdk validate` shows every problem.',
        details: { file: loaded.file, pointer: first.pointer, findings: loaded.findings },
      },
    )
  }
  return loaded.config
}
