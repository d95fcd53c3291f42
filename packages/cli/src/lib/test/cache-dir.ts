import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Where vitest keeps its caches for one project: outside the project (vitest's default is the
 * project's node_modules), so `pdk test` writes nothing there, yet reruns stay fast.
 */
export function vitestCacheDir(cwd: string): string {
  const key = createHash('sha256').update(cwd).digest('hex').slice(0, 16)
  return join(tmpdir(), 'pdk-vitest-cache', key)
}
