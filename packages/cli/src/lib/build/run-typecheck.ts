import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RawMessage } from './build-message.js'

/** What the project's `tsc --noEmit` found. */
export interface TypecheckOutcome {
  errors: RawMessage[]
  /** Set when the project has no TypeScript of its own and pdk's was used. */
  note?: string
}

/** Where the project's own `tsc` lives, or pdk's own when the project has none. */
export function findTsc(cwd: string): { bin: string; own: boolean } {
  try {
    return { bin: createRequire(join(cwd, 'package.json')).resolve('typescript/bin/tsc'), own: true }
  } catch {
    return { bin: createRequire(import.meta.url).resolve('typescript/bin/tsc'), own: false }
  }
}

/**
 * Type-checks the project with its own `tsc --noEmit` in a child process, so it runs beside the
 * bundle. Uses the project's `tsconfig.json`, or pdk's defaults and the entry sources without one.
 */
export function runTypecheck(
  cwd: string,
  sources: string[],
  options: { signal?: AbortSignal } = {},
): Promise<TypecheckOutcome> {
  const { bin, own } = findTsc(cwd)
  const args = [bin, '--noEmit', '--pretty', 'false']
  if (existsSync(join(cwd, 'tsconfig.json'))) args.push('-p', 'tsconfig.json')
  else
    args.push(
      '--strict',
      '--skipLibCheck',
      '--target',
      'es2023',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      ...sources,
    )
  // tsc's incremental state lives in the OS temp folder, keyed by project: repeated checks (and
  // watch mode) skip unchanged files, and a tsconfig with \`incremental\` or \`composite\` does not
  // make the check write a .tsbuildinfo into the project.
  const key = createHash('sha256').update(cwd).digest('hex').slice(0, 16)
  args.push('--incremental', '--tsBuildInfoFile', join(tmpdir(), `pdk-typecheck-${key}.tsbuildinfo`))
  const note = own ? undefined : "The project has no TypeScript of its own: type-checked with pdk's TypeScript 6."
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => {
      const errors = parseTscOutput(output)
      if (code !== 0 && errors.length === 0) {
        errors.push({ source: 'tsc', text: `tsc exited with code ${code}: ${output.trim() || 'no output'}` })
      }
      resolvePromise({ errors, ...(note && { note }) })
    })
  })
}

const LOCATED = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$/
const GLOBAL = /^(error|warning) (TS\d+): (.*)$/

/** Parses `tsc --pretty false` output: `file(line,col): error TS1234: text`, indented lines continue it. */
export function parseTscOutput(output: string): RawMessage[] {
  const messages: RawMessage[] = []
  for (const line of output.split(/\r?\n/)) {
    const located = LOCATED.exec(line)
    if (located) {
      const [, file, row, col, severity, code, text] = located
      if (severity !== 'error') continue
      messages.push({
        source: 'tsc',
        file,
        line: Number(row),
        column: Number(col) - 1,
        code,
        text: text as string,
        notes: [],
      })
      continue
    }
    const global = GLOBAL.exec(line)
    if (global) {
      if (global[1] === 'error') messages.push({ source: 'tsc', code: global[2], text: global[3] as string, notes: [] })
      continue
    }
    const last = messages.at(-1)
    if (last && /^\s+\S/.test(line)) last.notes?.push(line.trim())
  }
  return messages
}
