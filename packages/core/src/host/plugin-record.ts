import type { PdkError } from '../errors.js'
import type { PluginState } from '../lifecycle/plugin-state.js'
import type { Permissions, PluginPackageJson } from '../manifest/types.js'
import type { PluginDefinition } from '../plugin/types.js'
import type { PluginEndpoint, PluginShape, ServiceShape } from '../transport/protocol.js'
import type { PluginSeries } from './plugin-series.js'

/** A loaded instance of a plugin: its endpoint and what it declared. Replaced on every restart. */
export interface PluginInstance {
  endpoint: PluginEndpoint
  shape: PluginShape
  topics: ReadonlySet<string>
  services: ServiceShape
  /** Plugin metric names -> exported family name, as it defined them. */
  metrics: Map<string, string> | undefined
}

/** Everything the host knows about one plugin, across its instances. */
export interface PluginRecord {
  readonly name: string
  readonly version: string
  readonly kind: string
  readonly manifest: PluginPackageJson | undefined
  readonly dir: string | undefined
  readonly entry: string | undefined
  readonly definition: PluginDefinition<any> | undefined
  state: PluginState
  lastError: PdkError | undefined
  /** Position in start order: ties between equal hook priorities. */
  order: number
  deps: string[]
  providers: ReadonlyMap<string, string>
  granted: Permissions
  limits: { startTimeoutMs: number; stopTimeoutMs: number; callTimeoutMs: number }
  critical: boolean
  lazy: boolean
  activation: { topics: Set<string>; patterns: string[] }
  instance: PluginInstance | undefined
  /** The start in progress, shared by concurrent activations. */
  starting: Promise<void> | undefined
  stopping: Promise<void> | undefined
  restarts: number
  restartTimes: number[]
  restartTimer: NodeJS.Timeout | undefined
  circuitOpen: boolean
  /** Stopped on purpose: the supervisor leaves it alone. */
  held: boolean
  startSeconds: number | undefined
  series: PluginSeries
}
