import { type BroadcastResult, isPdkError, PdkError, type PluginMessages, type RequestOptions } from '@pdk/core'
import type { Mocked } from 'vitest'
import type { RequestRecord } from '../records.js'
import { cloneValue } from './clone-value.js'
import { spy } from './spy.js'

/** The runtime's default `callTimeoutMs`. */
const DEFAULT_CALL_TIMEOUT_MS = 30_000

/** A scripted answer: a value, or a function of the payload (it may throw or return a promise). */
export type Reply = unknown

/** Scripted answers by plugin name, then topic. */
export type Replies = Record<string, Record<string, Reply>>

/** Requests and broadcasts of one mocked plugin, answered from `replies`. */
export function mockMessages(plugin: string, replies: Replies, requests: RequestRecord[]): Mocked<PluginMessages> {
  const answer = async (target: string, topic: string, payload: unknown, timeoutMs?: number): Promise<unknown> => {
    const byTopic = replies[target]
    if (byTopic === undefined) {
      throw new PdkError(
        'PDK_NOT_FOUND',
        `Plugin "${plugin}" asked plugin "${target}" for "${topic}", but no plugin "${target}" is loaded.`,
        {
          hint: `Script a reply: createMockContext({ replies: { '${target}': { '${topic}': value } } }).`,
          details: { plugin: target, topic, from: plugin },
        },
      )
    }
    if (!Object.hasOwn(byTopic, topic)) {
      throw new PdkError('PDK_NO_HANDLER', `Plugin "${target}" has no handler for message "${topic}".`, {
        hint: `Script a reply: createMockContext({ replies: { '${target}': { '${topic}': value } } }).`,
        details: { plugin: target, topic, from: plugin },
      })
    }
    const reply = byTopic[topic]
    if (typeof reply !== 'function') return cloneValue(reply, `reply of "${target}" to "${topic}"`)
    let result: Promise<unknown>
    try {
      result = Promise.resolve(
        (reply as (p: unknown) => unknown)(cloneValue(payload, `request("${target}", "${topic}")`)),
      )
    } catch (error) {
      result = Promise.reject(error)
    }
    const value = await withTimeout(result, timeoutMs, target, topic).catch((error: unknown) => {
      throw isPdkError(error) && error.code === 'PDK_TIMEOUT' ? error : handlerFailed(target, topic, error)
    })
    return cloneValue(value, `reply of "${target}" to "${topic}"`)
  }

  const record = (target: string, topic: string, payload: unknown, outcome: RequestRecord['outcome']) => {
    requests.push({ from: plugin, plugin: target, topic, payload, outcome })
  }

  const messages: Mocked<PluginMessages> = {
    request: spy(
      async <R = unknown>(target: string, topic: string, payload?: unknown, opts?: RequestOptions): Promise<R> => {
        const copy = cloneValue(payload, `request("${target}", "${topic}")`)
        try {
          const value = await answer(target, topic, copy, opts?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS)
          record(target, topic, copy, { ok: true, value })
          return value as R
        } catch (error) {
          const pdkError = PdkError.from(error)
          record(target, topic, copy, { ok: false, error: pdkError.toJSON() })
          throw pdkError
        }
      },
      { copyArgs: true },
    ),
    broadcast: spy(
      async (topic: string, payload?: unknown): Promise<BroadcastResult[]> => {
        const copy = cloneValue(payload, `broadcast("${topic}")`)
        const targets = Object.keys(replies).filter(
          (name) => name !== plugin && Object.hasOwn(replies[name] ?? {}, topic),
        )
        return Promise.all(
          targets.map(async (target): Promise<BroadcastResult> => {
            try {
              const value = await answer(target, topic, copy, DEFAULT_CALL_TIMEOUT_MS)
              record(target, topic, copy, { ok: true, value })
              return { plugin: target, ok: true, value }
            } catch (error) {
              const data = PdkError.from(error).toJSON()
              record(target, topic, copy, { ok: false, error: data })
              return { plugin: target, ok: false, error: data }
            }
          }),
        )
      },
      { copyArgs: true },
    ),
  }
  return messages
}

function withTimeout(
  promise: Promise<unknown>,
  timeoutMs: number | undefined,
  plugin: string,
  topic: string,
): Promise<unknown> {
  if (timeoutMs === undefined) return promise
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PdkError('PDK_TIMEOUT', `Plugin "${plugin}" did not answer "${topic}" within ${timeoutMs} ms.`, {
            hint: 'Make the handler answer sooner, or pass a larger { timeoutMs }.',
            details: { plugin, topic, timeoutMs },
          }),
        ),
      timeoutMs,
    )
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

// As the runtime reports it: whatever the handler threw, PdkError included, becomes
// PDK_PLUGIN_FAILED with the original name, message and code in details.
function handlerFailed(plugin: string, topic: string, error: unknown): PdkError {
  const original = error instanceof Error ? error : undefined
  const message = original?.message ?? String(error)
  return new PdkError('PDK_PLUGIN_FAILED', `Plugin "${plugin}" failed in message "${topic}": ${message}`, {
    hint: `Fix the error in the plugin's message "${topic}" handler; see details.originalMessage and the cause.`,
    details: {
      plugin,
      step: 'request',
      topic,
      originalName: original?.name ?? typeof error,
      originalMessage: message,
      ...(isPdkError(error) ? { originalCode: error.code } : {}),
    },
    cause: error,
  })
}
