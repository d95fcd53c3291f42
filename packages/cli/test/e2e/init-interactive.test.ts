// `pdk init` on a real terminal (tmux): it asks with @inquirer/prompts for what the flags did
// not say, re-asks after an invalid answer, and Ctrl-C at a prompt leaves nothing behind.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAsync } from '../../../../scripts/lib/local-registry.mjs'
import { entriesOf, makeWorkDir, removeWorkDir } from '../helpers/registry-projects.js'
import { PDK_BIN } from '../helpers/run-pdk.js'

const hasTmux = (await runAsync('tmux', ['-V']).catch(() => ({ code: 127 }))).code === 0

/** A tmux server of its own, one terminal, and the text on it. */
function terminal(socket: string) {
  const tmux = (...args: string[]) => runAsync('tmux', ['-L', socket, ...args])
  return {
    async start(cwd: string, command: string) {
      const env = { ...process.env, NO_COLOR: '1', CI: '', npm_config_user_agent: '' }
      const shell = `${command}; echo "EXIT:$?"; sleep 120`
      const run = await runAsync(
        'tmux',
        ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'pdk', '-x', '150', '-y', '50', '-c', cwd, shell],
        { env },
      )
      if (run.code !== 0) throw new Error(`tmux did not start: ${run.stderr}`)
    },
    async screen(): Promise<string> {
      return (await tmux('capture-pane', '-p', '-t', 'pdk')).stdout
    },
    async waitFor(text: string | RegExp, timeoutMs = 60_000): Promise<string> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const screen = await this.screen()
        if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${text} on the terminal:\n${screen}`)
        await sleep(100)
      }
    },
    async keys(...keys: string[]) {
      await tmux('send-keys', '-t', 'pdk', ...keys)
    },
    async type(text: string) {
      await tmux('send-keys', '-t', 'pdk', '-l', text)
    },
    stop: () => tmux('kill-server'),
  }
}

describe.skipIf(!hasTmux)('pdk init on a terminal', () => {
  let work: string
  beforeAll(async () => {
    work = await makeWorkDir('pdk-init-tty-')
  })
  afterAll(() => removeWorkDir(work))

  it('asks for every value the flags did not give, re-asks after an invalid one, and uses the answers', async () => {
    const term = terminal(`pdk-init-${process.pid}-a`)
    try {
      await term.start(work, `node ${PDK_BIN} init --no-git`)
      await term.waitFor('Template')
      expect(await term.screen()).toContain('extension')
      await term.keys('Enter')
      await term.waitFor('Package name')
      await term.type('Bad Name')
      await term.keys('Enter')
      await term.waitFor('is not a valid npm package name')
      await term.keys('C-u')
      await term.type('pdk-plugin-tty')
      await term.keys('Enter')
      await term.waitFor('Plugin kind')
      await term.keys('Enter')
      await term.waitFor('Description')
      await term.type('Asked on a terminal')
      await term.keys('Enter')
      await term.waitFor('Host it plugs into')
      await term.keys('Enter')
      await term.waitFor('Permissions')
      await term.type('env=TOKEN')
      await term.keys('Enter')
      await term.waitFor('The word its greetings start with')
      await term.type('Howdy')
      await term.keys('Enter')
      await term.waitFor('Package manager')
      await term.keys('Enter')
      await term.waitFor('Install dependencies now?')
      await term.type('n')
      await term.keys('Enter')
      const screen = await term.waitFor(/EXIT:\d+/)
      expect(screen, screen).toContain('EXIT:0')
      expect(screen).toContain('Created pdk-plugin-tty, an extension plugin')
      const pkg = JSON.parse(await readFile(join(work, 'pdk-plugin-tty', 'package.json'), 'utf8'))
      expect(pkg).toMatchObject({
        name: 'pdk-plugin-tty',
        description: 'Asked on a terminal',
        pdk: { kind: 'extension', host: { name: 'example-host', range: '^1.0.0' }, permissions: { env: ['TOKEN'] } },
      })
      expect(pkg.pdk.config.properties.greeting.default).toBe('Howdy')
      expect(existsSync(join(work, 'pdk-plugin-tty', 'node_modules'))).toBe(false)
    } finally {
      await term.stop()
    }
  })

  it('asks nothing for what the flags say, and nothing at all with --yes', async () => {
    const term = terminal(`pdk-init-${process.pid}-b`)
    try {
      await term.start(work, `node ${PDK_BIN} init pdk-plugin-yes --template basic --yes --no-install --no-git`)
      const screen = await term.waitFor(/EXIT:\d+/)
      expect(screen).toContain('EXIT:0')
      expect(screen).not.toContain('?')
      expect(existsSync(join(work, 'pdk-plugin-yes', 'package.json'))).toBe(true)
    } finally {
      await term.stop()
    }
  })

  it('stops with exit 130 and writes nothing when a prompt is cancelled with Ctrl-C', async () => {
    const term = terminal(`pdk-init-${process.pid}-c`)
    const before = await entriesOf(work)
    try {
      await term.start(work, `node ${PDK_BIN} init pdk-plugin-cancelled --no-git --no-install`)
      await term.waitFor('Template')
      await term.keys('Enter')
      await term.waitFor('Plugin kind')
      await term.keys('C-c')
      const screen = await term.waitFor(/EXIT:\d+/)
      expect(screen).toContain('EXIT:130')
      expect(screen).toContain('pdk init was cancelled; nothing was written.')
      expect(await entriesOf(work)).toEqual(before)
    } finally {
      await term.stop()
    }
  })
})
