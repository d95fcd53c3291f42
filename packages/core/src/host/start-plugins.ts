import { PdkError } from '../errors.js'
import { startRecord } from '../lifecycle/start-record.js'
import { type HostCore, setState } from './host-core.js'
import type { PluginRecord } from './plugin-record.js'

/**
 * Starts `records` in dependency order: each plugin as soon as its dependencies are started, so
 * independent plugins start concurrently; `system` plugins and what they need go first. A
 * plugin whose required dependency failed is marked failed with the reason. Resolves with the
 * failures of critical (`system` or host-declared critical) plugins.
 */
export async function startPlugins(core: HostCore, records: readonly PluginRecord[]): Promise<PdkError[]> {
  const started = new Map<string, Promise<boolean>>()
  const sorted = [...records].sort((a, b) => a.order - b.order)
  const first = systemClosure(core, sorted)
  const launch = (record: PluginRecord, gate?: Promise<unknown>) => {
    const run = (oks: readonly unknown[]) => {
      const failedDep = record.deps.find(
        (dep, i) => oks[i] === false && record.manifest?.pdk.dependencies?.[dep] !== undefined,
      )
      if (failedDep !== undefined) return blockDependent(core, record, failedDep)
      if (record.state !== 'resolved' || record.lazy || record.held) return record.state === 'started' || record.lazy
      return startRecord(core, record).then(yes, no)
    }
    const waits: unknown[] = record.deps.map((dep) => started.get(dep) ?? isAvailable(core, dep))
    if (gate !== undefined) waits.push(gate)
    // Most plugins wait for one dependency or none: skip Promise.all for them (boots of 10k).
    let result: Promise<boolean> | boolean
    const single = waits[0]
    if (waits.length === 0) result = run(NONE)
    else if (waits.length === 1 && single instanceof Promise) result = single.then((ok) => run([ok]))
    else result = Promise.all(waits).then(run)
    started.set(record.name, Promise.resolve(result))
  }
  for (const record of sorted) if (first.has(record.name)) launch(record)
  const systemDone = Promise.all([...first].map((name) => started.get(name))).then(() => undefined)
  for (const record of sorted) if (!first.has(record.name)) launch(record, first.size > 0 ? systemDone : undefined)
  await Promise.all(started.values())
  return records.filter((r) => r.critical && r.state === 'failed' && r.lastError).map((r) => r.lastError!)
}

const NONE: readonly unknown[] = []
const yes = () => true
const no = () => false

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
  const cause = core.records.get(dep)?.lastError
  const error = new PdkError(
    'PDK_DEP_FAILED',
    `Plugin "${record.name}@${record.version}" is not started because its dependency "${dep}" failed${cause ? `: ${cause.message}` : '.'}`,
    {
      hint: `Fix "${dep}" first (see its error in host.health()), then host.startPlugin("${record.name}").`,
      details: {
        plugin: record.name,
        version: record.version,
        step: 'start',
        dependency: dep,
        ...(cause ? { dependencyError: cause.toJSON() } : {}),
      },
    },
  )
  setState(core, record, 'failed', error)
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
