import type { PdkError } from '../errors.js'
import type { PluginState } from '../lifecycle/plugin-state.js'
import type { Permissions, PluginPackageJson } from '../manifest/types.js'
import type { PluginDefinition } from '../plugin/types.js'
import type { PluginEndpoint, PluginShape, ServiceShape } from '../transport/protocol.js'
import type { AutoMetrics } from './host-core.js'
import { PluginSeries } from './plugin-series.js'

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
  /** A start in progress that has not made its promise yet (see `LazyStart`). */
  pendingStart: LazyStart | undefined
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

/** A start attempt in progress whose promise is made only when someone asks for it. */
export interface LazyStart {
  promise(): Promise<void>
}

/** Where a record's limits come from: the host's, or the manifest's own where it sets them. */
type Limits = PluginRecord['limits']

/** What the records of one host share: its automatic metric families and its limits. */
export interface RecordDefaults {
  readonly auto: AutoMetrics
  readonly limits: Limits
}

// Shared by records until something gives them their own; never mutated (frozen to make sure).
const NO_DEPS = Object.freeze([]) as unknown as string[]
const NO_TIMES = Object.freeze([]) as unknown as number[]
const NO_PROVIDERS: ReadonlyMap<string, string> = new Map()
const NOTHING_GRANTED: Permissions = Object.freeze({})
/** The activation of a plugin that starts with the host (nearly all): shared, never mutated. */
export const EAGER: PluginRecord['activation'] = { topics: new Set(), patterns: [] }

const CRITICAL = 1
const LAZY = 2

/**
 * The host's record of a plugin. A class, not a literal: a host makes one per plugin at boot and
 * keeps it, so what most plugins never use lives in objects made on first use: restart
 * bookkeeping, metric series and the start promise (`Extra`), the package folder and entry of
 * folder plugins (`Origin`), and providers, own limits and lazy activation (`Own`). Flags share
 * one small integer, and the start time is kept as whole microseconds (not a boxed number).
 */
export class HostRecord implements PluginRecord {
  state: PluginState
  lastError: PdkError | undefined = undefined
  deps: string[] = NO_DEPS
  granted: Permissions = NOTHING_GRANTED
  instance: PluginInstance | undefined = undefined
  pendingStart: LazyStart | undefined = undefined
  private startMicros = -1
  private flags = 0
  private extra: Extra | undefined = undefined
  private origin: Origin | undefined = undefined
  private own: Own | undefined = undefined

  constructor(
    readonly name: string,
    readonly version: string,
    readonly kind: string,
    readonly manifest: PluginPackageJson | undefined,
    dir: string | undefined,
    entry: string | undefined,
    readonly definition: PluginDefinition<any> | undefined,
    state: PluginState,
    public order: number,
    limits: Limits,
    critical: boolean,
    lazy: boolean,
    activation: { topics: Set<string>; patterns: string[] },
    private readonly defaults: RecordDefaults,
  ) {
    this.state = state
    if (critical) this.flags |= CRITICAL
    if (lazy) this.flags |= LAZY
    if (dir !== undefined || entry !== undefined) this.origin = new Origin(dir, entry)
    if (limits !== defaults.limits) this.ownOf().limits = limits
    if (activation !== EAGER) this.ownOf().activation = activation
  }

  private get more(): Extra {
    this.extra ??= new Extra()
    return this.extra
  }

  private ownOf(): Own {
    this.own ??= new Own()
    return this.own
  }

  get dir(): string | undefined {
    return this.origin?.dir
  }

  set dir(dir: string | undefined) {
    if (dir !== undefined || this.origin !== undefined) this.originOf().dir = dir
  }

  get entry(): string | undefined {
    return this.origin?.entry
  }

  set entry(entry: string | undefined) {
    if (entry !== undefined || this.origin !== undefined) this.originOf().entry = entry
  }

  private originOf(): Origin {
    this.origin ??= new Origin(undefined, undefined)
    return this.origin
  }

  get critical(): boolean {
    return (this.flags & CRITICAL) !== 0
  }

