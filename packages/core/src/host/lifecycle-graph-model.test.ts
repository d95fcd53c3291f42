import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PdkError } from '../errors.js'
import type { PluginState } from '../lifecycle/plugin-state.js'
import { type Behaviour, behaviour, run, runs, TIMEOUT_MS } from './__fixtures__/model.js'
import { hostOptions, plugin } from './__fixtures__/plugin.js'
import { createHost } from './create-host.js'
import { cores } from './host-core.js'
import type { InMemoryPlugin, PluginSource } from './host-types.js'

// Random plugin graphs booted and stopped by a real host, checked against what
// spec/plugin-api.md promises: start order, system plugins first, who fails and why, nothing
// left behind, and a stop in reverse dependency order. fast-check shrinks a failing graph to
// a small one (decision 096; the run-time operations are lifecycle-model.test.ts).

interface Dep {
  /** Index of the plugin depended on; the plugin count itself names one that does not exist. */
  to: number
  /** Whether the range accepts the target's version (1.0.0). */
  fits: boolean
}

interface Spec {
  kind: 'extension' | 'integration' | 'system'
  init: Behaviour
  start: Behaviour
  stop: 'ok' | 'throw' | 'hang'
  required: Dep[]
  optional: Dep[]
}

const graph = fc.integer({ min: 1, max: 9 }).chain((n) => {
  // Mostly real dependencies; now and then one that is missing or out of range.
  const dep = fc.record({
    to: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: n - 1 }), weight: 12 },
      { arbitrary: fc.constant(n), weight: 1 },
    ),
    fits: fc.oneof({ arbitrary: fc.constant(true), weight: 10 }, { arbitrary: fc.constant(false), weight: 1 }),
  })
  const spec = fc.record({
    kind: fc.oneof(
      { arbitrary: fc.constant('extension' as const), weight: 5 },
      { arbitrary: fc.constant('integration' as const), weight: 2 },
      { arbitrary: fc.constant('system' as const), weight: 1 },
    ),
    init: behaviour,
    start: behaviour,
    stop: fc.oneof(
      { arbitrary: fc.constant('ok' as const), weight: 8 },
      { arbitrary: fc.constant('throw' as const), weight: 1 },
      { arbitrary: fc.constant('hang' as const), weight: 1 },
    ),
    required: fc.array(dep, { maxLength: 3 }),
    optional: fc.array(dep, { maxLength: 2 }),
  })
  return fc.array(spec, { minLength: n, maxLength: n }).map((specs) => specs.map((s, i) => tidy(s, i)))
})

/** No self-dependencies, one entry per target, nothing both required and optional (the manifest rules refuse those). */
function tidy(spec: Spec, i: number): Spec {
  const seen = new Set<number>([i])
  const keep = (deps: Dep[]) =>
    deps.filter((d) => {
      if (seen.has(d.to)) return false
      seen.add(d.to)
      return true
    })
  const required = keep(spec.required)
  return { ...spec, required, optional: keep(spec.optional) }
}

const nameOf = (i: number, n: number) => (i === n ? 'ghost' : `m${i}`)

/** The in-memory plugins of a graph; `pings` counts the `ping` events each one receives. */
function pluginsOf(specs: Spec[], pings: Map<string, number>): InMemoryPlugin[] {
  const n = specs.length
  const range = (d: Dep) => (d.fits ? '^1.0.0' : '^2.0.0')
  return specs.map((spec, i) => {
    const name = nameOf(i, n)
    const deps = (list: Dep[]) =>
      list.length === 0 ? undefined : Object.fromEntries(list.map((d) => [nameOf(d.to, n), range(d)]))
    return plugin(
      name,
      {
        init: () => run(spec.init),
        start: (ctx: any) => {
          // Subscribed before the step's outcome: a plugin that then fails must lose it.
          ctx.events.on('ping', () => pings.set(name, (pings.get(name) ?? 0) + 1))
          return run(spec.start)
        },
        stop: () => run(spec.stop),
      },
      {
        kind: spec.kind,
        limits: { startTimeoutMs: TIMEOUT_MS, stopTimeoutMs: TIMEOUT_MS },
        ...(deps(spec.required) ? { dependencies: deps(spec.required) } : {}),
        ...(deps(spec.optional) ? { optionalDependencies: deps(spec.optional) } : {}),
      },
    )
  })
}

