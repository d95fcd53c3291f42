import '@pdk/testing/setup'
import { readFile } from 'node:fs/promises'
import { createMockContext } from '@pdk/testing'
import { describe, expect, it } from 'vitest'
import plugin, { type TextStatsConfig } from './index.js'

const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))

describe('pdk-plugin-textstats', () => {
  it('starts lazily, on its first analyze message', () => {
    expect(manifest.pdk.kind).toBe('analysis')
    expect(manifest.pdk.activation).toEqual(['onMessage:analyze'])
  })

  it('analyses text with its configured top list and observes the word count', async () => {
    const ctx = createMockContext<TextStatsConfig>({ manifest, config: { topWords: 1 } })
    await plugin.init!(ctx)
    const stats = await plugin.messages!.analyze!({ text: 'The cat sat. The cat ran.' }, ctx)
    expect(stats).toMatchObject({ words: 6, sentences: 2, topWords: [{ word: 'cat', count: 2 }] })
    expect(ctx).toHaveMetric('text_words', 1)
  })

  it('refuses a payload without text, saying what it got', async () => {
    const ctx = createMockContext<TextStatsConfig>({ manifest })
    await plugin.init!(ctx)
    await expect(plugin.messages!.analyze!({ text: 42 }, ctx)).rejects.toMatchObject({
      code: 'PDK_USAGE',
      details: { got: 'number' },
    })
  })
})
