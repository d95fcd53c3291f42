import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DeadlineQueue } from '../lifecycle/deadline-queue.js'
import { HookRegistry, type Tap } from './hook-registry.js'

type Op =
  | { op: 'tap'; owner: number; hook: number; priority: number }
  | { op: 'untap' | 'take'; owner: number }
  | { op: 'restore' }
  | { op: 'call'; hook: number }

const HOOKS = ['one', 'two']

interface Entry {
  owner: number
  hook: string
  priority: number
  seq: number
  tap: Tap
}

describe('HookRegistry', () => {
  it('runs exactly the taps held, by priority then start order, through any sequence of changes', async () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        arbitrary: fc.record({
          op: fc.constant('tap' as const),
          owner: fc.nat(3),
          hook: fc.nat(1),
          priority: fc.nat(2),
        }),
        weight: 4,
      },
      fc.record({ op: fc.constantFrom('untap' as const, 'take' as const), owner: fc.nat(3) }),
      fc.record({ op: fc.constant('restore' as const) }),
      { arbitrary: fc.record({ op: fc.constant('call' as const), hook: fc.nat(1) }), weight: 2 },
    )
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 50 }), async (ops) => {
        const registry = new HookRegistry({ one: 'waterfall', two: 'waterfall' }, new DeadlineQueue())
        let model: Entry[] = []
        let taken: Entry[] | undefined
        let seq = 0
        // A run in progress keeps the taps it started with.
        const inFlight: Array<{ run: Promise<unknown>; expected: number[] }> = []
        let release: () => void = () => {}
        let gate = new Promise<void>((resolve) => {
          release = resolve
        })
        for (const step of ops) {
          if (step.op === 'tap') {
            // A plugin taps a hook once (its definition's `hooks` is keyed by name).
            const hookName = HOOKS[step.hook]!
            const tapped = (e: Entry) => e.owner === step.owner && e.hook === hookName
            if (model.some(tapped) || taken?.some(tapped)) continue
            const tag = seq++
            const tap: Tap = {
              owner: `p${step.owner}`,
              priority: step.priority,
              order: step.owner,
              timeoutMs: 1_000,
              // The first tap of a run waits at the gate: changes made meanwhile must not reach the run.
              invoke: async (value) => {
                if ((value as number[]).length === 0) await gate
                return [...(value as number[]), tag]
              },
              arg: undefined,
              fail: (error) => error as Error,
            }
            registry.tap(HOOKS[step.hook]!, tap)
            model.push({ owner: step.owner, hook: HOOKS[step.hook]!, priority: step.priority, seq: tag, tap })
          } else if (step.op === 'untap') {
            registry.untap(`p${step.owner}`)
            model = model.filter((e) => e.owner !== step.owner)
          } else if (step.op === 'take') {
            if (taken !== undefined) continue
            const owner = `p${step.owner}`
            const held = registry.tapsOf(owner)
            expect(new Set(held.map((h) => h.tap))).toEqual(
              new Set(model.filter((e) => e.owner === step.owner).map((e) => e.tap)),
            )
            registry.remove(held)
            taken = model.filter((e) => e.owner === step.owner)
            model = model.filter((e) => e.owner !== step.owner)
          } else if (step.op === 'restore') {
            if (taken === undefined) continue
            registry.restore(taken.map((e) => ({ name: e.hook, tap: e.tap })))
            model.push(...taken)
            taken = undefined
          } else if (step.op === 'call') {
            const hook = HOOKS[step.hook]!
            const expected = model
              .filter((e) => e.hook === hook)
              .sort((a, b) => b.priority - a.priority || a.owner - b.owner || a.seq - b.seq)
              .map((e) => e.seq)
            inFlight.push({ run: registry.call(hook, []), expected })
          }
          expect(registry.size).toBe(model.length)
        }
        release()
        for (const { run, expected } of inFlight) expect(await run).toEqual(expected)
        gate = Promise.resolve()
      }),
      { seed: 20261123, numRuns: 1_000 },
    )
  })
})
