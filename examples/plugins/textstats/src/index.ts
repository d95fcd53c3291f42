import type { Histogram } from '@pdk/core'
import { definePlugin, PdkError } from '@pdk/core'
import { analyzeText } from './analyze-text.js'

export type { TextStats } from './analyze-text.js'

/** Settings of pdk-plugin-textstats. */
export interface TextStatsConfig {
  topWords: number
  minWordLength: number
}

const MAX_TEXT = 100_000

let words: Histogram | undefined

/**
 * The example host's analysis plugin (a host-declared kind). Its activation is
 * `onMessage:analyze`: the host loads and starts it only when the first `analyze` arrives.
 */
export default definePlugin<TextStatsConfig>({
  init(ctx) {
    words = ctx.metrics.histogram('text_words', 'Words per analysed text', [10, 100, 1000, 10_000])
    ctx.logger.info('activated by the first analyze message')
  },

  dispose() {
    words = undefined
  },

  messages: {
    analyze: async (payload: { text?: unknown } | undefined, ctx) => {
      const text = payload?.text
      if (typeof text !== 'string' || text.length > MAX_TEXT) {
        throw new PdkError('PDK_USAGE', `analyze needs { text } of at most ${MAX_TEXT} characters`, {
          hint: 'Send { "text": "Some words to count." }.',
          details: { got: typeof text === 'string' ? `${text.length} characters` : typeof text },
        })
      }
      const stats = analyzeText(text, ctx.config)
      words?.observe(stats.words)
      return stats
    },
  },
})
