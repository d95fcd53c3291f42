// The two things a conformance case runs against: a plugin mounted on createMockContext, and
// the same plugin in a real host started by startTestHost. Each gives the same handles.
import type { InMemoryPlugin } from '@pdk/core'
import { createMockContext, mountPlugin, type Recorded, startTestHost } from '@pdk/testing'

export interface Setup {
  plugin: InMemoryPlugin
  peers: InMemoryPlugin[]
  settings: Record<string, unknown>
  services: Record<string, object>
}

export interface Subject {
  /** A message to the plugin under test, from outside. */
  request(topic: string, payload?: unknown): Promise<unknown>
  /** An event from outside (the host, or the test). */
  emit(name: string, payload?: unknown): Promise<void>
  /** What the plugin under test logged, emitted, requested, and its metrics. */
  records(): Recorded
  stop(): Promise<void>
}

export interface Target {
  name: string
  start(setup: Setup): Promise<Subject>
}

function only(records: Recorded, plugin: string): Recorded {
  return {
    logs: records.logs.filter((l) => l.plugin === plugin),
    emitted: records.emitted.filter((e) => e.from === plugin),
    requests: records.requests.filter((r) => r.plugin === plugin),
    metrics: records.metrics.filter((m) => m.plugin === plugin),
  }
}

export const mockTarget: Target = {
  name: 'createMockContext',
  async start({ plugin, peers, settings, services }) {
    const replies: Record<string, Record<string, unknown>> = {}
    for (const peer of peers) {
      const peerCtx = createMockContext({ manifest: peer.manifest })
      replies[peer.manifest.name] = Object.fromEntries(
        Object.entries(peer.definition.messages ?? {}).map(([topic, handler]) => [
          topic,
          (payload: unknown) => handler(payload, peerCtx),
        ]),
      )
    }
    const mounted = await mountPlugin(plugin.definition, {
      manifest: plugin.manifest,
      config: settings,
      services,
      replies,
    })
    return {
      request: (topic, payload) => mounted.request(topic, payload),
      emit: (name, payload) => mounted.emit(name, payload, mounted.ctx.host.name),
      records: () => only(mounted, plugin.manifest.name),
      stop: () => mounted.stop(),
    }
  },
}

export const hostTarget: Target = {
  name: 'startTestHost',
  async start({ plugin, peers, settings, services }) {
    const host = await startTestHost({
      plugins: [plugin, ...peers],
      settings: { [plugin.manifest.name]: settings },
      services,
    })
    return {
      request: (topic, payload) => host.request(plugin.manifest.name, topic, payload),
      emit: (name, payload) => host.emit(name, payload),
      records: () => only(host, plugin.manifest.name),
      stop: () => host.stop(),
    }
  },
}
