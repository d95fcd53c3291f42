import { mkdir } from 'node:fs/promises'
import { createPluginRuntime } from '../context/create-plugin-runtime.js'
import { resolveConfig } from '../context/resolve-config.js'
import { isPdkError, type PdkError } from '../errors.js'
import { createHostEndpoint, type HostLink, InProcessLink } from '../host/create-host-endpoint.js'
import { importOf } from '../host/fresh-import.js'
import { unknownHook } from '../host/hook-registry.js'
import { type HostCore, setState } from '../host/host-core.js'
import { isolationOf, transportFor } from '../host/isolation-of.js'
import type { PluginInstance, PluginRecord } from '../host/plugin-record.js'
import { storageError } from '../storage/storage-error.js'
import { isThenable } from '../transport/is-thenable.js'
import type { PluginEndpoint, ServiceShape } from '../transport/protocol.js'
import { coarseNow } from './coarse-clock.js'
import { crashRecord } from './crash-record.js'
import { Timed, type Tracked } from './deadline-queue.js'
import { bootOf, dataDirOf } from './in-process-boot.js'
import { pluginFailed, timedOut, withPlugin } from './plugin-errors.js'
import { teardown } from './stop-record.js'
import { superviseFailure } from './supervisor.js'
import { tapHooks } from './tap-hooks.js'

const NO_TOPICS: ReadonlySet<string> = new Set()
const EMPTY_CONFIG: Record<string, unknown> = Object.freeze({})
const DONE = Promise.resolve()
const NO_SERVICES: ServiceShape = Object.freeze({})
const NO_HOSTS = Object.freeze([]) as unknown as string[]
// Returned by a step that continues asynchronously.
const PENDING = Symbol('pending')

/** What a start attempt does once the awaited step settles. */
const Next = { None: 0, Load: 1, Init: 2, Start: 3, Started: 4 } as const
type Next = (typeof Next)[keyof typeof Next]

/** Told how a start attempt ended, instead of through a promise (the boot scheduler). */
export interface StartObserver {
  settled(slot: number, ok: boolean): void
}

/** Starts one resolved plugin (load, init, start), sharing the attempt with concurrent callers. */
export function startRecord(core: HostCore, record: PluginRecord): Promise<void> {
  if (record.state === 'started') return DONE
  const current = record.starting
  if (current !== undefined) return current
  if (record.stopping === undefined) {
    const outcome = new StartAttempt(core, record, undefined, 0).run()
    // Started synchronously: there is nothing for concurrent callers to share.
    if (outcome === DONE) return DONE
    // Waiting: `starting` makes the attempt's promise, which the attempt clears as it settles.
    if (outcome === PENDING) return record.starting!
    // Failed synchronously: shared until it settles.
    return shareFailure(record, outcome as Promise<void>)
  }
  const later = record.stopping.then(
    () => new StartAttempt(core, record, undefined, 0).promised(),
    () => new StartAttempt(core, record, undefined, 0).promised(),
  )
  record.starting = later
  share(record, later)
  return later
}

/**
 * `startRecord` for the boot scheduler: the outcome goes to `observer` (synchronously when the
 * plugin starts synchronously), and no promise is made unless someone else asks for
 * `record.starting` while the attempt waits: a boot of thousands of plugins makes none.
 */
export function startRecordFor(core: HostCore, record: PluginRecord, observer: StartObserver, slot: number): void {
  if (record.state === 'started' || record.stopping !== undefined || record.starting !== undefined) {
    startRecord(core, record).then(
      () => observer.settled(slot, true),
      () => observer.settled(slot, false),
    )
    return
  }
  const outcome = new StartAttempt(core, record, observer, slot).run()
  if (outcome === DONE) observer.settled(slot, true)
  else if (outcome !== PENDING)
    shareFailure(record, outcome as Promise<void>).then(undefined, () => observer.settled(slot, false))
}