/** Plugins that can be resolved at all: every required dependency exists and fits. */
function resolvable(specs: Spec[]): boolean[] {
  const n = specs.length
  return specs.map((s) => s.required.every((d) => d.to < n && d.fits))
}

/** The edges resolution keeps: existing, fitting dependencies of resolvable plugins. */
function edgesOf(specs: Spec[]): number[][] {
  const n = specs.length
  const ok = resolvable(specs)
  return specs.map((s, i) =>
    ok[i] ? [...s.required, ...s.optional].filter((d) => d.to < n && d.fits).map((d) => d.to) : [],
  )
}

/** Plugins on a cycle of kept edges. */
function onCycle(specs: Spec[]): boolean[] {
  const edges = edgesOf(specs)
  const reaches = (from: number, target: number) => {
    const seen = new Set<number>()
    const stack = [...edges[from]!]
    while (stack.length > 0) {
      const at = stack.pop()!
      if (at === target) return true
      if (seen.has(at)) continue
      seen.add(at)
      stack.push(...edges[at]!)
    }
    return false
  }
  return specs.map((_, i) => reaches(i, i))
}

interface StateEvent {
  name: string
  from: PluginState
  to: PluginState
  error?: PdkError
}

async function boot(specs: Spec[], listen: boolean) {
  const pings = new Map<string, number>()
  const options = hostOptions(pluginsOf(specs, pings) as PluginSource[] as InMemoryPlugin[])
  const host = await createHost(options)
  const events: StateEvent[] = []
  if (listen) host.on('state', (e) => events.push(e as StateEvent))
  let startError: PdkError | undefined
  await host.start().catch((error: PdkError) => {
    startError = error
  })
  return { host, core: cores.get(host)!, events, startError, pings }
}

const at = (events: StateEvent[], name: string, to: PluginState[]) =>
  events.findIndex((e) => e.name === name && to.includes(e.to))

