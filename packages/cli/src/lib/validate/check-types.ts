import { existsSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import type { Finding } from '@pdk/core'
import { findTsc, runTypecheck } from '../build/run-typecheck.js'

/** What the type-check did. */
export interface TypesOutcome {
  findings: Finding[]
  ran: boolean
}

/**
 * `package/typecheck`: the project's own `tsc --noEmit` (the TypeScript it builds with, found
 * as npm scripts find it: in node_modules of the project or a folder above); each diagnostic
 * becomes a finding with file, line and column. `package/typecheck-unavailable` when the
 * project has no TypeScript of its own. Projects without a tsconfig.json are JavaScript: skipped.
 */
export async function checkTypes(cwd: string): Promise<TypesOutcome> {
  if (!existsSync(join(cwd, 'tsconfig.json'))) return { findings: [], ran: false }
  if (!findTsc(cwd).own) {
    return {
      ran: false,
      findings: [
        {
          rule: 'package/typecheck-unavailable',
          severity: 'warn',
          file: 'package.json',
          pointer: '/devDependencies',
          message:
            'The project has a tsconfig.json but no TypeScript of its own (node_modules/.bin/tsc), so it was not type-checked.',
          hint: 'Install the dependencies (`npm install`), or add "typescript": "~6.0.3" to devDependencies.',
        },
      ],
    }
  }
  let outcome: Awaited<ReturnType<typeof runTypecheck>>
  try {
    outcome = await runTypecheck(cwd, [])
  } catch (error) {
    return {
      ran: false,
      findings: [
        {
          rule: 'package/typecheck',
          severity: 'error',
          file: 'tsconfig.json',
          message: `The project's tsc could not be run: ${(error as Error).message}`,
          hint: 'Reinstall the dependencies (`npm install`) and run `tsc --noEmit` in the project to see why.',
        },
      ],
    }
  }
  return {
    ran: true,
    findings: outcome.errors.map((error) => ({
      rule: 'package/typecheck',
      severity: 'error' as const,
      message: `${error.code ? `${error.code}: ` : ''}${error.text}${error.notes?.length ? `\n${error.notes.join('\n')}` : ''}`,
      ...(error.file !== undefined && { file: isAbsolute(error.file) ? relative(cwd, error.file) : error.file }),
      ...(error.line !== undefined && { line: error.line }),
      ...(error.column !== undefined && { column: error.column + 1 }),
      hint: 'Fix the type error (run `tsc --noEmit` in the project to see it in context).',
    })),
  }
}
