import { PdkError } from '../errors.js'
import { startRecord } from '../lifecycle/start-record.js'
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

class Boot {
  // Per-plugin bookkeeping in arrays indexed by start order, behind one name -> index map:
  // a boot of 10k plugins would otherwise grow four maps of 10k entries.
  private readonly index = new Map<string, number>()
  private readonly sorted: PluginRecord[]
  private readonly waiting: number[]
  private readonly dependents: Array<number[] | undefined>
  /** 0 not done yet, 1 started (or available), 2 failed or blocked. */
  private readonly outcome: Uint8Array
  private readonly first: Set<string>
  private readonly gated: number[] = []
  private firstLeft: number
  private left: number
  // Plugins whose dependencies are done, launched by one loop: a chain of 10k plugins that
  // finish synchronously (lazy, blocked) must not recurse 10k deep.
  private readonly queue: number[] = []
  private head = 0
  private draining = false

  constructor(
    private readonly core: HostCore,
    private readonly records: readonly PluginRecord[],
    private readonly resolve: (errors: PdkError[]) => void,
  ) {
    this.first = systemClosure(core, records)
    this.firstLeft = this.first.size
    this.left = records.length
    this.sorted = [...records].sort((a, b) => a.order - b.order)
    const n = this.sorted.length
    for (let i = 0; i < n; i++) this.index.set(this.sorted[i]!.name, i)
    this.waiting = new Array<number>(n).fill(0)
    this.dependents = new Array<number[] | undefined>(n).fill(undefined)
    this.outcome = new Uint8Array(n)
  }

  begin(): void {
    const { sorted, index, waiting, dependents, queue } = this
    for (let i = 0; i < sorted.length; i++) {
      const record = sorted[i]!
      let count = 0
      for (const dep of record.deps) {
        const d = index.get(dep)
        if (d === undefined) continue
        count++
        const list = dependents[d]
        if (list === undefined) dependents[d] = [i]
        else list.push(i)
      }
      // Everything outside the system closure also waits for the closure to finish.
      if (this.firstLeft > 0 && !this.first.has(record.name)) {
        count++
        this.gated.push(i)
      }
      waiting[i] = count
      if (count === 0) queue.push(i)
    }
    this.drain()
  }

  private drain(): void {
    if (this.draining) return
    this.draining = true
    while (this.head < this.queue.length) this.launch(this.queue[this.head++]!)
    this.queue.length = 0
    this.head = 0
    this.draining = false
  }

  private launch(i: number): void {
    const { core } = this
    const record = this.sorted[i]!
    const required = record.manifest?.pdk.dependencies
    if (required !== undefined) {
      for (const dep of record.deps) {
        if (required[dep] !== undefined && !this.available(dep)) {
          this.done(i, blockDependent(core, record, dep))
          return
        }
      }
    }
    if (record.state !== 'resolved' || record.lazy || record.held) {
      this.done(i, record.state === 'started' || record.lazy)
      return
    }
    startRecord(core, record).then(
      () => this.done(i, true),
      () => this.done(i, false),
    )
  }

  private available(dep: string): boolean {
    const d = this.index.get(dep)
    const outcome = d === undefined ? 0 : this.outcome[d]!
    return outcome === 0 ? isAvailable(this.core, dep) : outcome === 1
  }

  private done(i: number, ok: boolean): void {
    this.outcome[i] = ok ? 1 : 2
    const dependents = this.dependents[i]
    if (dependents !== undefined) for (const d of dependents) this.release(d)
    if (this.first.has(this.sorted[i]!.name) && --this.firstLeft === 0) for (const g of this.gated) this.release(g)
    if (--this.left === 0) {
      this.resolve(
        this.records.filter((r) => r.critical && r.state === 'failed' && r.lastError).map((r) => r.lastError!),
      )
    }
  }

  private release(i: number): void {
    if (--this.waiting[i]! === 0) {
      this.queue.push(i)
      this.drain()
    }
  }
}

function systemClosure(core: HostCore, records: readonly PluginRecord[]): Set<string> {
  const closure = new Set<string>()
  const stack = records.filter((r) => r.kind === 'system').map((r) => r.name)
  while (stack.length > 0) {
    const name = stack.pop()!
    if (closure.has(name)) continue
    closure.add(name)
    for (const dep of core.records.get(name)?.deps ?? []) stack.push(dep)
  }
  return closure
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
