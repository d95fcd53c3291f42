import { PdkError } from '../errors.js'

/**
 * `PDK_DEP_FAILED` for a plugin whose dependency failed. It names the dependency and the root
 * cause (the first plugin in the chain that failed on its own), never the whole chain: in a
 * chain of thousands, nested causes would grow with the square of its length.
 */
export function dependencyFailed(
  plugin: { name: string; version: string },
  dep: string,
  cause: PdkError | undefined,
  step: string,
): PdkError {
  const root =
    cause?.code === 'PDK_DEP_FAILED' && cause.details.root ? (cause.details.root as RootCause) : rootOf(dep, cause)
  const why = root
    ? root.plugin === dep
      ? `: ${root.message}`
      : `, because "${root.plugin}" failed: ${root.message}`
    : '.'
  return new PdkError(
    'PDK_DEP_FAILED',
    `Plugin "${plugin.name}@${plugin.version}" is not started because its dependency "${dep}" failed${why}`,
    {
      hint: `Fix "${root?.plugin ?? dep}" first (see its error in host.health()), then host.startPlugin("${plugin.name}").`,
      details: { plugin: plugin.name, version: plugin.version, step, dependency: dep, ...(root ? { root } : {}) },
    },
  )
}

interface RootCause {
  plugin: string
  code: string
  message: string
}

function rootOf(dep: string, cause: PdkError | undefined): RootCause | undefined {
  return cause === undefined ? undefined : { plugin: dep, code: cause.code, message: cause.message }
}
