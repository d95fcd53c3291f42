import { defineConfig } from 'vitest/config'

// One vitest run for the whole workspace. Unit tests sit beside the code; end-to-end tests
// live in packages/*/test/. Test files run the built packages (npm test builds first).
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', '**/__fixtures__/**', 'packages/templates/templates/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    globalSetup: ['packages/cli/test/helpers/registry-global-setup.ts'],
    reporters: ['default'],
  },
})
