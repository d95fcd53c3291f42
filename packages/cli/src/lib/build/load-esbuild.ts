import { createRequire } from 'node:module'

let esbuild: typeof import('esbuild') | undefined

/** esbuild through `require`, once: its entry is CommonJS, and an ESM `import()` would scan it for export names first. */
export function loadEsbuild(): typeof import('esbuild') {
  esbuild ??= createRequire(import.meta.url)('esbuild') as typeof import('esbuild')
  return esbuild
}