  set critical(critical: boolean) {
    this.flags = critical ? this.flags | CRITICAL : this.flags & ~CRITICAL
  }

  get lazy(): boolean {
    return (this.flags & LAZY) !== 0
  }

  set lazy(lazy: boolean) {
    this.flags = lazy ? this.flags | LAZY : this.flags & ~LAZY
  }

  get limits(): Limits {
    return this.own?.limits ?? this.defaults.limits
  }

  set limits(limits: Limits) {
    if (limits !== this.defaults.limits || this.own !== undefined) this.ownOf().limits = limits
  }

  get providers(): ReadonlyMap<string, string> {
    return this.own?.providers ?? NO_PROVIDERS
  }

  set providers(providers: ReadonlyMap<string, string>) {
    if (providers !== NO_PROVIDERS || this.own !== undefined) this.ownOf().providers = providers
  }

  get activation(): { topics: Set<string>; patterns: string[] } {
    return this.own?.activation ?? EAGER
  }

  set activation(activation: { topics: Set<string>; patterns: string[] }) {
    if (activation !== EAGER || this.own !== undefined) this.ownOf().activation = activation
  }

  get starting(): Promise<void> | undefined {
    const started = this.extra?.started
    if (started !== undefined || this.pendingStart === undefined) return started
    const promise = this.pendingStart.promise()
    this.more.started = promise
    return promise
  }

  set starting(promise: Promise<void> | undefined) {
    if (promise !== undefined || this.extra !== undefined) this.more.started = promise
  }

  get stopping(): Promise<void> | undefined {
    return this.extra?.stopping
  }

  set stopping(promise: Promise<void> | undefined) {
    if (promise !== undefined || this.extra !== undefined) this.more.stopping = promise
  }

  get restarts(): number {
    return this.extra?.restarts ?? 0
  }

  set restarts(count: number) {
    this.more.restarts = count
  }

  get restartTimes(): number[] {
    return this.extra?.restartTimes ?? NO_TIMES
  }

  set restartTimes(times: number[]) {
    this.more.restartTimes = times
  }

  get restartTimer(): NodeJS.Timeout | undefined {
    return this.extra?.restartTimer
  }

  set restartTimer(timer: NodeJS.Timeout | undefined) {
    if (timer !== undefined || this.extra !== undefined) this.more.restartTimer = timer
  }

  get circuitOpen(): boolean {
    return this.extra?.circuitOpen ?? false
  }

  set circuitOpen(open: boolean) {
    if (open || this.extra !== undefined) this.more.circuitOpen = open
  }

  get held(): boolean {
    return this.extra?.held ?? false
  }

  set held(held: boolean) {
    if (held || this.extra !== undefined) this.more.held = held
  }

  get startSeconds(): number | undefined {
    return this.startMicros < 0 ? undefined : this.startMicros / 1e6
  }

  set startSeconds(seconds: number | undefined) {
    this.startMicros = seconds === undefined ? -1 : Math.round(seconds * 1e6)
  }

  get series(): PluginSeries {
    const more = this.more
    more.series ??= new PluginSeries(this.defaults.auto, this.name)
    return more.series
  }
}

/** What a record rarely needs: made on first use. */
class Extra {
  started: Promise<void> | undefined = undefined
  stopping: Promise<void> | undefined = undefined
  restarts = 0
  restartTimes: number[] = NO_TIMES
  restartTimer: NodeJS.Timeout | undefined = undefined
  circuitOpen = false
  held = false
  series: PluginSeries | undefined = undefined
}

/** Where a folder plugin comes from (in-memory plugins usually have neither). */
class Origin {
  constructor(
    public dir: string | undefined,
    public entry: string | undefined,
  ) {}
}

/** What a record has of its own instead of the shared defaults. */
class Own {
  providers: ReadonlyMap<string, string> | undefined = undefined
  limits: Limits | undefined = undefined
  activation: { topics: Set<string>; patterns: string[] } | undefined = undefined
}
