// The runtime loads on first use: a plugin's entry imports @pdk/core for `definePlugin`, and
// `pdk validate` for the manifest rules; neither should pay for the whole host at import.
import type { Host, HostOptions } from './host-types.js'

/**
 * Creates a host. Nothing is discovered or loaded until `start()`.
 * @example const host = await createHost({ name: 'demo-host', version: '1.2.0', plugins: ['./plugins'] }); await host.start()
 */
export async function createHost(options: HostOptions): Promise<Host> {
  runtime ??= import('./create-host.js')
  return (await runtime).createHost(options)
}

// Imported once; later hosts await the settled promise.
let runtime: Promise<typeof import('./create-host.js')> | undefined
