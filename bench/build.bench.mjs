// How fast `pdk build` is against what an author runs without pdk (issue 5):
// - in process: buildPlugin() ≤ 1.2× esbuild.build() with the same entry and options (declarations and type-check off);
// - as processes: `pdk build --no-typecheck` (bundle + declarations) ≤ 1.0× `tsc --emitDeclarationOnly` then the esbuild CLI;
// - watch: from a one-line change on disk to the rebuilt output ≤ 2× esbuild's own watch (context.watch()).
// The plugin is written into a temporary folder: three source files, @pdk/core and @types/node linked in.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compare, measure, median, report, runProcess } from './lib/measure.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const cliRequire = createRequire(join(root, 'packages', 'cli', 'package.json'))
const esbuild = await import(cliRequire.resolve('esbuild'))
const { buildPlugin } = await import(join(root, 'packages', 'cli', 'dist', 'lib', 'build-plugin.js'))
const node = process.execPath
const pdk = join(root, 'packages', 'cli', 'bin', 'run.js')
const tsc = cliRequire.resolve('typescript/bin/tsc')
const esbuildBin = join(dirname(cliRequire.resolve('esbuild/package.json')), 'bin', 'esbuild')

/** Writes the bench plugin into a new temporary folder and returns it. */
function makeFixture() {
  const cwd = mkdtempSync(join(tmpdir(), 'pdk-bench-build-'))
  const write = (file, text) => {
    mkdirSync(dirname(join(cwd, file)), { recursive: true })
    writeFileSync(join(cwd, file), typeof text === 'string' ? text : `${JSON.stringify(text, null, 2)}\n`)
  }
  write('package.json', {
    name: 'pdk-plugin-bench',
    version: '1.0.0',
    type: 'module',
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    engines: { node: '>=22' },
    peerDependencies: { '@pdk/core': '^0.1.0' },
    pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'example-host', range: '^1.0.0' } },
  })
  write('tsconfig.json', {
    compilerOptions: {
      target: 'es2023',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      skipLibCheck: true,
      types: ['node'],
      rootDir: 'src',
      outDir: 'dist',
    },
    include: ['src'],
  })
  write(
    'src/index.ts',
    `import { definePlugin } from '@pdk/core'
import { createLedger, type Entry } from './ledger.js'
import { formatEntry, summary } from './format.js'

export type { Entry }
export { formatEntry, summary }

/** Settings of the bench plugin. */
export interface LedgerConfig {
  currency: string
  limit: number
}

const ledger = createLedger()

export default definePlugin<LedgerConfig>({
  messages: {
    add: (payload: { account: string; amount: number }, ctx) => {
      if (Math.abs(payload.amount) > ctx.config.limit) throw new RangeError(\`amount over \${ctx.config.limit}\`)
      return formatEntry(ledger.add(payload.account, payload.amount), ctx.config.currency)
    },
    balance: (payload: { account: string }) => ledger.balance(payload.account),
    summary: (_payload: unknown, ctx) => summary(ledger.entries(), ctx.config.currency),
  },
})
`,
  )
  write(
    'src/ledger.ts',
    `import { randomUUID } from 'node:crypto'

/** One booking. */
export interface Entry {
  id: string
  account: string
  amount: number
  at: Date
}

/** An in-memory ledger of bookings per account. */
export function createLedger() {
  const all: Entry[] = []
  const balances = new Map<string, number>()
  return {
    add(account: string, amount: number): Entry {
      const entry = { id: randomUUID(), account, amount, at: new Date() }
      all.push(entry)
      balances.set(account, (balances.get(account) ?? 0) + amount)
      return entry
    },
    balance(account: string): number {
      return balances.get(account) ?? 0
    },
    entries(): readonly Entry[] {
      return all
    },
  }
}
`,
  )
  write(
    'src/format.ts',
    `import type { Entry } from './ledger.js'

const LINE = 0

/** An entry as one line of text. */
export function formatEntry(entry: Entry, currency: string): string {
  const sign = entry.amount < 0 ? '-' : '+'
  return \`\${entry.at.toISOString()} \${entry.account} \${sign}\${Math.abs(entry.amount).toFixed(2)} \${currency} \${LINE}\`
}

/** Totals per account, largest first. */
export function summary(entries: readonly Entry[], currency: string): string[] {
  const totals = new Map<string, number>()
  for (const entry of entries) totals.set(entry.account, (totals.get(entry.account) ?? 0) + entry.amount)
  return [...totals].sort((a, b) => b[1] - a[1]).map(([account, total]) => \`\${account}: \${total.toFixed(2)} \${currency}\`)
}
`,
  )
  mkdirSync(join(cwd, 'node_modules', '@pdk'), { recursive: true })
  mkdirSync(join(cwd, 'node_modules', '@types'), { recursive: true })
  symlinkSync(join(root, 'packages', 'core'), join(cwd, 'node_modules', '@pdk', 'core'), 'dir')
  symlinkSync(join(root, 'node_modules', '@types', 'node'), join(cwd, 'node_modules', '@types', 'node'), 'dir')

  return cwd
}

const cwd = makeFixture()
const peerCwd = makeFixture()
let edits = 0
/** The one-line change in `dir`: a new value of LINE in src/format.ts. */
function editOneLine(dir) {
  const file = join(dir, 'src', 'format.ts')
  edits++
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^const LINE = \d+$/m, `const LINE = ${edits}`))
}

