/**
 * The environment an isolated plugin sees: only the variables it was granted (config
 * interpolation happens in the host and needs none).
 */
export function pickEnv(
  granted: readonly string[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const name of granted ?? []) {
    const value = env[name]
    if (value !== undefined) picked[name] = value
  }
  return picked
}
