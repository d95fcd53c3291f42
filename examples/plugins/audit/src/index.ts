import type { Counter, Gauge } from '@pdk/core'
import { definePlugin } from '@pdk/core'

/** Settings of pdk-plugin-audit. */
export interface AuditConfig {
  recent: number
}

/** One event as the audit log keeps it. */
export interface AuditEntry {
  name: string
  from: string
  at: string
}

/** What the audit keeps, persisted on stop and handed on across a hot reload. */
export interface AuditState {
  counts: Record<string, number>
  recent: AuditEntry[]
}

let state: AuditState = { counts: {}, recent: [] }
let seen: Counter | undefined
let names: Gauge | undefined

function isAuditState(value: unknown): value is AuditState {
  const candidate = value as AuditState | undefined
  return typeof candidate?.counts === 'object' && Array.isArray(candidate?.recent)
}

/** The example host's monitoring plugin (a host-declared kind): every event, counted and listed. */
export default definePlugin<AuditConfig>({
  snapshot: () => state,
  restore(_ctx, snapshot) {
    if (isAuditState(snapshot)) state = snapshot
  },

  async init(ctx) {
    // A restored state (hot reload) is newer than what the last stop persisted.
    if (Object.keys(state.counts).length === 0) {
      const saved = await ctx.storage.get<unknown>('state')
      if (isAuditState(saved)) state = saved
    }
    seen = ctx.metrics.counter('events_seen_total', 'Events the audit saw, by event name')
    names = ctx.metrics.gauge('event_names', 'Distinct event names seen')
    names.set(Object.keys(state.counts).length)
  },

  async stop(ctx) {
    await ctx.storage.set('state', state)
  },

  async dispose() {
    state = { counts: {}, recent: [] }
    seen = undefined
    names = undefined
  },

  health: () => ({ status: 'ok', details: { events: total(), names: Object.keys(state.counts).length } }),

  events: {
    // `**` matches every event name, whatever its depth.
    '**': (_payload: unknown, ctx, meta) => {
      state.counts[meta.name] = (state.counts[meta.name] ?? 0) + 1
      const entry = { name: meta.name, from: meta.from, at: new Date().toISOString() }
      // slice(-0) would keep everything, so a limit of 0 is its own case.
      state.recent = ctx.config.recent === 0 ? [] : [...state.recent, entry].slice(-ctx.config.recent)
      seen?.inc(1, { event: meta.name })
      names?.set(Object.keys(state.counts).length)
    },
  },

  messages: {
    report: () => ({ total: total(), counts: state.counts, recent: state.recent }),
  },

  hooks: {
    // Priority 0: after greeter (10) and weather (5); the audit route comes last in the table.
    'http.routes': {
      priority: 0,
      handler: (routes: Array<Record<string, unknown>>, ctx) => [
        ...routes,
        { method: 'GET', path: '/audit', plugin: ctx.plugin.name, topic: 'report', description: 'Events seen so far' },
      ],
    },
  },
})

function total(): number {
  return Object.values(state.counts).reduce((sum, count) => sum + count, 0)
}
