import type { Tracked } from '../lifecycle/deadline-queue.js'
import type { EventMeta, HealthResult } from '../plugin/types.js'
import type { PluginEndpoint, PluginShape, ServiceShape } from '../transport/protocol.js'
import { notRunning } from './create-host-endpoint.js'
import type { Subscription } from './event-bus.js'
import type { HostCore } from './host-core.js'
import type { PluginInstance, PluginRecord } from './plugin-record.js'

// How often a reload looks whether the old version's calls in flight have settled.
const DRAIN_POLL_MS = 2

/**
 * Stands in for the plugin while it is switched: every call waits until the gate opens, then
 * goes to whichever version serves. It knows the calls already in flight to the old version.
 */
export class Gate implements PluginEndpoint {
  readonly instance: PluginInstance
  readonly opened: Promise<void>
  readonly inFlight: Tracked[]
  private release!: () => void

  constructor(
    core: HostCore,
    private readonly record: PluginRecord,
    blue: PluginInstance,
  ) {
    this.opened = new Promise((resolve) => {
      this.release = resolve
    })
    this.instance = { ...blue, endpoint: this }
    // Calls are held to deadlines in the shared queue by `invokeCall`; the ones of this plugin
    // pending now went to the old version.
    this.inFlight = core.deadlines.pendingWhere((item) => (item as { record?: unknown }).record === record)
  }

  /** Lets waiting calls through to `to`, after the events held meanwhile. */
  open(to: PluginInstance, held: HeldEvents): void {
    const { record } = this
    // The old version's isolate may have crashed while the gate was up: the crash already made
    // the plugin failed (and the supervisor owns it now), so held calls fail as not running.
    if (record.state === 'started') {
      record.instance = to
      held.release(to)
    } else {
      held.release(undefined)
    }
    if (record.starting === this.opened) record.starting = undefined
    this.release()
  }

  private current(): PluginEndpoint {
    const { record } = this
    const endpoint = record.instance?.endpoint
    if (endpoint === undefined || endpoint === this || record.state !== 'started') {
      throw notRunning(record.name, record.version, 'a call held during its reload', record.state)
    }
    return endpoint
  }

  describe(): PluginShape {
    return this.instance.shape
  }
  init(state?: unknown): Promise<ServiceShape> {
    return this.opened.then(() => this.current().init(state))
  }
  start(): Promise<unknown> {
    return this.opened.then(() => this.current().start())
  }
  stop(): Promise<unknown> {
    return this.opened.then(() => this.current().stop())
  }
  dispose(): Promise<unknown> {
    return this.opened.then(() => this.current().dispose())
  }
  snapshot(): Promise<unknown> {
    return this.opened.then(() => this.current().snapshot())
  }
  health(): Promise<HealthResult | undefined> {
    return this.opened.then(() => this.current().health())
  }
  message(topic: string, payload: unknown): Promise<unknown> {
    return this.opened.then(() => this.current().message(topic, payload))
  }
  event(subscription: number, payload: unknown, meta: EventMeta): Promise<unknown> {
    return this.opened.then(() => this.current().event(subscription, payload, meta))
  }
  hook(name: string, value: unknown): Promise<unknown> {
    return this.opened.then(() => this.current().hook(name, value))
  }
  service(capability: string, method: string, args: unknown[]): Promise<unknown> {
    return this.opened.then(() => this.current().service(capability, method, args))
  }
}

/** Events for a plugin that arrive while it is switched, kept in order. */
export interface HeldEvents {
  /** Delivers the held events to `to`'s subscriptions, or drops them when no version serves. */
  release(to: PluginInstance | undefined): void
}

/** Holds every event the old version's subscriptions would have taken, until the gate opens. */
export function holdEvents(core: HostCore, name: string, subscriptions: readonly Subscription[]): HeldEvents {
  const owner = `${name}\u0000reload`
  const held: Array<{ name: string; payload: unknown; meta: EventMeta }> = []
  const seen = new Set<string>()
  let id = 0
  for (const subscription of subscriptions) {
    if (seen.has(subscription.pattern)) continue
    seen.add(subscription.pattern)
    const matches = subscription.matches
    core.events.subscribe(owner, ++id, subscription.pattern, (payload, meta) => {
      // One event may match several patterns (one emit shares one meta object): keep it once.
      if (held[held.length - 1]?.meta === meta) return
      if (matches(meta.name)) held.push({ name: meta.name, payload, meta })
    })
  }
  return {
    release(to) {
      core.events.removeOwner(owner)
      if (to === undefined) return
      for (const event of held) core.events.emitTo(name, event.name, event.payload, event.meta.from)
    },
  }
}

/** Waits until each of these calls settled (each settles by its own deadline at the latest). */
export async function drain(calls: readonly Tracked[]): Promise<void> {
  while (calls.some((call) => !call.settled)) await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS))
}
