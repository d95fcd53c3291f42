import { PdkError } from '@pdk/core'
import npa from 'npm-package-arg'
import { loadNpmConfig, type NpmOptions, registryFor } from './npm-config.js'
import { registryError } from './registry-error.js'

/** A tarball fetched from the registry, its integrity checked against the packument by pacote. */
export interface FetchedTarball {
  name: string
  version: string
  data: Buffer
  integrity: string
  resolved: string
}

/** Fetches `NAME@VERSION` (or a range or tag) from the registry in npm's configuration, checking its integrity. */
export async function fetchTarball(
  spec: string,
  options: { cwd: string; registry?: string; npm?: NpmOptions; integrity?: string },
): Promise<FetchedTarball> {
  let parsed: ReturnType<typeof npa>
  try {
    parsed = npa(spec)
  } catch (error) {
    throw new PdkError(
      'PDK_USAGE',
      `"${spec}" is not a package name with an optional version: ${(error as Error).message}.`,
      {
        hint: 'Use NAME, NAME@VERSION or NAME@RANGE, e.g. `pdk-plugin-greeter@1.0.0`.',
        cause: error,
      },
    )
  }
  if (!parsed.registry || !parsed.name) {
    throw new PdkError('PDK_USAGE', `"${spec}" is not a registry package (it reads as a ${parsed.type}).`, {
      hint: 'Use NAME@VERSION for a registry package, or a path to a folder or .tgz.',
    })
  }
  const npm = options.npm ?? (await loadNpmConfig({ cwd: options.cwd, registry: options.registry }))
  const { default: pacote } = await import('pacote')
  const name = parsed.name
  try {
    const manifest = await pacote.manifest(spec, { ...npm, fullMetadata: false })
    const data = (await pacote.tarball(`${name}@${manifest.version}`, {
      ...npm,
      integrity: options.integrity ?? manifest._integrity,
    })) as Buffer & { integrity?: string; resolved?: string }
    return {
      name,
      version: manifest.version,
      data,
      integrity: String(data.integrity ?? manifest._integrity),
      resolved: String(data.resolved ?? manifest._resolved),
    }
  } catch (error) {
    const e = error as { code?: string }
    if (e.code === 'ETARGET') {
      throw new PdkError(
        'PDK_NOT_FOUND',
        `No version of "${name}" matches "${parsed.rawSpec}" in ${registryFor(name, npm)}.`,
        {
          hint: `Run \`npm view ${name} versions --registry ${registryFor(name, npm)}\` to see the published versions.`,
          details: { plugin: name, range: parsed.rawSpec },
          cause: error,
        },
      )
    }
    throw registryError(error, {
      action: 'fetch',
      registry: registryFor(name, npm),
      name,
      version: parsed.rawSpec || undefined,
    })
  }
}
