import { readFileSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import type { Message, PartialMessage } from 'esbuild'
import { loadEsbuild } from './load-esbuild.js'

/** Which step found a problem. */
export type BuildMessageSource = 'esbuild' | 'tsc' | 'declarations' | 'pdk'

/** One error or warning of a build, with its place and the code frame as esbuild prints it. */
export interface BuildMessage {
  source: BuildMessageSource
  text: string
  /** Relative to the plugin folder. */
  file?: string
  /** 1-based. */
  line?: number
  /** 1-based. */
  column?: number
  /** `TS2322` for TypeScript diagnostics. */
  code?: string
  /** The whole message as esbuild formats it: `✘ [ERROR] text` plus `file:line:column:` and the code frame. */
  frame: string
}

/** A problem found before formatting: esbuild's own shape, 0-based column, path relative to cwd. */
export interface RawMessage {
  source: BuildMessageSource
  text: string
  file?: string
  line?: number
  /** 0-based, as esbuild counts. */
  column?: number
  length?: number
  code?: string
  notes?: string[]
}

/** Turns esbuild's messages into raw ones (esbuild already knows line text and place). */
export function fromEsbuild(messages: Message[]): RawMessage[] {
  return messages.map((message) => ({
    source: 'esbuild' as const,
    text: message.text,
    ...(message.location && {
      file: message.location.file,
      line: message.location.line,
      column: message.location.column,
      length: message.location.length,
    }),
    notes: message.notes.map((note) => note.text).filter(Boolean),
  }))
}

/** Formats raw messages the way esbuild prints its own, so type errors and bundle errors look alike. */
export async function formatBuildMessages(
  cwd: string,
  messages: RawMessage[],
  kind: 'error' | 'warning',
): Promise<BuildMessage[]> {
  if (messages.length === 0) return []
  const { formatMessages } = loadEsbuild()
  const partial: PartialMessage[] = messages.map((message) => {
    const file = message.file && (isAbsolute(message.file) ? relative(cwd, message.file) : message.file)
    const text = message.code ? `${message.text} [${message.code}]` : message.text
    return {
      text,
      notes: (message.notes ?? []).map((note) => ({ text: note })),
      location:
        file && message.line !== undefined
          ? {
              file,
              line: message.line,
              column: message.column ?? 0,
              length: message.length ?? 0,
              lineText: lineOf(join(cwd, file), message.line),
            }
          : null,
    }
  })
  const frames = await formatMessages(partial, { kind, color: false, terminalWidth: 100 })
  return messages.map((message, index) => {
    const file = message.file && (isAbsolute(message.file) ? relative(cwd, message.file) : message.file)
    return {
      source: message.source,
      text: message.text,
      ...(file && { file }),
      ...(message.line !== undefined && { line: message.line }),
      ...(message.column !== undefined && { column: message.column + 1 }),
      ...(message.code && { code: message.code }),
      frame: (frames[index] ?? message.text).trimEnd(),
    }
  })
}

function lineOf(file: string, line: number): string {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/)[line - 1] ?? ''
  } catch {
    return ''
  }
}
