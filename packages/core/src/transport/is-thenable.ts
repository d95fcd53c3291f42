/** True for promises and promise-likes, without allocating: how the host tells a synchronous answer from a pending one. */
export function isThenable(value: unknown): value is PromiseLike<any> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
}
