import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EventBus, type Subscription } from './event-bus.js'
import { compilePattern } from './match-pattern.js'

type Op =
  | { op: 'subscribe'; owner: number; id: number; pattern: string }
  | { op: 'unsubscribe'; owner: number; id: number }
  | { op: 'removeOwner' | 'detach'; owner: number }
  | { op: 'attach' }
  | { op: 'emit'; name: string }

const OWNERS = ['a', 'b', 'c']

/** The bus as a plain ordered list, rebuilt on every change. */
interface Entry {
  owner: string
  id: number
  pattern: string
  tag: number
}

describe('EventBus', () => {
  it('delivers to exactly the matching subscriptions, in subscription order, through any sequence of changes', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        op: fc.constant('subscribe' as const),
        owner: fc.nat(2),
        id: fc.nat(3),
        pattern: fc.constantFrom('job.*', 'job.run', '**', 'user.**', 'job.run.*'),
      }),
      fc.record({ op: fc.constant('unsubscribe' as const), owner: fc.nat(2), id: fc.nat(3) }),
      fc.record({ op: fc.constantFrom('removeOwner' as const, 'detach' as const), owner: fc.nat(2) }),
      fc.record({ op: fc.constant('attach' as const) }),
      fc.record({
        op: fc.constant('emit' as const),
        name: fc.constantFrom('job.run', 'job.stop', 'user.x.y', 'job.run.now'),
      }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const bus = new EventBus()
        let model: Entry[] = []
        let detached: { subscriptions: Subscription[]; entries: Entry[] } | undefined
        let tags = 0
        for (const step of ops) {
          if (step.op === 'subscribe') {
            const owner = OWNERS[step.owner]!
            const tag = tags++
            const entry = { owner, id: step.id, pattern: step.pattern, tag }
            bus.subscribe(owner, step.id, step.pattern, (_payload, meta) => seen.push([tag, meta.name]))
            const at = model.findIndex((e) => e.owner === owner && e.id === step.id)
            if (at >= 0) model[at] = entry
            else model.push(entry)
          } else if (step.op === 'unsubscribe') {
            const owner = OWNERS[step.owner]!
            bus.unsubscribe(owner, step.id)
            model = model.filter((e) => !(e.owner === owner && e.id === step.id))
          } else if (step.op === 'removeOwner') {
            const owner = OWNERS[step.owner]!
            bus.removeOwner(owner)
            model = model.filter((e) => e.owner !== owner)
          } else if (step.op === 'detach') {
            const owner = OWNERS[step.owner]!
            if (detached !== undefined) continue
            detached = {
              subscriptions: bus.detachOwner(owner),
              entries: model.filter((e) => e.owner === owner),
            }
            model = model.filter((e) => e.owner !== owner)
          } else if (step.op === 'attach') {
            if (detached === undefined) continue
            // As a failed reload does: the owner's current subscriptions go, the detached come back.
            const owner = detached.entries[0]?.owner
            if (owner !== undefined) {
              bus.removeOwner(owner)
              model = model.filter((e) => e.owner !== owner)
            }
            bus.attach(detached.subscriptions)
            model.push(...detached.entries)
            detached = undefined
          } else if (step.op === 'emit') {
            seen.length = 0
            bus.emit(step.name, undefined, 'host')
            const expected = model.filter((e) => compilePattern(e.pattern)(step.name)).map((e) => [e.tag, step.name])
            expect(seen).toEqual(expected)
          }
          expect(bus.size).toBe(model.length)
        }
      }),
      { seed: 20261123, numRuns: 2_000 },
    )
  })
})

const seen: Array<[number, string]> = []
