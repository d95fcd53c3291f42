import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import module, { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import vm from 'node:vm'
import { crc32 } from 'node:zlib'

type TypeScript = typeof import('typescript')

interface Loaded {
  ts: TypeScript
  /** Set until a complete code cache is written: `saveTypeScriptCodeCache` then writes one. */
  pending?: { script: vm.Script; file: string; partial: string; hasPartial: boolean }
}

let loaded: Loaded | undefined

/**
 * pdk's TypeScript, once per process, through `require` semantics (an ESM `import()` of its
 * 9 MB CommonJS file makes Node scan it for export names first, ~150 ms). With Node's module
 * compile cache on (bin/run.js enables it), the file is compiled with a V8 code cache that
 * `saveTypeScriptCodeCache` took after a declaration emit, so the parser, binder and emitter
 * functions a build runs come compiled; Node's own cache holds only what runs while the file
 * loads, and V8 compiles every other function on its first call. `cacheDir` defaults to Node's
 * compile cache folder; without one TypeScript is simply required.
 */
export function loadTypeScript(cacheDir: string | undefined = module.getCompileCacheDir?.()): TypeScript {
  if (loaded) return loaded.ts
  const require = createRequire(import.meta.url)
  const file = require.resolve('typescript')
  loaded = cacheDir === undefined ? { ts: require(file) as TypeScript } : compileWithCache(file, cacheDir)
  return loaded.ts
}

/**
 * Writes the code cache of the TypeScript `loadTypeScript` compiled, when it had no complete one
 * (or V8 refused it): after an emit, so it holds every function the emit compiled. `complete` is
 * false after an emit that stopped at errors, which runs less of TypeScript: its cache is kept
 * apart and used only until a complete one replaces it. Writes at most once per process; a
 * failure to write only means the next run compiles again.
 */
export function saveTypeScriptCodeCache(complete: boolean): void {
  const pending = loaded?.pending
  if (!pending || !loaded || (!complete && pending.hasPartial)) return
  loaded.pending = undefined
  const target = complete ? pending.file : pending.partial
  const temporary = `${target}.${process.pid}.tmp`
  try {
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(temporary, pending.script.createCachedData())
    renameSync(temporary, target)
    if (complete) rmSync(pending.partial, { force: true })
  } catch {
    rmSync(temporary, { force: true })
  }
}

function compileWithCache(file: string, cacheDir: string): Loaded {
  const source = readFileSync(file, 'utf8')
  // V8 checks a cache against the source's length only: the key holds a digest of the text, so
  // another TypeScript (or Node, whose V8 may differ) of the same length never gets this one.
  const key = [crc32(source).toString(16), source.length, process.version, process.arch].join('-')
  const cacheFile = join(cacheDir, 'pdk', `typescript-${key}.v8cache`)
  const partial = join(cacheDir, 'pdk', `typescript-${key}.partial.v8cache`)
  const complete = readCache(cacheFile)
  const cachedData = complete ?? readCache(partial)
  // The wrapper is Node's own for CommonJS, so TypeScript sees the same module scope.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: file,
    ...(cachedData && { cachedData }),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  })
  const cjs = { exports: {} as TypeScript }
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void
  wrapper.call(cjs.exports, cjs.exports, createRequire(file), cjs, file, dirname(file))
  if (complete !== undefined && !script.cachedDataRejected) return { ts: cjs.exports }
  const hasPartial = complete === undefined && cachedData !== undefined && !script.cachedDataRejected
  return { ts: cjs.exports, pending: { script, file: cacheFile, partial, hasPartial } }
}

function readCache(file: string): Buffer | undefined {
  if (!existsSync(file)) return undefined
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}
