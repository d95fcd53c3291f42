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
  private readonly inBatch = new Set<string>()
  private readonly waiting = new Map<string, number>()
  private readonly dependents = new Map<string, PluginRecord[]>()
  private readonly ok = new Map<string, boolean>()
  private readonly first: Set<string>
  private readonly gated: PluginRecord[] = []
  private firstLeft: number
  private left: number
  // Plugins whose dependencies are done, launched by one loop: a chain of 10k plugins that
  // finish synchronously (lazy, blocked) must not recurse 10k deep.
  private readonly queue: PluginRecord[] = []
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
    for (const record of records) this.inBatch.add(record.name)
  }

  begin(): void {
    const ready: PluginRecord[] = []
    const sorted = [...this.records].sort((a, b) => a.order - b.order)
    for (const record of sorted) {
      let count = 0
      for (const dep of record.deps) {
        if (!this.inBatch.has(dep)) continue
        count++
        const list = this.dependents.get(dep)
        if (list === undefined) this.dependents.set(dep, [record])
        else list.push(record)
      }
      // Everything outside the system closure also waits for the closure to finish.
      if (this.firstLeft > 0 && !this.first.has(record.name)) {
        count++
        this.gated.push(record)
      }
      this.waiting.set(record.name, count)
      if (count === 0) ready.push(record)
    }
    this.queue.push(...ready)
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

  private launch(record: PluginRecord): void {
    const { core } = this
    const failedDep = record.deps.find(
      (dep) => record.manifest?.pdk.dependencies?.[dep] !== undefined && !this.available(dep),
    )
    if (failedDep !== undefined) {
      this.done(record, blockDependent(core, record, failedDep))
      return
    }
    if (record.state !== 'resolved' || record.lazy || record.held) {
      this.done(record, record.state === 'started' || record.lazy)
      return
    }
    startRecord(core, record).then(
      () => this.done(record, true),
      () => this.done(record, false),
    )
  }

  private available(dep: string): boolean {
    return this.ok.get(dep) ?? isAvailable(this.core, dep)
  }

  private done(record: PluginRecord, ok: boolean): void {
    this.ok.set(record.name, ok)
    for (const dependent of this.dependents.get(record.name) ?? NONE) this.release(dependent)
    if (this.first.has(record.name) && --this.firstLeft === 0) for (const gated of this.gated) this.release(gated)
    if (--this.left === 0) {
      this.resolve(
        this.records.filter((r) => r.critical && r.state === 'failed' && r.lastError).map((r) => r.lastError!),
      )
    }
  }

  private release(record: PluginRecord): void {
    const count = this.waiting.get(record.name)! - 1
    this.waiting.set(record.name, count)
    if (count === 0) {
      this.queue.push(record)
      this.drain()
    }
  }
}

const NONE: readonly PluginRecord[] = []

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