async function checkGraph(specs: Spec[]): Promise<void> {
  const n = specs.length
  const names = specs.map((_, i) => nameOf(i, n))
  const resources = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
  const { host, core, events, startError, pings } = await boot(specs, true)
  const listed = new Map(host.list().map((p) => [p.name, p]))
  const state = (i: number) => listed.get(names[i]!)!.state
  const error = (i: number) => core.records.get(names[i]!)!.lastError
  const ok = resolvable(specs)
  const cyclic = onCycle(specs)
  const edges = edgesOf(specs)

  for (let i = 0; i < n; i++) {
    const spec = specs[i]!
    const s = state(i)
    // Every plugin ends its boot started or failed.
    expect(['started', 'failed'], `${names[i]} ended in ${s}`).toContain(s)
    const requiredStarted = spec.required.every((d) => d.to < n && state(d.to) === 'started')
    const healthy = (spec.init === 'ok' || spec.init === 'sync') && (spec.start === 'ok' || spec.start === 'sync')
    if (s === 'started') {
      // A started plugin had what it needs, and did not fail a step.
      expect(requiredStarted, `${names[i]} started without its required dependencies`).toBe(true)
      expect(healthy, `${names[i]} started although a step fails`).toBe(true)
      // It loaded only after every dependency it kept was done.
      const loaded = at(events, names[i]!, ['loaded'])
      for (const d of edges[i]!) {
        expect(at(events, names[d]!, ['started', 'failed']), `${names[d]} done before ${names[i]} loads`).toBeLessThan(
          loaded,
        )
      }
    } else {
      const e = error(i)!
      expect(e, `${names[i]} failed without an error`).toBeDefined()
      expect(e.details.plugin).toBe(names[i])
      if (!ok[i]) {
        expect(['PDK_DEP_MISSING', 'PDK_DEP_VERSION']).toContain(e.code)
      } else if (cyclic[i]) {
        expect(['PDK_DEP_CYCLE', 'PDK_DEP_FAILED', 'PDK_PLUGIN_FAILED', 'PDK_TIMEOUT']).toContain(e.code)
      } else if (!requiredStarted) {
        expect(e.code).toBe('PDK_DEP_FAILED')
        const failedDeps = spec.required.filter((d) => state(d.to) === 'failed').map((d) => names[d.to])
        expect(failedDeps).toContain(e.details.dependency)
      } else {
        // It failed on its own: the first step that fails is named, with the right code.
        const step = spec.init === 'ok' || spec.init === 'sync' ? 'start' : 'init'
        const how = step === 'init' ? spec.init : spec.start
        expect(e.details.step, `${names[i]} failed in ${e.details.step}, expected ${step}`).toBe(step)
        expect(e.code).toBe(how === 'hang' ? 'PDK_TIMEOUT' : 'PDK_PLUGIN_FAILED')
      }
    }
    // Liveness: a healthy plugin with its required dependencies started, on no cycle, starts.
    if (ok[i] && !cyclic[i] && requiredStarted && healthy) {
      expect(s, `${names[i]} should have started: ${error(i)?.message}`).toBe('started')
    }
    // Only started plugins hear events; a failed one lost the subscription it made.
    expect(pings.get(names[i]!) ?? 0).toBe(0)
  }

  // System plugins and what they need are done before any other plugin loads. What a system
  // plugin that failed to resolve (a cycle) would have needed holds nothing back: it cannot start.
  const closure = new Set<number>()
  const stack = specs.flatMap((s, i) => (s.kind === 'system' ? [i] : []))
  while (stack.length > 0) {
    const i = stack.pop()!
    if (closure.has(i)) continue
    closure.add(i)
    if (error(i)?.details.step !== 'resolve') stack.push(...edges[i]!)
  }
  const lastOfClosure = Math.max(-1, ...[...closure].map((i) => at(events, names[i]!, ['started', 'failed'])))
  for (let i = 0; i < n; i++) {
    if (closure.has(i)) continue
    const loaded = at(events, names[i]!, ['loaded'])
    if (loaded >= 0)
      expect(loaded, `${names[i]} loaded before the system plugins were done`).toBeGreaterThan(lastOfClosure)
  }

  // host.start() rejects exactly when a system plugin failed, listing each.
  const failedSystem = names.filter((_, i) => specs[i]!.kind === 'system' && state(i) === 'failed')
  if (failedSystem.length === 0) expect(startError).toBeUndefined()
  else expect((startError?.details.plugins as string[] | undefined)?.sort()).toEqual(failedSystem.sort())

  // The same graph without a state listener (the boot's fast path) ends the same way.
  const quiet = await boot(specs, false)
  expect(quiet.host.list().map((p) => [p.name, p.state, p.lastError?.code])).toEqual(
    host.list().map((p) => [p.name, p.state, p.lastError?.code]),
  )
  await quiet.host.stop()

  // Events reach exactly the started plugins, once each.
  await host.emit('ping')
  await new Promise((resolve) => setImmediate(resolve))
  for (let i = 0; i < n; i++)
    expect(pings.get(names[i]!) ?? 0, `pings of ${names[i]}`).toBe(state(i) === 'started' ? 1 : 0)

  // Stop: dependents first, every started plugin disposed (or failed in stop), nothing left behind.
  const started = names.filter((_, i) => state(i) === 'started')
  const mark = events.length
  await host.stop()
  const stopEvents = events.slice(mark)
  for (let i = 0; i < n; i++) {
    if (state(i) !== 'started') continue
    const record = core.records.get(names[i]!)!
    if (specs[i]!.stop === 'ok') expect(record.state).toBe('disposed')
    else {
      expect(record.state).toBe('failed')
      expect(record.lastError?.details.step).toBe('stop')
    }
    for (const d of edges[i]!) {
      if (!started.includes(names[d]!)) continue
      const mine = at(stopEvents, names[i]!, ['disposed', 'failed'])
      const theirs = at(stopEvents, names[d]!, ['stopping'])
      expect(mine, `${names[i]} done stopping before its dependency ${names[d]} stops`).toBeLessThan(theirs)
    }
  }
  expect({ subs: core.events.size, taps: core.hooks.size, deadlines: core.deadlines.size }).toEqual({
    subs: 0,
    taps: 0,
    deadlines: 0,
  })
  expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(resources)
}

describe('random plugin graphs against the lifecycle contract', () => {
  it('boots, fails, attributes and stops every graph as spec/plugin-api.md says', async () => {
    await fc.assert(fc.asyncProperty(graph, checkGraph), runs(120))
  }, 120_000)
})
