import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHost } from '@pdk/core'
import { it } from 'vitest'
import { exampleHostOptions } from '../src/example-host-options.js'
import { examplePlugins, hostDir } from './run-example-host.js'
it('dbg', async () => {
  const project = await mkdtemp(join(tmpdir(), 'pdk-dbg-'))
  await writeFile(join(project, 'pdk.config.json'), await readFile(join(hostDir, 'pdk.config.json')))
  const options = await exampleHostOptions({ cwd: project, extraPlugins: [examplePlugins] })
  const h = await createHost({ ...options, cloneValues: true, logger: (e) => { if (e.level === 'error') console.log('LOG', e.message) }, env: { WEATHER_UNIT: 'imperial', GREETER_GREETING: 'Hey' } })
  await h.start()
  for (const p of h.list()) console.log(p.name, p.state, JSON.stringify(p.lastError)?.slice(0, 800))
  await h.stop()
})
