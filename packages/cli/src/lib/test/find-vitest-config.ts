import { existsSync } from 'node:fs'
import { join } from 'node:path'

const EXTENSIONS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs']

/** The project's own `vitest.config.*`, if it has one; then pdk's preset steps aside. */
export function findVitestConfig(cwd: string): string | undefined {
  return find(cwd, 'vitest.config')
}

/** The project's `vite.config.*`, whose plugins and aliases vitest should still load under pdk's preset. */
export function findViteConfig(cwd: string): string | undefined {
  return find(cwd, 'vite.config')
}

function find(cwd: string, base: string): string | undefined {
  for (const ext of EXTENSIONS) {
    const file = join(cwd, `${base}.${ext}`)
    if (existsSync(file)) return file
  }
  return undefined
}
