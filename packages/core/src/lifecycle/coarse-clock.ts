// Reading the clock is a system call on some machines (no vDSO in containers), costing as much
// as a whole in-process request. Deadlines and call durations need milliseconds, not
// nanoseconds, so they share a clock that is read at most once per 32 uses and once per
// event-loop turn: stale by a few microseconds of synchronous work at worst.
let cached = performance.now()
let uses = 0
let fresh = false
let armed = false

function expireTurn(): void {
  fresh = false
  armed = false
}

/** `performance.now()`, cached within a turn of the event loop for up to 32 reads. */
export function coarseNow(): number {
  if (fresh && ++uses < 32) return cached
  cached = performance.now()
  uses = 0
  fresh = true
  if (!armed) {
    armed = true
    setImmediate(expireTurn).unref()
  }
  return cached
}
