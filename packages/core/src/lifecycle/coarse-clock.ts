// Reading the clock is a system call on some machines (no vDSO in containers), costing as much
// as a whole in-process request. Deadlines and call durations need milliseconds, not
// nanoseconds, so they share a clock that is read at most once per 32 uses and once per
// event-loop turn: stale by a few microseconds of synchronous work at worst.
let cached = performance.now()
// Uses left before the next read; 0 forces one (a new turn of the event loop sets it so).
let budget = 0
let armed = false

function expireTurn(): void {
  budget = 0
  armed = false
}

/** `performance.now()`, cached within a turn of the event loop for up to 32 reads. */
export function coarseNow(): number {
  if (--budget > 0) return cached
  cached = performance.now()
  budget = 32
  if (!armed) {
    armed = true
    setImmediate(expireTurn).unref()
  }
  return cached
}
