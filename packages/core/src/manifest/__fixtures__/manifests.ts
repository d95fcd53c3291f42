// A complete, valid plugin manifest (every field of spec/manifest.md) for tests to break.

/** A fresh deep copy of a manifest that uses every field and is valid. */
export function validManifest(): Record<string, any> {
  return {
    name: 'pdk-plugin-greeter',
    version: '1.4.0',
    description: 'Greets people',
    type: 'module',
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    keywords: ['pdk-plugin'],
    license: 'MIT',
    engines: { node: '>=22' },
    pdk: {
      manifestVersion: 1,
      kind: 'extension',
      host: { name: 'demo-host', range: '^1.2.0' },
      entry: './dist/index.js',
      dependencies: { 'pdk-plugin-store': '^2.0.0' },
      optionalDependencies: { 'pdk-plugin-metrics': '^1.0.0' },
      capabilities: ['greeting'],
      activation: ['onStartup', 'onMessage:greet', 'onEvent:user.created'],
      permissions: {
        fs: { read: ['./assets'], write: ['./cache'] },
        network: ['api.example.com:443', '*.example.org', 'localhost', '[::1]:8080'],
        env: ['GREETER_TOKEN', 'GREETER_GREETING'],
        childProcess: false,
        worker: false,
        nativeAddons: false,
      },
      isolation: 'worker',
      limits: { memoryMb: 128, startTimeoutMs: 5000, stopTimeoutMs: 2000, callTimeoutMs: 2000 },
      config: {
        type: 'object',
        properties: { greeting: { type: 'string', default: 'Hello' } },
        additionalProperties: false,
      },
    },
  }
}

/** The smallest valid manifest: required fields only, entry from `main`. */
export function minimalManifest(): Record<string, any> {
  return {
    name: 'pdk-plugin-min',
    version: '0.1.0',
    type: 'module',
    main: './index.js',
    pdk: { manifestVersion: 1, kind: 'system', host: { name: 'h', range: '*' } },
  }
}
