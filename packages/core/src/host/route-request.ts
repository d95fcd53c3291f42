import { PdkError } from '../errors.js'
import { startRecord } from '../lifecycle/start-record.js'
import type { BroadcastResult } from '../plugin/types.js'
import { notRunning } from './create-host-endpoint.js'
import type { HostCore } from './host-core.js'
import { requestCall } from './invoke-call.js'
import type { PluginRecord } from './plugin-record.js'

/**
 * `request`: one plugin's handler for `topic`, with the call timeout (or `timeoutMs`). A lazy
 * plugin waiting for this topic is started first. Rejects with a `PdkError` only.
 */
export function routeRequest(
  core: HostCore,
  from: string,
  name: string,
  topic: string,
  payload: unknown,
  timeoutMs?: number,
): Promise<unknown> {
  const record = core.records.get(name)
  const instance = record?.instance
  if (record === undefined) return Promise.reject(unknownPlugin(core, from, name, topic))
  if (instance === undefined || record.state !== 'started')
    return activateThenRequest(core, from, record, topic, payload, timeoutMs)
  if (!instance.topics.has(topic)) return Promise.reject(noHandler(record, topic, [...instance.topics]))
  return requestCall(core, record, instance, topic, payload, timeoutMs)
}

async function activateThenRequest(
  core: HostCore,
  from: string,
  record: PluginRecord,
  topic: string,
  payload: unknown,
  timeoutMs?: number,
): Promise<unknown> {
  const waiting = record.state === 'resolved' && record.lazy && !record.held
  if (!(waiting && record.activation.topics.has(topic)) && record.starting === undefined) {
    throw notRunning(record.name, record.version, `message "${topic}"`, record.state)
  }
  await startRecord(core, record)
  return routeRequest(core, from, record.name, topic, payload, timeoutMs)
}

/** `broadcast`: every started plugin with a handler for `topic` except the sender; never rejects. */
export async function routeBroadcast(
  core: HostCore,
  from: string,
  topic: string,
  payload: unknown,
): Promise<BroadcastResult[]> {
  const targets: PluginRecord[] = []
  for (const record of core.records.values()) {
    if (record.name !== from && record.state === 'started' && record.instance?.topics.has(topic)) targets.push(record)
  }
  return Promise.all(
    targets.map((record) =>
      routeRequest(core, from, record.name, topic, payload).then(
        (value): BroadcastResult => ({ plugin: record.name, ok: true, value }),
        (error: unknown): BroadcastResult => ({ plugin: record.name, ok: false, error: PdkError.from(error).toJSON() }),
      ),
    ),
  )
}

function unknownPlugin(core: HostCore, from: string, name: string, topic: string): PdkError {
  const known = [...core.records.keys()]
  return new PdkError(
    'PDK_NOT_FOUND',
    `No plugin "${name}" in host "${core.options.name}" (asked by "${from}" for "${topic}").`,
    {
      hint: known.length
        ? `Known plugins: ${known.slice(0, 20).join(', ')}.`
        : 'The host has no plugins; check its plugins option.',
      details: { plugin: name, step: 'request', topic, from },
    },
  )
}

function noHandler(record: PluginRecord, topic: string, topics: string[]): PdkError {
  return new PdkError(
    'PDK_NO_HANDLER',
    `Plugin "${record.name}@${record.version}" has no handler for message "${topic}".`,
    {
      hint: topics.length
        ? `It handles: ${topics.join(', ')}.`
        : 'It handles no messages; add one to messages in its definition.',
      details: { plugin: record.name, version: record.version, step: 'request', topic, topics },
    },
  )
}
