import { PdkError } from '../errors.js'
import { crossError, reviveError } from './cross-error.js'
import { isThenable } from './is-thenable.js'
import type { Envelope } from './protocol.js'

/** Sends one envelope; the transports adapt a worker's port or a child's IPC channel to it. */
export type Send = (envelope: Envelope) => void

/**
 * Calls and notifications over one message channel, in both directions: `call` sends and
 * resolves with the other side's answer; the other side's calls are answered by `serve` and
 * its notifications handed to `notified`. Values are structured-clone data: one that cannot be
 * cloned fails the call that carries it, with a `PdkError` that says so.
 */
export class Channel {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>()
  private closedWith: Error | undefined

  constructor(
    private readonly send: Send,
    private readonly serve: (method: string, args: unknown[]) => unknown,
    private readonly notified: (method: string, args: unknown[]) => void,
  ) {}

  /** Calls `method` on the other side. */
  call(method: string, args: unknown[]): Promise<unknown> {
    if (this.closedWith) return Promise.reject(this.closedWith)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      try {
        this.send({ t: 'call', id, method, args })
      } catch (error) {
        this.pending.delete(id)
        reject(notCloneable(method, error))
      }
    })
  }

  /** Tells the other side something that needs no answer. */
  notify(method: string, args: unknown[]): void {
    if (this.closedWith) return
    try {
      this.send({ t: 'notify', method, args })
    } catch (error) {
      throw notCloneable(method, error)
    }
  }

  /** Handles one envelope from the other side; false for kinds this channel does not own. */
  receive(envelope: Envelope): boolean {
    switch (envelope.t) {
      case 'result': {
        const waiting = this.pending.get(envelope.id)
        if (waiting === undefined) return true
        this.pending.delete(envelope.id)
        if (envelope.ok) waiting.resolve(envelope.value)
        else waiting.reject(reviveError(envelope.error))
        return true
      }
      case 'call':
        this.answer(envelope.id, envelope.method, envelope.args)
        return true
      case 'notify':
        this.notified(envelope.method, envelope.args)
        return true
      default:
        return false
    }
  }

  /** Ends the channel: every pending call rejects with `error`, and so does every later one. */
  close(error: Error): void {
    if (this.closedWith) return
    this.closedWith = error
    for (const waiting of this.pending.values()) waiting.reject(error)
    this.pending.clear()
  }

  /** Calls waiting for an answer. */
  get size(): number {
    return this.pending.size
  }

  private answer(id: number, method: string, args: unknown[]): void {
    let result: unknown
    try {
      result = this.serve(method, args)
    } catch (error) {
      this.reply(id, false, error, method)
      return
    }
    if (!isThenable(result)) this.reply(id, true, result, method)
    else
      result.then(
        (value) => this.reply(id, true, value, method),
        (error) => this.reply(id, false, error, method),
      )
  }

  private reply(id: number, ok: boolean, value: unknown, method: string): void {
    if (this.closedWith) return
    try {
      this.send(ok ? { t: 'result', id, ok: true, value } : { t: 'result', id, ok: false, error: crossError(value) })
    } catch (error) {
      this.send({ t: 'result', id, ok: false, error: crossError(notCloneable(method, error)) })
    }
  }
}

function notCloneable(method: string, error: unknown): PdkError {
  return new PdkError(
    'PDK_INVALID_ARGUMENT',
    `A value passed through "${method}" cannot cross to an isolated plugin: ${error instanceof Error ? error.message : String(error)}`,
    {
      hint: 'Pass structured-clone data only (plain objects, arrays, strings, numbers, Maps, Dates…): no functions or class instances with behaviour.',
      details: { method },
      cause: error,
    },
  )
}
