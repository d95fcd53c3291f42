import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { PdkError } from '../errors.js'
import type { Culprit } from '../lifecycle/plugin-errors.js'
import { storageError } from './storage-error.js'

let tmpCounter = 0

/**
 * One plugin's key-value store: a `Map` serialised with `node:v8` into one file, loaded on first
 * use and rewritten whole on each change through a temporary file and a rename, so a crash
 * leaves either the old or the new file, never half of one. Operations run one at a time.
 * The store outlives plugin instances: the host keeps it across restarts.
 */
export class PluginStore {
  private data: Map<string, unknown> | undefined
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    readonly file: string,
    readonly maxBytes: number,
    private readonly plugin: Culprit,
  ) {}

  get(key: string): Promise<unknown> {
    return this.run('get', async (data) => (data.has(key) ? structuredClone(data.get(key)) : undefined))
  }

  set(key: string, value: unknown): Promise<void> {
    return this.run('set', async (data) => {
      const next = new Map(data)
      next.set(key, this.copy(key, value))
      await this.write(next)
    })
  }

  delete(key: string): Promise<boolean> {
    return this.run('delete', async (data) => {
      if (!data.has(key)) return false
      const next = new Map(data)
      next.delete(key)
      await this.write(next)
      return true
    })
  }

  keys(prefix = ''): Promise<string[]> {
    return this.run('keys', async (data) => [...data.keys()].filter((key) => key.startsWith(prefix)).sort())
  }

  private run<T>(op: string, fn: (data: Map<string, unknown>) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => fn(await this.load(op)))
    this.queue = next.catch(() => undefined)
    return next
  }

  private async load(op: string): Promise<Map<string, unknown>> {
    if (this.data !== undefined) return this.data
    try {
      this.data = deserialize(await readFile(this.file)) as Map<string, unknown>
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw storageError(this.plugin, op, this.file, error)
      this.data = new Map()
    }
    return this.data
  }

  private copy(key: string, value: unknown): unknown {
    try {
      return structuredClone(value)
    } catch (error) {
      throw new PdkError('PDK_INVALID_ARGUMENT', `Storage value for "${key}" is not structured-clone data.`, {
        hint: 'Store plain data: objects, arrays, strings, numbers, Maps, Dates; no functions or class instances.',
        details: { plugin: this.plugin.name, version: this.plugin.version, step: 'storage', key },
        cause: error,
      })
    }
  }

  private async write(next: Map<string, unknown>): Promise<void> {
    const bytes = serialize(next)
    if (bytes.length > this.maxBytes) {
      throw new PdkError(
        'PDK_LIMIT_EXCEEDED',
        `The store of plugin "${this.plugin.name}" would hold ${bytes.length} bytes, over its limit of ${this.maxBytes}.`,
        {
          hint: 'Delete keys it no longer needs, or raise storage.maxBytes in the host options.',
          details: { plugin: this.plugin.name, version: this.plugin.version, step: 'storage', bytes: bytes.length },
        },
      )
    }
    const tmp = `${this.file}.${process.pid}.${++tmpCounter}.tmp`
    try {
      await mkdir(dirname(this.file), { recursive: true })
      await writeFile(tmp, bytes, { flush: true })
      await rename(tmp, this.file)
    } catch (error) {
      await rm(tmp, { force: true }).catch(() => undefined)
      throw storageError(this.plugin, 'write', this.file, error)
    }
    this.data = next
  }
}
