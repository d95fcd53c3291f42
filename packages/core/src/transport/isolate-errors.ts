import { PdkError } from '../errors.js'
import type { LoadRequest } from './protocol.js'

type Mode = 'worker' | 'process'

/** Why an isolate ended: the memory limit, a crash, or the host closing it. */
export function isolateEnded(
  request: LoadRequest,
  mode: Mode,
  why: { error?: Error; exitCode?: number | null; signal?: string | null; outOfMemory?: boolean; closed?: boolean },
): PdkError {
  const { name, version } = request.boot.plugin
  const details = {
    plugin: name,
    version,
    isolation: mode,
    ...(why.exitCode !== undefined && why.exitCode !== null ? { exitCode: why.exitCode } : {}),
    ...(why.signal ? { signal: why.signal } : {}),
  }
  if (why.closed) {
    return new PdkError('PDK_NOT_RUNNING', `Plugin "${name}@${version}" was stopped: its ${mode} is closed.`, {
      hint: 'Start the plugin again before calling it.',
      details,
    })
  }
  if (why.outOfMemory) {
    return new PdkError(
      'PDK_LIMIT_EXCEEDED',
      `Plugin "${name}@${version}" ran out of memory: its ${mode} exceeded pdk.limits.memoryMb (${request.memoryMb} MB) and was ended.`,
      {
        hint: 'Find what the plugin keeps in memory, or raise pdk.limits.memoryMb in its package.json.',
        details: { ...details, memoryMb: request.memoryMb },
        cause: why.error,
      },
    )
  }
  const how = why.error
    ? `threw ${why.error.name}: ${why.error.message}`
    : why.signal
      ? `was killed by ${why.signal}`
      : `exited with code ${why.exitCode}`
  return new PdkError('PDK_PLUGIN_CRASHED', `The ${mode} of plugin "${name}@${version}" ended: it ${how}.`, {
    hint: `Look at the plugin's own error handling (an uncaught exception or a process.exit() ends its ${mode}); the supervisor restarts it.`,
    details,
    cause: why.error,
  })
}

/** In-memory definitions are objects with functions: they cannot move into a worker or process. */
export function requireEntry(request: LoadRequest, mode: Mode): string {
  if (request.entry !== undefined && request.definition === undefined) return request.entry
  const { name, version } = request.boot.plugin
  throw new PdkError(
    'PDK_ISOLATION_UNAVAILABLE',
    `Plugin "${name}@${version}" is an in-memory definition, which cannot run in a ${mode}: only a plugin folder can be loaded there.`,
    {
      hint: 'Give the plugin a package folder (with its built entry) to isolate it, or run it in the host process ("none").',
      details: { plugin: name, version, step: 'load', isolation: mode },
    },
  )
}
