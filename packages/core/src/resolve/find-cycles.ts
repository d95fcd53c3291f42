/**
 * A dependency graph over nodes `0..n-1` in compressed rows: the edges of node `i` are
 * `to[k]` for `start[i] <= k < start[i + 1]` whose value is `>= 0` (a negative entry is an edge
 * leaving the graph and is skipped). Nodes for which `live(i)` is false have no edges.
 */
export interface IndexGraph {
  readonly n: number
  readonly start: Int32Array
  readonly to: ArrayLike<number>
  live(node: number): boolean
}

// Node states of the depth-first search.
const NEW = 0
const OPEN = 1
const DONE = 2

/**
 * Every dependency cycle of `graph`, each as the path that closes it: `[a, b, c, a]`. Depth-first
 * with explicit stacks in typed arrays (chains of thousands of plugins must not overflow the
 * call stack, and a boot must not allocate per node); roots are visited in index order so reports
 * are stable. `postOrder` receives the nodes as the search finishes them: without cycles, every
 * node after its dependencies.
 */
export function findCycles(graph: IndexGraph, postOrder?: Int32Array): { cycles: number[][]; finished: number } {
  const { n, start, to } = graph
  const state = new Uint8Array(n)
  // The search path: node and the position of its next edge.
  const path = new Int32Array(n)
  const cursor = new Int32Array(n)
  const end = new Int32Array(n)
  const cycles: number[][] = []
  let finished = 0
  for (let root = 0; root < n; root++) {
    if (state[root] !== NEW) continue
    let depth = 0
    state[root] = OPEN
    path[0] = root
    cursor[0] = graph.live(root) ? start[root]! : 0
    end[0] = graph.live(root) ? start[root + 1]! : 0
    while (depth >= 0) {
      if (cursor[depth] === end[depth]) {
        const node = path[depth]!
        state[node] = DONE
        if (postOrder !== undefined) postOrder[finished] = node
        finished++
        depth--
        continue
      }
      const next = to[cursor[depth]!++]!
      if (next < 0) continue
      const seen = state[next]
      if (seen === OPEN) {
        const cycle: number[] = []
        let from = depth
        while (path[from] !== next) from--
        for (let k = from; k <= depth; k++) cycle.push(path[k]!)
        cycle.push(next)
        cycles.push(cycle)
      } else if (seen === NEW) {
        state[next] = OPEN
        depth++
        path[depth] = next
        const live = graph.live(next)
        cursor[depth] = live ? start[next]! : 0
        end[depth] = live ? start[next + 1]! : 0
      }
    }
  }
  return { cycles, finished }
}
