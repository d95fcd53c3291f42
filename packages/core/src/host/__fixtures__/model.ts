// What the runtime's model tests share (decision 096): step behaviours, the fuzzing budget, and
// the checks every run-time operation must pass whatever mode the plugin runs in.
import fc from 'fast-check'
import { expect } from 'vitest'
import type { PdkError } from '../../errors.js'

/** What a plugin's lifecycle function does. */
export type Behaviour = 'ok' | 'sync' | 'throw' | 'reject' | 'hang'

/** Deadlines of the in-process model plugins: a hanging step costs this much. */
export const TIMEOUT_MS = 40

export const behaviour = fc.oneof(
  { arbitrary: fc.constant<Behaviour>('ok'), weight: 6 },
  { arbitrary: fc.constant<Behaviour>('sync'), weight: 4 },
  { arbitrary: fc.constant<Behaviour>('throw'), weight: 1 },
  { arbitrary: fc.constant<Behaviour>('reject'), weight: 1 },
  { arbitrary: fc.constant<Behaviour>('hang'), weight: 1 },
)

/** Does what `step` says: answers, answers synchronously, throws, rejects or never settles. */
export function run(step: Behaviour): Promise<void> | undefined {
  switch (step) {
    case 'ok':
      return Promise.resolve()
    case 'sync':
      return undefined
    case 'throw':
      throw new Error('boom')
    case 'reject':
      return Promise.reject(new Error('boom'))
    case 'hang':
      return new Promise(() => {})
  }
}

/**
 * fast-check's budget: a fixed seed, so CI sees the same cases every run; PDK_FUZZ_SEED and
 * PDK_FUZZ_RUNS explore others (`PDK_FUZZ_SEED=7 PDK_FUZZ_RUNS=2000 vitest run lifecycle`).
 */
export function runs(numRuns: number) {
  return {
    seed: Number(process.env.PDK_FUZZ_SEED ?? 20261123),
    numRuns: Number(process.env.PDK_FUZZ_RUNS ?? numRuns),
  }
}

export type Outcome<T = unknown> = { ok: true; value: T } | { ok: false; error: PdkError }

/** A promise's outcome, either way. */
export async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise }
  } catch (error) {
    return { ok: false, error: error as PdkError }
  }
}

/** An operation on one plugin, as both model tests name them. */
export type Operation = 'stop' | 'start' | 'restart' | 'request' | 'slow' | 'service' | 'ping' | 'reload'

/** Every failure is a PdkError naming the plugin (or no plugin, for a host-level refusal). */
export function expectNamedFailure(op: Operation, name: string, outcome: Outcome): void {
  if (outcome.ok) return
  expect(outcome.error.name, `${op} ${name}: ${outcome.error}`).toBe('PdkError')
  expect([name, undefined]).toContain(outcome.error.details.plugin)
}

/**
 * What an operation given alone leaves behind, in any isolation: a stopped plugin is disposed (or
 * failed in its stop), a start or restart that resolved left it started, and a reload of a
 * running plugin keeps it serving (from the new version, or refused, the old one).
 */
export function expectAfter(op: Operation, was: string, after: string, outcome: Outcome): void {
  if (op === 'stop' && was === 'started') expect(['disposed', 'failed']).toContain(after)
  if ((op === 'start' || op === 'restart') && outcome.ok) expect(after).toBe('started')
  if (op === 'reload' && was === 'started') {
    expect(after).toBe('started')
    if (!outcome.ok) expect(outcome.error.code).toBe('PDK_RELOAD_FAILED')
  }
}
