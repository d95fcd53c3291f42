import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import semver from 'semver'
import { PdkError } from '../errors.js'
import type { HostOptions } from './host-types.js'

/**
 * `createHost` options from a host project's `pdk.config.json` `host` section: name, API
 * version, `pluginsDir` (default `plugins`) as the plugin source, and its lockfile
 * `<pluginsDir>/pdk-lock.json`. Paths come back absolute; spread the result and add the rest.
 * @example const host = await createHost({ ...(await loadHostConfig(process.cwd())), settings })
 */
export async function loadHostConfig(cwd: string): Promise<HostOptions & { plugins: string[]; lockfile: string }> {
  const file = join(resolve(cwd), 'pdk.config.json')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new PdkError(
      'PDK_HOST_CONFIG',
      `No host project at ${resolve(cwd)}: ${file} cannot be read (${(error as NodeJS.ErrnoException).code}).`,
      {
        hint: 'Create pdk.config.json with { "host": { "name": "my-host", "version": "1.0.0" } }, or pass the host project folder.',
        details: { file, step: 'configure' },
        cause: error,
      },
    )
  }
  let json: { host?: { name?: unknown; version?: unknown; pluginsDir?: unknown } }
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new PdkError('PDK_HOST_CONFIG', `${file} is not valid JSON: ${(error as Error).message}`, {
      hint: 'Fix the JSON syntax of pdk.config.json.',
      details: { file, step: 'configure' },
    })
  }
  const host = json?.host
  const problems: Array<[string, string]> = []
  if (host === undefined || typeof host !== 'object' || host === null)
    problems.push(['/host', 'a "host" object is required in a host project'])
  else {
    if (typeof host.name !== 'string' || host.name === '')
      problems.push(['/host/name', `must be a non-empty string, found ${JSON.stringify(host.name)}`])
    if (typeof host.version !== 'string' || semver.valid(host.version) === null)
      problems.push(['/host/version', `must be a semver version, found ${JSON.stringify(host.version)}`])
    if (host.pluginsDir !== undefined && (typeof host.pluginsDir !== 'string' || host.pluginsDir === ''))
      problems.push(['/host/pluginsDir', `must be a folder path, found ${JSON.stringify(host.pluginsDir)}`])
  }
  if (problems.length > 0) {
    const [pointer, message] = problems[0]!
    throw new PdkError(
      'PDK_HOST_CONFIG',
      `${file}#${pointer} ${message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}.`,
      {
        hint: 'The host section needs { "name": "my-host", "version": "1.0.0", "pluginsDir": "plugins" }.',
        details: { file, pointer, step: 'configure', problems: problems.map(([p, m]) => ({ pointer: p, message: m })) },
      },
    )
  }
  const root = resolve(cwd)
  const pluginsDir = resolve(root, (host!.pluginsDir as string | undefined) ?? 'plugins')
  return {
    name: host!.name as string,
    version: host!.version as string,
    plugins: [pluginsDir],
    lockfile: join(pluginsDir, 'pdk-lock.json'),
    storage: { dir: join(root, '.pdk', 'storage') },
    cwd: root,
  }
}
