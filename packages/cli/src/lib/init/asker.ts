import { initError } from './init-error.js'

/** A choice in a `select` question. */
export interface Choice<T extends string> {
  value: T
  name?: string
  description?: string
}

/** Asks the questions of `pdk init`; the CLI's is @inquirer/prompts on the terminal, tests may script one. */
export interface Asker {
  /** Asks for text; `validate` returns what is wrong, or undefined. */
  text(question: {
    message: string
    default?: string
    validate?: (value: string) => string | undefined
  }): Promise<string>
  select<T extends string>(question: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>
  confirm(question: { message: string; default?: boolean }): Promise<boolean>
}

/** The asker on a terminal: @inquirer/prompts, loaded only when a question is asked. Ctrl-C becomes `PDK_ABORTED`. */
export function inquirerAsker(): Asker {
  const cancelled = async (error: unknown): Promise<never> => {
    if ((error as Error)?.name === 'ExitPromptError' || (error as Error)?.name === 'AbortPromptError') {
      throw await initError('PDK_ABORTED', 'pdk init was cancelled; nothing was written.', {
        hint: 'Run pdk init again when you are ready (--yes takes every default).',
      })
    }
    throw error
  }
  return {
    async text({ message, default: def, validate }) {
      const { input } = await import('@inquirer/prompts')
      return input({
        message,
        ...(def !== undefined && { default: def }),
        ...(validate && { validate: (value: string) => validate(value) ?? true }),
      }).catch(cancelled)
    },
    async select({ message, choices, default: def }) {
      const { select } = await import('@inquirer/prompts')
      return select({ message, choices, ...(def !== undefined && { default: def }) }).catch(cancelled)
    },
    async confirm({ message, default: def }) {
      const { confirm } = await import('@inquirer/prompts')
      return confirm({ message, ...(def !== undefined && { default: def }) }).catch(cancelled)
    },
  }
}
