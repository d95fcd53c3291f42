import { PdkError } from '../errors.js'
import { type StartObserver, startRecordFor } from '../lifecycle/start-record.js'
import { dependencyFailed } from '../resolve/dependency-failed.js'
import { type HostCore, setState } from './host-core.js'
import type { PluginRecord } from './plugin-record.js'

/**
 * Starts `records` in dependency order: each plugin as soon as its dependencies are done, so
 * independent plugins start concurrently; `system` plugins and what they need go first. A
 * plugin whose required dependency failed is marked failed with the reason. Scheduling counts
 * each plugin's pending dependencies (Kahn's algorithm) instead of chaining a promise per
 * plugin. Resolves with the failures of critical (`system` or host-declared critical) plugins.
 */
export function startPlugins(core: HostCore, records: readonly PluginRecord[]): Promise<PdkError[]> {
  if (records.length === 0) return Promise.resolve([])
  return new Promise((resolve) => new Boot(core, records, resolve).begin())
}

// Dependencies by slot that `addPlugins` worked out for the records it returned (from resolution's
// positions), so that booting them looks no names up: the concatenated `deps` of the records in
// `order`, each a slot in that array or -1 (a plugin outside it).
const plans = new WeakMap<readonly PluginRecord[], Int32Array>()

/** Gives the boot of `records` (in `order`) the slot of every dependency, in `deps` order. */
export function planBoot(records: readonly PluginRecord[], slots: Int32Array): void {
  plans.set(records, slots)
}

/**
 * One boot. Plugins are known by their slot in start order; per-plugin bookkeeping lives in typed
 * arrays (dependencies and dependents in compressed rows), and attempts report to the boot
 * directly (`StartObserver`) rather than through a promise each.
 */
class Boot implements StartObserver {
  private readonly sorted: readonly PluginRecord[]
  private readonly n: number
  /** `order` of the first slot when the slots' orders are consecutive (as `addPlugins` makes them). */
  private readonly base: number
  /** Name -> slot, only when they are not. */
  private readonly index: Map<string, number> | undefined
  private readonly waiting: Int32Array
  /** Slot of each dependency (in `deps` order; -1 outside this boot), rows by `depStart`. */
  private readonly depStart: Int32Array
  private readonly depAt: Int32Array
  /** Dependents of each slot, rows by `dependentStart`. */
  private readonly dependentStart: Int32Array
  private readonly dependents: Int32Array
  /** Slots of the dependencies as `addPlugins` planned them, when they still line up. */
  private readonly plan: Int32Array | undefined
  /** 0 not done yet, 1 started (or available), 2 failed or blocked. */
  private readonly outcome: Uint8Array
  /** Slots of the system closure (what `system` plugins need), which start before the others. */
  private readonly first: Uint8Array | undefined
  private firstLeft = 0
  private readonly gated: number[] = []
  private left: number
  // Plugins whose dependencies are done, launched by one loop: a chain of 10k plugins that
  // finish synchronously (lazy, blocked, synchronous steps) must not recurse 10k deep. Each
  // slot is queued once.
  private readonly queue: Int32Array
  private head = 0
  private tail = 0
  private draining = false

  constructor(
    private readonly core: HostCore,
    private readonly records: readonly PluginRecord[],
    private readonly resolve: (errors: PdkError[]) => void,
  ) {
    const n = records.length
    this.n = n
    this.left = n
    this.sorted = inOrder(records)
    const base = this.sorted[0]!.order
    this.base = base
    if (this.sorted[n - 1]!.order - base !== n - 1) {
      const index = new Map<string, number>()
      for (let i = 0; i < n; i++) index.set(this.sorted[i]!.name, i)
      this.index = index
    }
    this.waiting = new Int32Array(n)
    this.outcome = new Uint8Array(n)
    this.queue = new Int32Array(n)
    this.depStart = new Int32Array(n + 1)
    this.dependentStart = new Int32Array(n + 1)
    let edges = 0
    for (let i = 0; i < n; i++) edges += this.sorted[i]!.deps.length
    this.depAt = new Int32Array(edges)
    this.dependents = new Int32Array(edges)
    const plan = this.sorted === records ? plans.get(records) : undefined
    // Taken, not left for the WeakMap to drop: young values of an old WeakMap outlive scavenges.
    if (plan !== undefined) plans.delete(records)
    this.plan = plan !== undefined && plan.length === edges ? plan : undefined
    this.first = this.systemClosure()
  }

  /** The slot of the plugin called `name` in this boot, or -1. */
  private slotOf(name: string): number {
    if (this.index !== undefined) return this.index.get(name) ?? -1
    const record = this.core.records.get(name)
    if (record === undefined) return -1
    const i = record.order - this.base
    return i >= 0 && i < this.n && this.sorted[i] === record ? i : -1
  }

  private systemClosure(): Uint8Array | undefined {
    const { sorted, n, core } = this
    const stack: string[] = []
    for (let i = 0; i < n; i++) if (sorted[i]!.kind === 'system') stack.push(sorted[i]!.name)
    if (stack.length === 0) return undefined
    const closure = new Set<string>()
    const first = new Uint8Array(n)
    while (stack.length > 0) {
      const name = stack.pop()!
      if (closure.has(name)) continue
      closure.add(name)
      // Only members of this boot hold the others back; plugins already running are done.
      const slot = this.slotOf(name)
      if (slot >= 0 && first[slot] === 0) {
        first[slot] = 1
        this.firstLeft++
      }
      for (const dep of core.records.get(name)?.deps ?? []) stack.push(dep)
    }
    return first
  }

