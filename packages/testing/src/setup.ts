// The vitest setup file of `pdk test`: registers pdk's matchers on the project's own `expect`.
// Add it to `test.setupFiles` to use the matchers under plain `vitest`.
import { expect } from 'vitest'
import { pdkMatchers } from './matchers/pdk-matchers.js'

expect.extend(pdkMatchers)
