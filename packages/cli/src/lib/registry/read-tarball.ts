import { PdkError } from '@pdk/core'
import { Parser, type ReadEntry } from 'tar'

/**
 * The regular files of an npm tarball, in memory, by path without the first folder
 * (`package/` in npm tarballs). Throws `PDK_INTEGRITY` when the bytes are not a tarball.
 */
export async function readTarball(data: Uint8Array, label: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  const pending: Promise<void>[] = []
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        if (entry.type !== 'File' && entry.type !== 'OldFile') {
          entry.resume()
          return
        }
        const path = entry.path.replace(/\\/g, '/').split('/').slice(1).join('/')
        const chunks: Buffer[] = []
        entry.on('data', (c: Buffer) => chunks.push(c))
        pending.push(
          new Promise((done) =>
            entry.on('end', () => {
              files.set(path, Buffer.concat(chunks))
              done()
            }),
          ),
        )
      },
    })
    parser.on('error', (error: Error) =>
      reject(
        new PdkError('PDK_INTEGRITY', `${label} is not a readable npm tarball: ${error.message}.`, {
          hint: 'Pack it again with `pdk pack`, or download it again.',
          details: { file: label },
          cause: error,
        }),
      ),
    )
    parser.on('end', () => resolve())
    parser.write(Buffer.from(data))
    parser.end()
  })
  await Promise.all(pending)
  if (!files.has('package.json')) {
    throw new PdkError('PDK_INTEGRITY', `${label} has no package/package.json: it is not an npm package tarball.`, {
      hint: 'Pack it with `pdk pack` or `npm pack`.',
      details: { file: label },
    })
  }
  return files
}
