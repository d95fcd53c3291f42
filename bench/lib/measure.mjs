// The one convention every benchmark follows: interleaved rounds of subject and peer in the
// same run, medians, a ratio (subject ÷ peer) against the goal the issue sets, a printed
// table, and bench/results/<name>.json. Absolute times on these noisy 2-core machines mean
// little; the ratio is the figure.
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const resultsDir = join(dirname(dirname(fileURLToPath(import.meta.url))), 'results')

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

async function time(fn) {
  const start = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - start) / 1e6
}

/**
 * Measures `subject` against `peer` in interleaved rounds (the order alternates each round)
 * after `warmup` unmeasured rounds, and returns one measure with the medians and the ratio.
 * `iterations` repeats each function inside a round (for sub-millisecond work); values are
 * per iteration, in milliseconds unless `unit` and `scale` say otherwise.
 */
export async function compare(
  id,
  { subject, peer, peerName, goal, rounds = 15, warmup = 3, iterations = 1, unit = 'ms', scale = 1 },
) {
  const runs = async (fn) => {
    const ms = await time(async () => {
      for (let i = 0; i < iterations; i++) await fn()
    })
    return (ms / iterations) * scale
  }
  for (let i = 0; i < warmup; i++) {
    await runs(subject)
    await runs(peer)
  }
  const a = []
  const b = []
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      a.push(await runs(subject))
      b.push(await runs(peer))
    } else {
      b.push(await runs(peer))
      a.push(await runs(subject))
    }
  }
  return measure(id, { value: median(a), peerValue: median(b), peerName, goal, unit })
}

/** A measure computed elsewhere (e.g. a ratio of two measures), in the same shape. */
export function measure(id, { value, peerValue, peerName, goal, unit = 'ms' }) {
  const ratio = value / peerValue
  return {
    id,
    value: round(value),
    unit,
    peer: peerName,
    peerValue: round(peerValue),
    ratio: round(ratio, 3),
    goal,
    met: goal === undefined ? null : ratio <= goal,
  }
}

/** Spawns `cmd args` and resolves when it exits (rejects on a non-zero exit unless `allowFail`). */
export function runProcess(cmd, args = [], { cwd, env, allowFail = false, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: env ?? process.env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => {
      stderr += d
    })
    if (input !== undefined) child.stdin.end(input)
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code === 0 || allowFail) resolve(code)
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`))
    })
  })
}

function round(value, digits = 4) {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** Prints the table of `measures` and writes bench/results/<name>.json. */
export async function report(name, measures) {
  const rows = measures.map((m) => ({
    measure: m.id,
    value: `${m.value} ${m.unit}`,
    peer: `${m.peer}: ${m.peerValue} ${m.unit}`,
    ratio: `${m.ratio}×`,
    goal: m.goal === undefined ? '—' : `≤ ${m.goal}×`,
    met: m.met === null ? '—' : m.met ? 'yes' : 'NO',
  }))
  const cols = Object.keys(rows[0] ?? { measure: '' })
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => String(r[c]).length))]))
  const line = (r) => cols.map((c) => String(r[c]).padEnd(width[c])).join('  ')
  process.stdout.write(`\n${name}\n${line(Object.fromEntries(cols.map((c) => [c, c])))}\n`)
  for (const r of rows) process.stdout.write(`${line(r)}\n`)
  mkdirSync(resultsDir, { recursive: true })
  const doc = { name, date: new Date().toISOString(), node: process.version, measures }
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(doc, null, 2)}\n`)
  return doc
}