  begin(): void {
    const { sorted, n, waiting, depStart, depAt, dependentStart, dependents, first } = this
    // Dependencies by slot, and how many dependents each slot has.
    const { plan } = this
    let k = 0
    for (let i = 0; i < n; i++) {
      depStart[i] = k
      const deps = sorted[i]!.deps
      for (let j = 0; j < deps.length; j++) {
        const d = plan !== undefined ? plan[k]! : this.slotOf(deps[j]!)
        depAt[k++] = d
        if (d >= 0) dependentStart[d + 1]!++
      }
    }
    depStart[n] = k
    for (let i = 0; i < n; i++) dependentStart[i + 1]! += dependentStart[i]!
    // Dependents in slot order, as each slot's row fills up.
    const fill = dependentStart.slice(0, n)
    for (let i = 0; i < n; i++) {
      let count = 0
      for (let e = depStart[i]!; e < depStart[i + 1]!; e++) {
        const d = depAt[e]!
        if (d < 0) continue
        count++
        dependents[fill[d]!++] = i
      }
      // Everything outside the system closure also waits for the closure to finish.
      if (this.firstLeft > 0 && first![i] === 0) {
        count++
        this.gated.push(i)
      }
      waiting[i] = count
      if (count === 0) this.queue[this.tail++] = i
    }
    this.drain()
  }

  private drain(): void {
    if (this.draining) return
    this.draining = true
    while (this.head < this.tail) this.launch(this.queue[this.head++]!)
    this.draining = false
  }

  private launch(i: number): void {
    const { core } = this
    const record = this.sorted[i]!
    const pdk = record.manifest?.pdk
    const required = pdk?.dependencies
    if (required !== undefined) {
      const { deps } = record
      const from = this.depStart[i]!
      // Without optional dependencies every dependency is a required one.
      const allRequired = pdk!.optionalDependencies === undefined
      for (let j = 0; j < deps.length; j++) {
        const dep = deps[j]!
        if ((allRequired || required[dep] !== undefined) && !this.available(this.depAt[from + j]!, dep)) {
          this.done(i, blockDependent(core, record, dep))
          return
        }
      }
    }
    if (record.state !== 'resolved' || record.lazy || record.held) {
      this.done(i, record.state === 'started' || record.lazy)
      return
    }
    startRecordFor(core, record, this, i)
  }

  private available(slot: number, dep: string): boolean {
    const outcome = slot < 0 ? 0 : this.outcome[slot]!
    return outcome === 0 ? isAvailable(this.core, dep) : outcome === 1
  }

  /** An attempt of this boot ended. */
  settled(slot: number, ok: boolean): void {
    this.done(slot, ok)
  }

  private done(i: number, ok: boolean): void {
    this.outcome[i] = ok ? 1 : 2
    const { dependents } = this
    for (let e = this.dependentStart[i]!; e < this.dependentStart[i + 1]!; e++) this.release(dependents[e]!)
    if (this.first !== undefined && this.first[i] === 1 && --this.firstLeft === 0) {
      for (const g of this.gated) this.release(g)
    }
    if (--this.left === 0) {
      this.resolve(
        this.records.filter((r) => r.critical && r.state === 'failed' && r.lastError).map((r) => r.lastError!),
      )
    }
  }

  private release(i: number): void {
    if (--this.waiting[i]! === 0) {
      this.queue[this.tail++] = i
      this.drain()
    }
  }
}

/** `records` by `order`: the array itself when it already is (as `addPlugins` returns them). */
function inOrder(records: readonly PluginRecord[]): readonly PluginRecord[] {
  for (let i = 1; i < records.length; i++) {
    if (records[i - 1]!.order > records[i]!.order) return [...records].sort((a, b) => a.order - b.order)
  }
  return records
}

function isAvailable(core: HostCore, name: string): boolean {
  const record = core.records.get(name)
  return record !== undefined && (record.state === 'started' || (record.lazy && record.state === 'resolved'))
}

function blockDependent(core: HostCore, record: PluginRecord, dep: string): false {
  setState(core, record, 'failed', dependencyFailed(record, dep, core.records.get(dep)?.lastError, 'start'))
  return false
}

/** The aggregate error of `host.start()` when critical plugins failed. */
export function criticalFailure(errors: readonly PdkError[]): PdkError {
  const list = errors.map((e) => `"${e.details.plugin}@${e.details.version}" (${e.code}: ${e.message})`)
  return new PdkError(
    'PDK_PLUGIN_FAILED',
    `${errors.length} critical plugin${errors.length === 1 ? '' : 's'} failed to start: ${list.join('; ')}`,
    {
      hint: 'A system plugin must run for the host to start; fix the errors listed, or remove the plugin.',
      details: { step: 'start', plugins: errors.map((e) => e.details.plugin), errors: errors.map((e) => e.toJSON()) },
    },
  )
}