const measures = []
const parts = (process.env.BUILD_BENCH_PARTS ?? '1,2,3').split(',')
try {
  // 1. In process, bundle only: the same options buildPlugin gives esbuild, written by esbuild itself.
  const peerOptions = {
    absWorkingDir: cwd,
    entryPoints: [{ in: 'src/index.ts', out: 'index' }],
    outdir: 'dist-esbuild',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22.0.0',
    sourcemap: 'linked',
    external: ['@pdk/core', '@pdk/core/*'],
    logLevel: 'silent',
  }
  if (parts.includes('1'))
    measures.push(
      await compare('buildPlugin() in process (no declarations, no type-check)', {
        subject: async () => {
          const result = await buildPlugin({ cwd, typecheck: false, declarations: false })
          if (!result.ok) throw new Error(JSON.stringify(result.errors))
        },
        peer: () => esbuild.build(peerOptions),
        peerName: 'esbuild.build()',
        goal: 1.2,
        rounds: 41,
        warmup: 5,
      }),
    )

  // 2. As processes: what an author runs without pdk, one step after the other.
  const env = { ...process.env, NO_COLOR: '1', CI: '1' }
  if (parts.includes('2'))
    measures.push(
      await compare('pdk build --no-typecheck (process)', {
        subject: () => runProcess(node, [pdk, 'build', cwd, '--no-typecheck'], { env }),
        peer: async () => {
          await runProcess(
            node,
            [tsc, '-p', 'tsconfig.json', '--emitDeclarationOnly', '--declaration', '--outDir', 'dist-tsc'],
            { cwd, env },
          )
          await runProcess(
            esbuildBin,
            [
              'src/index.ts',
              '--bundle',
              '--format=esm',
              '--platform=node',
              '--target=node22',
              '--sourcemap',
              '--outdir=dist-tsc',
              '--external:@pdk/core',
              '--log-level=warning',
            ],
            { cwd, env },
          )
        },
        peerName: 'tsc --emitDeclarationOnly + esbuild CLI',
        goal: 1.0,
        rounds: 11,
        warmup: 2,
      }),
    )

  // 3. Watch: from a one-line change on disk to the rebuilt output.
  if (parts.includes('3')) await watchRebuild(peerOptions)
} finally {
  rmSync(cwd, { recursive: true, force: true })
  rmSync(peerCwd, { recursive: true, force: true })
}
await report('build', measures)

async function watchRebuild(peerOptions) {
  let onBuild = () => {}
  const built = () => new Promise((resolve) => (onBuild = resolve))
  const controller = new AbortController()
  const first = built()
  const watching = buildPlugin({
    cwd,
    watch: true,
    typecheck: false,
    declarations: false,
    signal: controller.signal,
    onRebuild: (result) => {
      if (!result.ok) throw new Error(JSON.stringify(result.errors))
      onBuild()
    },
  })
  await first
  let onEnd = () => {}
  const ended = () => new Promise((resolve) => (onEnd = resolve))
  // esbuild watches its own copy of the plugin, so neither watcher sees the other's edits.
  const context = await esbuild.context({
    ...peerOptions,
    absWorkingDir: peerCwd,
    plugins: [{ name: 'bench', setup: (build) => build.onEnd(() => onEnd()) }],
  })
  await context.rebuild()
  await context.watch()
  // watch() may build once more on its own; let that pass before measuring.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  // Own loop instead of compare(): both watchers need a quiet moment between saves (esbuild's
  // polling watcher can fire twice for one save and then miss the next one made right after).
  const quiet = () => new Promise((resolve) => setTimeout(resolve, 250))
  const timeOne = async (dir, next) => {
    await quiet()
    const done = next()
    const start = performance.now()
    editOneLine(dir)
    await done
    return performance.now() - start
  }
  const subjectTimes = []
  const peerTimes = []
  for (let round = 0; round < 23; round++) {
    const subject = () => timeOne(cwd, built)
    const peer = () => timeOne(peerCwd, ended)
    if (round % 2 === 0) {
      subjectTimes.push(await subject())
      peerTimes.push(await peer())
    } else {
      peerTimes.push(await peer())
      subjectTimes.push(await subject())
    }
  }
  // The first three rounds warm up.
  measures.push(
    measure('pdk build --watch: one-line change to rebuilt dist (no declarations, no type-check)', {
      value: median(subjectTimes.slice(3)),
      peerValue: median(peerTimes.slice(3)),
      peerName: "esbuild's own watch (context.watch())",
      goal: 2.0,
    }),
  )
  // For information (no goal): the same with declarations, which an author gets by default.
  const declCwd = makeFixture()
  try {
    let onDecl = () => {}
    const declBuilt = () => new Promise((resolve) => (onDecl = resolve))
    const declController = new AbortController()
    const declFirst = declBuilt()
    const declWatching = buildPlugin({
      cwd: declCwd,
      watch: true,
      typecheck: false,
      signal: declController.signal,
      onRebuild: (result) => {
        if (!result.ok) throw new Error(JSON.stringify(result.errors))
        onDecl()
      },
    })
    await declFirst
    const declTimes = []
    const declPeerTimes = []
    for (let round = 0; round < 13; round++) {
      declTimes.push(await timeOne(declCwd, declBuilt))
      declPeerTimes.push(await timeOne(peerCwd, ended))
    }
    measures.push(
      measure('pdk build --watch with declarations: one-line change to rebuilt dist', {
        value: median(declTimes.slice(3)),
        peerValue: median(declPeerTimes.slice(3)),
        peerName: "esbuild's own watch (no declarations)",
      }),
    )
    declController.abort()
    await declWatching
  } finally {
    rmSync(declCwd, { recursive: true, force: true })
  }
  controller.abort()
  await watching
  await context.dispose()
}
