import { join } from 'node:path'
import { findViteConfig } from './find-vitest-config.js'
import type { TestTooling } from './test-types.js'

/** The test files pdk's preset runs in a project without a vitest config of its own. */
export const TEST_INCLUDE = ['test/**/*.test.ts', 'src/**/*.test.ts']

export interface VitestOptionsInput {
  cwd: string
  tooling: TestTooling
  /** The project's `vitest.config.*`, when it has one: then the preset steps aside. */
  ownConfig: string | undefined
  /** Options parsed from the arguments after `--`; they win over the preset. */
  argOptions: Record<string, unknown>
  /** Where vitest's caches go instead of the project's node_modules. */
  cacheDir: string
  watch: boolean
  coverage: boolean
  /** Print istanbul's text table (it writes to process.stdout itself, so only when that is the report's stream). */
  coverageTable: boolean
}

/** The options `createVitest` gets: pdk's preset (or the project's config), caches outside the project, the arguments on top. */
export function vitestOptionsFor(input: VitestOptionsInput): Record<string, unknown> {
  const { cwd, tooling, ownConfig, argOptions } = input
  const options: Record<string, unknown> = {
    root: cwd,
    watch: input.watch,
    run: !input.watch,
    fsModuleCachePath: join(input.cacheDir, 'modules'),
    ...(ownConfig
      ? { config: ownConfig }
      : {
          config: findViteConfig(cwd) ?? false,
          include: TEST_INCLUDE,
          environment: 'node',
          setupFiles: tooling.setupFile ? [tooling.setupFile] : [],
        }),
    ...argOptions,
  }
  if (input.coverage) {
    options.coverage = {
      ...(ownConfig
        ? {}
        : {
            provider: 'v8',
            include: ['src/**'],
            reporter: input.coverageTable ? ['text', 'json-summary'] : ['json-summary'],
            reportOnFailure: true,
          }),
      ...(argOptions.coverage as object | undefined),
      enabled: true,
    }
  }
  return options
}
