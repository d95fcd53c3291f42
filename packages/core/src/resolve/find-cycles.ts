/**
 * Every dependency cycle among `nodes`, each as the path that closes it: `['a', 'b', 'c', 'a']`.
 * Depth-first with an explicit stack (chains of thousands of plugins must not overflow the call
 * stack); nodes are visited in the given order so reports are stable.
 */
export function findCycles(
  nodes: readonly string[],
  edges: (node: string) => readonly string[],
  postOrder?: string[],
): string[][] {
  const state = new Map<string, 'open' | 'done'>()
  const cycles: string[][] = []
  const path: string[] = []
  const pending: Array<{ node: string; next: readonly string[]; i: number }> = []
  for (const root of nodes) {
    if (state.has(root)) continue
    path.push(root)
    pending.push({ node: root, next: edges(root), i: 0 })
    state.set(root, 'open')
    while (pending.length > 0) {
      const top = pending[pending.length - 1]!
      if (top.i === top.next.length) {
        state.set(top.node, 'done')
        postOrder?.push(top.node)
        pending.pop()
        path.pop()
        continue
      }
      const next = top.next[top.i++]!
      const seen = state.get(next)
      if (seen === 'open') cycles.push([...path.slice(path.indexOf(next)), next])
      else if (seen === undefined) {
        state.set(next, 'open')
        path.push(next)
        pending.push({ node: next, next: edges(next), i: 0 })
      }
    }
  }
  return cycles
}
