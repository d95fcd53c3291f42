import { packageRules } from './package-rules.js'

/** Every rule `pdk validate` reports: the manifest rules of @pdk/core, then its own package rules. */
export async function validateRules(): Promise<{ id: string; severity: 'error' | 'warn'; description: string }[]> {
  const { manifestRules } = await import('@pdk/core')
  return [...manifestRules, ...packageRules]
}
