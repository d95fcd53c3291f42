import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PluginStore } from './plugin-store.js'

// A plugin's store against a Map: random sets (some over the size limit), deletes, gets and key
// listings, issued several at a time without waiting (they run one at a time, in order), and
// the store reopened from its file now and then, as a restarted plugin or host reopens it.

type Op =
  | { op: 'set'; key: string; value: unknown }
  | { op: 'big'; key: string }
  | { op: 'delete' | 'get'; key: string }
  | { op: 'keys'; prefix: string }
  | { op: 'reopen' }

const MAX_BYTES = 4_000
const key = fc.constantFrom('a', 'a.b', 'a.c', 'b', 'user.1', 'user.2')
const value = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.boolean(), { maxKeys: 3 }),
  fc.date({ noInvalidDate: true }),
  fc.constant(new Map([['k', 1]])),
)
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('set' as const), key, value }), weight: 5 },
  fc.record({ op: fc.constant('big' as const), key }),
  { arbitrary: fc.record({ op: fc.constantFrom('delete' as const, 'get' as const), key }), weight: 3 },
  fc.record({ op: fc.constant('keys' as const), prefix: fc.constantFrom('', 'a', 'a.', 'user.', 'z') }),
  fc.record({ op: fc.constant('reopen' as const) }),
)

describe('PluginStore against a model', () => {
  it('keeps what a Map would, across queued operations, refused writes and reopening', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { maxLength: 12 }), async (batches) => {
        const dir = await mkdtemp(join(tmpdir(), 'pdk-store-model-'))
        const file = join(dir, 'p', 'store.v8')
        const culprit = { name: 'p', version: '1.0.0' }
        let store = new PluginStore(file, MAX_BYTES, culprit)
        const model = new Map<string, unknown>()
        for (const batch of batches) {
          if (batch.some((step) => step.op === 'reopen')) {
            // A new store object on the same file, as after a restart: everything written is there.
            store = new PluginStore(file, MAX_BYTES, culprit)
            continue
          }
          // Issued together; each answer is checked against the model at its turn.
          const expectations: Array<() => unknown> = []
          const runs: Array<Promise<unknown>> = []
          for (const step of batch) {
            if (step.op === 'set') {
              runs.push(store.set(step.key, step.value))
              model.set(step.key, structuredClone(step.value))
              expectations.push(() => undefined)
            } else if (step.op === 'big') {
              runs.push(
                store.set(step.key, 'x'.repeat(MAX_BYTES)).then(
                  () => 'written',
                  (error) => error.code,
                ),
              )
              expectations.push(() => 'PDK_LIMIT_EXCEEDED')
            } else if (step.op === 'delete') {
              const had = model.delete(step.key)
              runs.push(store.delete(step.key))
              expectations.push(() => had)
            } else if (step.op === 'get') {
              const now = structuredClone(model.get(step.key))
              runs.push(store.get(step.key))
              expectations.push(() => now)
            } else if (step.op === 'keys') {
              const now = [...model.keys()].filter((k) => k.startsWith(step.prefix)).sort()
              runs.push(store.keys(step.prefix))
              expectations.push(() => now)
            }
          }
          const answers = await Promise.all(runs)
          for (let i = 0; i < answers.length; i++) expect(answers[i]).toEqual(expectations[i]!())
        }
        // Nothing half-written is left beside the store.
        const files = await readdir(join(dir, 'p')).catch(() => [])
        expect(files.filter((f) => f !== 'store.v8')).toEqual([])
        const reopened = new PluginStore(file, MAX_BYTES, culprit)
        expect(await reopened.keys()).toEqual([...model.keys()].sort())
        for (const [k, v] of model) expect(await reopened.get(k)).toEqual(v)
      }),
      { seed: 20261123, numRuns: 150 },
    )
  }, 60_000)
})
