// The vitest setup file of `pdk test`: registers pdk's matchers on the project's own `expect`.
// Add it to `test.setupFiles` to use the matchers under plain `vitest`; importing it (or listing
// it in tsconfig `types`) also brings the matchers' types.
import { expect } from 'vitest'
import { pdkMatchers } from './matchers/pdk-matchers.js'

expect.extend(pdkMatchers)

export { pdkMatchers }
