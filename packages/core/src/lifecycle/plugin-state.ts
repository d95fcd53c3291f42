/** The states of a plugin instance (spec/plugin-api.md, Lifecycle). */
export type PluginState =
  | 'discovered'
  | 'resolved'
  | 'loaded'
  | 'initialized'
  | 'started'
  | 'stopping'
  | 'stopped'
  | 'disposed'
  | 'failed'

/** A lifecycle step, as named in errors (`details.step`). */
export type LifecycleStep = 'discover' | 'resolve' | 'load' | 'init' | 'start' | 'stop' | 'dispose'

// `failed` is reachable from every state; a failed or disposed plugin goes back to `resolved`
// when it is started again (restart, supervisor, or `startPlugin`).
const NEXT: Record<PluginState, readonly PluginState[]> = {
  discovered: ['resolved', 'failed'],
  resolved: ['loaded', 'failed'],
  loaded: ['initialized', 'failed'],
  initialized: ['started', 'stopping', 'failed'],
  started: ['stopping', 'failed'],
  stopping: ['stopped', 'failed'],
  stopped: ['disposed', 'failed'],
  disposed: ['resolved', 'failed'],
  failed: ['resolved', 'disposed', 'failed'],
}

/** True when the state machine allows `from -> to`. */
export function canTransition(from: PluginState, to: PluginState): boolean {
  // The moves of every start, answered without a table lookup (checked on every state change).
  if (to === 'loaded') return from === 'resolved'
  if (to === 'initialized') return from === 'loaded'
  if (to === 'started') return from === 'initialized'
  if (to === 'resolved') return from === 'discovered' || from === 'disposed' || from === 'failed'
  return NEXT[from].includes(to)
}