function shareFailure(record: PluginRecord, failure: Promise<void>): Promise<void> {
  record.starting = failure
  share(record, failure)
  return failure
}

function share(record: PluginRecord, attempt: Promise<void>): void {
  const clear = () => {
    if (record.starting === attempt) record.starting = undefined
  }
  attempt.then(clear, clear)
}

function ignore(): void {}

/**
 * One attempt at load -> init -> start. Each step runs synchronously when the plugin answers
 * synchronously and waits (under the start timeout) only when it returns a promise, so a
 * host of thousands of small plugins does not pay a promise per step.
 */
class StartAttempt extends Timed {
  private step = 'load'
  /** The instance's link, from the load on (the link holds the instance once it is loaded). */
  private link: HostLink | undefined = undefined
  private readonly began = coarseNow()
  /** The attempt's promise, once asked for. */
  private made: Deferred | undefined = undefined
  /** What holds the awaited step to its deadline: the attempt itself, or a `StepDeadline`. */
  private deadline: Tracked | undefined = undefined

  constructor(
    private readonly core: HostCore,
    private readonly record: PluginRecord,
    private readonly observer: StartObserver | undefined,
    private readonly slot: number,
  ) {
    super()
  }

  /**
   * Runs the attempt as far as it goes synchronously: `DONE` when the plugin started, `PENDING`
   * when a step waits (the attempt is then `record.pendingStart`), or the rejected promise of a
   * synchronous failure.
   */
  run(): unknown {
    const { core, record } = this
    if (record.state !== 'resolved') setState(core, record, 'resolved')
    let outcome: unknown
    try {
      const config = this.config()
      if ((record.granted.fs?.write?.length ?? 0) === 0) outcome = this.load(config)
      else outcome = this.makeDataDir(config)
    } catch (error) {
      return this.fail(error)
    }
    if (outcome !== PENDING) return DONE
    record.pendingStart = this
    return PENDING
  }

  /** Runs the attempt and returns the promise of its outcome. */
  promised(): Promise<void> {
    const outcome = this.run()
    return outcome === PENDING ? this.promise() : (outcome as Promise<void>)
  }

  /** The promise of a waiting attempt, made on first request (what `record.starting` shares). */
  promise(): Promise<void> {
    if (this.made === undefined) {
      this.made = new Deferred()
      // The observer learns the outcome itself; a promise made for someone who only checked
      // whether a start is in progress must not become an unhandled rejection.
      if (this.observer !== undefined) this.made.promise.then(undefined, ignore)
    }
    return this.made.promise
  }

  private config(): Record<string, unknown> {
    const { core, record } = this
    const all = core.options.settings
    const settings = all.size === 0 ? undefined : all.get(record.name)
    const schema = record.manifest?.pdk.config
    if (settings === undefined && schema === undefined) return EMPTY_CONFIG
    return resolveConfig({ settings, schema, env: core.options.env, granted: record.granted.env ?? [], plugin: record })
  }

  // A plugin granted fs.write gets its data folder before it loads.
  private makeDataDir(config: Record<string, unknown>): unknown {
    const { record } = this
    const dataDir = dataDirOf(this.core, record)
    // The folder's promise hands the config on: the attempt keeps no field for this rare wait.
    const made = mkdir(dataDir, { recursive: true }).then(
      () => config,
      (error) => {
        throw storageError(record, 'create data folder', dataDir, error)
      },
    )
    return this.after(made, Next.Load)
  }

