// The same cases against the mock context and a real host: where they disagree, the mock has
// drifted from the runtime (or the runtime from its contract), and this suite says where.
import '@pdk/testing/setup'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeKv, HOST, PEER, PROBE, peerPlugin, probePlugin } from './probe-plugins.js'
import { hostTarget, mockTarget, type Subject, type Target } from './targets.js'

// Event handlers run after emit resolves; a loaded machine may take a while to get to them.
const WAIT = { timeout: 10_000 }

describe.each([mockTarget, hostTarget])('conformance: $name', (target: Target) => {
  let subject: Subject
  const start = async () => {
    subject = await target.start({
      plugin: probePlugin(),
      peers: [peerPlugin()],
      settings: { greeting: 'Hi' },
      services: { kv: fakeKv() },
    })
    return subject
  }
  afterEach(async () => {
    await subject?.stop()
  })

  it('gives the plugin its identity, the host it asked for, and a live signal', async () => {
    const probe = await start()
    expect(await probe.request('identity')).toEqual({
      plugin: { name: PROBE, version: '1.2.3', kind: 'extension', dataDir: 'string' },
      host: { name: HOST.name, version: '2.1.0' },
      aborted: false,
    })
  })

  it('fills config defaults under the settings and freezes it', async () => {
    const probe = await start()
    expect(await probe.request('config')).toEqual({
      config: { greeting: 'Hi', retries: 3, nested: { depth: 1 } },
      frozen: true,
    })
  })

  it('stores copies, lists keys sorted and by prefix, deletes once', async () => {
    const probe = await start()
    expect(await probe.request('storage')).toEqual({
      stored: { list: [1, 2], when: new Date(0) },
      map: new Map([['k', 1]]),
      missing: undefined,
      keys: ['a:1', 'b:1', 'b:2'],
      prefixed: ['b:1', 'b:2'],
      deleted: [true, false],
      after: ['b:1', 'b:2'],
    })
  })

  it('refuses to store what cannot be cloned', async () => {
    const probe = await start()
    expect(await probe.request('storeFunction')).toEqual({ ok: false, thrown: 'DataCloneError' })
  })

  it('refuses a store over its 10 MB limit', async () => {
    const probe = await start()
    expect(await probe.request('storeTooMuch')).toMatchObject({
      ok: false,
      code: 'PDK_LIMIT_EXCEEDED',
      details: { plugin: PROBE, step: 'storage' },
    })
  })

  it('records log lines with level, message and fields', async () => {
    const probe = await start()
    await probe.request('log')
    expect(probe.records().logs.map(({ level, message, fields }) => ({ level, message, fields }))).toEqual([
      { level: 'info', message: 'hello', fields: { n: 1 } },
      { level: 'warn', message: 'careful', fields: undefined },
      { level: 'debug', message: 'detail', fields: { deep: { a: [1] } } },
    ])
    expect(probe.records()).toHaveLogged('warn', 'careful')
  })

  it('delivers an event to the emitter itself, with its name as `from`, on a copy', async () => {
    const probe = await start()
    const value = { id: 1 }
    await probe.request('emit', { name: 'probe.created', value })
    await vi.waitFor(async () => expect(await probe.request('seen')).toHaveLength(1), WAIT)
    expect(await probe.request('seen')).toEqual([
      { via: 'on', payload: { id: 1 }, meta: { name: 'probe.created', from: PROBE } },
    ])
    expect(probe.records().emitted).toEqual([{ name: 'probe.created', payload: { id: 1 }, from: PROBE }])
    expect(probe.records()).toHaveEmitted('probe.created', { id: 1 })
  })

  it('matches `*` to one segment only and `**` to any number', async () => {
    const probe = await start()
    await probe.request('emit', { name: 'probe.a.b', value: 1 })
    await probe.emit('outside', 0)
    await probe.emit('outside.x.y', 2)
    await probe.request('emit', { name: 'probe.b', value: 3 })
    await vi.waitFor(async () => expect(await probe.request('seen')).toHaveLength(3), WAIT)
    expect(await probe.request('seen')).toEqual([
      { via: 'events', payload: 0, meta: { name: 'outside' } },
      { via: 'events', payload: 2, meta: { name: 'outside.x.y' } },
      { via: 'on', payload: 3, meta: { name: 'probe.b', from: PROBE } },
    ])
  })

  it("logs a subscriber's error against it and never fails the emitter", async () => {
    const probe = await start()
    await expect(probe.request('emit', { name: 'probe.fail', value: null })).resolves.toBeUndefined()
    await vi.waitFor(() => expect(probe.records()).toHaveLogged('error', 'subscriber broke'), WAIT)
  })

  it('answers requests to another plugin, and reports its failures as PdkErrors', async () => {
    const probe = await start()
    expect(await probe.request('ask', { plugin: PEER, topic: 'echo', payload: { a: 1 } })).toEqual({
      ok: true,
      value: { echoed: { a: 1 } },
    })
    expect(await probe.request('ask', { plugin: PEER, topic: 'fail' })).toMatchObject({
      ok: false,
      code: 'PDK_PLUGIN_FAILED',
      details: { plugin: PEER, originalName: 'TypeError', originalMessage: 'peer broke' },
    })
    expect(await probe.request('ask', { plugin: PEER, topic: 'nothing' })).toMatchObject({
      ok: false,
      code: 'PDK_NO_HANDLER',
      details: { plugin: PEER },
    })
    expect(await probe.request('ask', { plugin: 'pdk-plugin-ghost', topic: 'x' })).toMatchObject({
      ok: false,
      code: 'PDK_NOT_FOUND',
      details: { plugin: 'pdk-plugin-ghost' },
    })
    expect(await probe.request('ask', { plugin: PEER, topic: 'slow', timeoutMs: 30 })).toMatchObject({
      ok: false,
      code: 'PDK_TIMEOUT',
    })
  })

  it('broadcasts to every other plugin with the topic, never to the sender', async () => {
    const probe = await start()
    expect(await probe.request('broadcast', { topic: 'refresh' })).toEqual([
      { plugin: PEER, ok: true, value: 'peer-refreshed' },
    ])
    expect(await probe.request('broadcast', { topic: 'fail' })).toEqual([
      { plugin: PEER, ok: false, error: expect.objectContaining({ name: 'PdkError', code: 'PDK_PLUGIN_FAILED' }) },
    ])
    expect(await probe.request('broadcast', { topic: 'nobody-has-this' })).toEqual([])
  })

  it("serves a dependency's service with async methods on copies; an unknown capability is PDK_DEP_MISSING", async () => {
    const probe = await start()
    expect(await probe.request('service', { capability: 'kv' })).toEqual({
      ok: true,
      value: { isPromise: true, got: { n: 1 } },
    })
    expect(await probe.request('service', { capability: 'mail' })).toMatchObject({
      ok: false,
      code: 'PDK_DEP_MISSING',
      details: { plugin: PROBE, capability: 'mail' },
    })
  })

  it('records metrics by name and labels, and refuses the automatic names', async () => {
    const probe = await start()
    await probe.request('metrics')
    const records = probe.records()
    expect(records).toHaveMetric('greetings', 3)
    expect(records).toHaveMetric('greetings', 2, { lang: 'en' })
    expect(records).toHaveMetric('queue', 3)
    expect(records).toHaveMetric('latency', 1)
    expect(records).not.toHaveMetric('calls_total')
    expect(records).toHaveLogged('error', /"calls_total" is reserved/)
  })

  it('denies fetch to a host the plugin was not granted', async () => {
    const probe = await start()
    expect(await probe.request('fetch')).toMatchObject({ ok: false, code: 'PDK_PERMISSION_DENIED' })
  })

  it("reports a handler's throw to the caller as PDK_PLUGIN_FAILED with the original error", async () => {
    const probe = await start()
    const error = await probe.request('throws').catch((e: unknown) => e)
    expect(error).toMatchObject({
      name: 'PdkError',
      code: 'PDK_PLUGIN_FAILED',
      details: { plugin: PROBE, originalName: 'RangeError', originalMessage: 'probe broke' },
    })
    await expect(probe.request('missing-topic')).rejects.toMatchObject({ code: 'PDK_NO_HANDLER' })
    expect(probe.records()).not.toHaveReplied(PROBE, 'throws')
  })

  it('copies payloads and replies across the boundary, and refuses functions', async () => {
    const probe = await start()
    const payload = { nested: { n: 1 } }
    const reply = (await probe.request('echo', payload)) as typeof payload
    expect(reply).toEqual(payload)
    expect(reply).not.toBe(payload)
    expect(probe.records()).toHaveReplied(PROBE, 'echo', { nested: { n: 1 } })
    await expect(async () => probe.request('echo', { run: () => 1 })).rejects.toThrow()
  })
})
