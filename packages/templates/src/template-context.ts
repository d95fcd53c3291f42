import { createRequire } from 'node:module'
import type { HostRequirement, Permissions } from '@pdk/core'
import type { TemplateValue } from './template-manifest.js'

/** The package managers `pdk init` installs with. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn'

/** What `pdk init` decided: the answers a template is rendered with. */
export interface TemplateContextInput {
  /** The npm package name (scoped allowed). */
  name: string
  description: string
  /** The plugin kind (a host template gets its template's kind, unused). */
  kind: string
  host: HostRequirement
  permissions?: Permissions
  author: string
  license: string
  packageManager: PackageManager
  /** The template's own variables, parsed and validated. */
  vars: Record<string, TemplateValue>
  /** @default the current year */
  year?: number
}

/** Everything an `.ejs` file of a template sees (documented in docs/writing-templates.md). */
export interface TemplateContext extends Required<Omit<TemplateContextInput, 'permissions'>> {
  permissions: Permissions | undefined
  /** The name without its scope (`@acme/pdk-plugin-x` → `pdk-plugin-x`). */
  unscopedName: string
  /** The scope with `@`, or `''`. */
  scope: string
  /** A title made from the name (`pdk-plugin-hello-world` → `Hello World`). */
  title: string
  /** A camelCase identifier made from the name (`helloWorld`). */
  identifier: string
  /** The version of the pdk packages this template belongs to, and the range to depend on them by. */
  pdkVersion: string
  pdkRange: string
  /** Dependency ranges the generated project uses. */
  versions: typeof VERSIONS
  /** `JSON.stringify(value, null, 2)`, indented by `indent` spaces after the first line. */
  json(value: unknown, indent?: number): string
  /** Text made safe inside a `/* *\/` comment and on one line. */
  comment(text: string): string
  /** The union of permission objects (lists merged, booleans or-ed); undefined when all are empty. */
  mergePermissions(...sources: Array<Permissions | undefined>): Permissions | undefined
  /** The command that runs a package script (`npm run build`, `pnpm build`, `yarn build`). */
  run(script: string): string
  /** The command that runs a bin of the project (`npx pdk build`, `pnpm pdk build`, `yarn pdk build`). */
  exec(command: string): string
  /** The install command, and the one CI uses (frozen lockfile). */
  installCommand: string
  ciInstallCommand: string
}

/** Dependency ranges of a generated project; a test keeps them equal to @pdk/cli's own. */
export const VERSIONS = {
  node: '^22.22.2 || ^24.15.0 || >=26.0.0',
  typescript: '~6.0.3',
  vitest: '^5.1.0',
  typesNode: '^22.19.0',
  /** Vitest's peer: npm and pnpm install it by themselves, yarn classic does not, so yarn projects list it. */
  vite: '^8.0.0',
} as const

const own = createRequire(import.meta.url)('../package.json') as { version: string }

/** Turns the answers of `pdk init` into the context every template file is rendered with. */
export function createTemplateContext(input: TemplateContextInput): TemplateContext {
  const slash = input.name.indexOf('/')
  const unscopedName = input.name.startsWith('@') && slash > 0 ? input.name.slice(slash + 1) : input.name
  const scope = unscopedName === input.name ? '' : input.name.slice(0, slash)
  const words = unscopedName
    .replace(/^pdk-plugin-|^pdk-|-plugin$/g, '')
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
  const baseWords = words.length > 0 ? words : [unscopedName]
  const title = baseWords.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ')
  const camel = baseWords.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1))).join('')
  const identifier = /^[a-zA-Z_$]/.test(camel) ? camel : `_${camel}`
  const pm = input.packageManager
  return {
    ...input,
    permissions: input.permissions,
    year: input.year ?? new Date().getFullYear(),
    unscopedName,
    scope,
    title,
    identifier,
    pdkVersion: own.version,
    pdkRange: `^${own.version}`,
    versions: VERSIONS,
    json: (value, indent = 0) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${' '.repeat(indent)}`),
    mergePermissions,
    comment: (text) => text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' '),
    run: (script) => (pm === 'npm' ? `npm run ${script}` : `${pm} ${script}`),
    exec: (command) => (pm === 'npm' ? `npx ${command}` : `${pm} ${command}`),
    installCommand: `${pm} install`,
    // yarn classic's flag; yarn 2+ still takes it as the old name of --immutable.
    ciInstallCommand:
      pm === 'npm' ? 'npm ci' : pm === 'pnpm' ? 'pnpm install --frozen-lockfile' : 'yarn install --frozen-lockfile',
  }
}

/** The union of permission objects: lists merged without duplicates, booleans or-ed. */
export function mergePermissions(...sources: Array<Permissions | undefined>): Permissions | undefined {
  const merged: Permissions = {}
  const union = (a: string[] | undefined, b: string[] | undefined) => [...new Set([...(a ?? []), ...(b ?? [])])]
  for (const source of sources) {
    if (!source) continue
    if (source.fs?.read) merged.fs = { ...merged.fs, read: union(merged.fs?.read, source.fs.read) }
    if (source.fs?.write) merged.fs = { ...merged.fs, write: union(merged.fs?.write, source.fs.write) }
    if (source.network) merged.network = union(merged.network, source.network)
    if (source.env) merged.env = union(merged.env, source.env)
    for (const key of ['childProcess', 'worker', 'nativeAddons'] as const) {
      if (source[key] !== undefined) merged[key] = Boolean(merged[key]) || source[key]
    }
  }
  return Object.keys(merged).length > 0 ? merged : undefined
}