  private load(config: Record<string, unknown>): unknown {
    const { core, record } = this
    const { definition, manifest } = record
    // An in-memory definition always runs in the host's thread (`isolationOf`): without
    // \`cloneValues\`, what the direct transport would do with it, minus a request object, and
    // with one object as both the plugin's link and its boot data.
    if (definition !== undefined && manifest !== undefined && !core.options.cloneValues) {
      const link = new InProcessLink(core, record, manifest, config, record.granted.network ?? NO_HOSTS)
      this.link = link
      return this.after(createPluginRuntime(definition, link, link), Next.Init)
    }
    const host = createHostEndpoint(core, record)
    this.link = host
    const mode = isolationOf(core, record)
    // Plain data where the transport copies it; in the host's thread, identity made on first read.
    const boot = bootOf(core, record, config, mode !== 'none' || core.options.cloneValues)
    const transport = transportFor(core, mode)
    // In the host's process there is no isolate to limit or to crash: a host of thousands of
    // in-process plugins makes no crash callback per plugin.
    const loaded =
      mode === 'none'
        ? transport.load({
            boot,
            entry: record.entry,
            definition: record.definition,
            host,
            // A reloaded folder plugin starts from the code of its last reload.
            fresh: record.entry === undefined ? undefined : importOf(record),
          })
        : transport.load({
            boot,
            entry: record.entry,
            definition: record.definition,
            host,
            granted: record.granted,
            dir: record.dir,
            memoryMb: record.manifest?.pdk.limits?.memoryMb,
            // Only while this attempt's instance serves: an instance replaced by a hot reload
            // that crashes on its way out does not fail its successor.
            crashed: (error) => {
              const mine = this.link?.instance
              if (mine === undefined || record.instance === mine) crashRecord(core, record, error)
            },
          })
    return this.after(loaded, Next.Init)
  }

  private init(endpoint: PluginEndpoint): unknown {
    const { core, record } = this
    const shape = endpoint.describe()
    const { hooks } = shape
    for (let i = 0; i < hooks.length; i++) {
      const tap = hooks[i]!
      if (!core.hooks.has(tap.name)) throw unknownHook(tap.name, core.hooks.names(), record)
    }
    const topics = shape.messages.length > 0 ? new Set(shape.messages) : NO_TOPICS
    const link = this.link!
    let instance: PluginInstance
    if (link instanceof InProcessLink) instance = link.loaded(endpoint, shape, topics)
    else {
      instance = { endpoint, shape, topics, services: NO_SERVICES, metrics: undefined }
      link.instance = instance
    }
    record.instance = instance
    setState(core, record, 'loaded')
    this.step = 'init'
    return this.after(endpoint.init(), Next.Start)
  }

  private start(instance: PluginInstance, services: ServiceShape | undefined): unknown {
    const { core, record } = this
    instance.services = services ?? NO_SERVICES
    setState(core, record, 'initialized')
    this.step = 'start'
    if (instance.shape.hooks.length > 0) tapHooks(core, record, instance)
    return this.after(instance.endpoint.start(), Next.Started)
  }

  // Steps continue through a code rather than a closure per step: one attempt per plugin start.
  private continue(next: Next, value: unknown): unknown {
    switch (next) {
      case Next.Load:
        return this.load(value as Record<string, unknown>)
      case Next.Init:
        return this.init(value as PluginEndpoint)
      case Next.Start:
        return this.start(this.link!.instance!, value as ServiceShape | undefined)
      case Next.Started:
        return this.started()
      default:
        return undefined
    }
  }

  private started(): void {
    const { core, record } = this
    record.startSeconds = (coarseNow() - this.began) / 1000
    setState(core, record, 'started')
  }

  /** Continues with `next` now, or once `result` settles within the start timeout. */
  private after(result: unknown, next: Next): unknown {
    if (!isThenable(result)) return this.continue(next, result)
    // A step that settled while an older deadline held the head of the queue leaves its slot
    // there; tracking the attempt again would give it a second slot, and the first, at the
    // head, would hold the queue's timer to this step's later deadline. Later steps get an
    // entry of their own (most plugins wait in one step only, so most attempts make none).
    const deadline = this.at === 0 ? this : new StepDeadline(this, this.record)
    this.deadline = deadline
    this.core.deadlines.track(deadline, this.record.limits.startTimeoutMs)
    // Bound when a step waits, not made with each attempt: most steps answer synchronously, and
    // two bound functions are smaller than two closures and the context they share.
    result.then(this.stepDone.bind(this), this.stepFailed.bind(this))
    return PENDING
  }

  /** The awaited step resolved with `value`. */
  private stepDone(value: unknown): void {
    const deadline = this.deadline!
    if (deadline.settled) {
      // A worker or process that finished loading after the attempt gave up: end it.
      if (this.step === 'load') (value as PluginEndpoint | undefined)?.close?.().catch(ignore)
      return
    }
    this.core.deadlines.settle(deadline)
    this.proceed(value)
  }

  /** The awaited step rejected. */
  private stepFailed(error: unknown): void {
    const deadline = this.deadline!
    if (deadline.settled) return
    this.core.deadlines.settle(deadline)
    this.abort(this.stepError(this.step, error))
  }

  private proceed(value: unknown): void {
    let outcome: unknown
    try {
      outcome = this.continue(this.awaited(), value)
    } catch (error) {
      this.abort(error)
      return
    }
    // Outside the try: what the observer does next (the boot starting the dependents) is not
    // this plugin's failure.
    if (outcome !== PENDING) this.finish()
  }

  /**
   * Where an awaited step continues, from the step it is in (no field for it): the data folder
   * is made before the load makes the link.
   */
  private awaited(): Next {
    switch (this.step) {
      case 'load':
        return this.link === undefined ? Next.Load : Next.Init
      case 'init':
        return Next.Start
      default:
        return Next.Started
    }
  }

  expire(): void {
    this.abort(timedOut(this.record, this.step, this.record.limits.startTimeoutMs))
  }

  private stepError(step: string, error: unknown): PdkError {
    if (isPdkError(error) && error.details.plugin === this.record.name && step === 'load') return error
    return pluginFailed(this.record, step, error)
  }

  // `starting` is cleared just before the attempt settles, as callers awaiting it resume after.
  private release(): void {
    const { record } = this
    if (record.pendingStart === this) record.pendingStart = undefined
    if (this.made !== undefined && record.starting === this.made.promise) record.starting = undefined
  }

  private finish(): void {
    this.release()
    this.made?.resolve()
    this.observer?.settled(this.slot, true)
  }

  private abort(error: unknown): void {
    this.fail(error).catch((failure: unknown) => {
      this.release()
      this.made?.reject(failure)
      this.observer?.settled(this.slot, false)
    })
  }

  private async fail(error: unknown): Promise<void> {
    const { core, record, step } = this
    const instance = this.link?.instance
    const failure =
      isPdkError(error) && error.code !== 'PDK_INTERNAL' ? withPlugin(error, record, step) : this.wrap(error)
    if (failure.code === 'PDK_PLUGIN_FAILED' || failure.code === 'PDK_TIMEOUT') record.series.errors.inc()
    if (instance !== undefined) await teardown(core, record, instance, false)
    record.instance = undefined
    setState(core, record, 'failed', failure)
    superviseFailure(core, record, failure)
    throw failure
  }

  // A synchronous throw from the plugin's own step is its failure; anything else is the host's.
  private wrap(error: unknown): PdkError {
    return isPdkError(error) ? withPlugin(error, this.record, this.step) : this.stepError(this.step, error)
  }
}

/** The deadline of a start attempt's second or later awaited step. */
class StepDeadline extends Timed {
  constructor(
    private readonly attempt: StartAttempt,
    // Like the attempt, found by the queue's `pendingWhere` as work in flight for its plugin.
    readonly record: PluginRecord,
  ) {
    super()
  }

  expire(): void {
    this.attempt.expire()
  }
}

/** A promise with its settle functions. */
class Deferred {
  readonly promise: Promise<void>
  resolve!: () => void
  reject!: (error: unknown) => void

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
  }
}
