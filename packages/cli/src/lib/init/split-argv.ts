/** A flag as oclif describes it: enough to tell its words from a template's. */
export interface FlagShape {
  type: 'boolean' | 'option'
  allowNo?: boolean
  char?: string
}

/**
 * Splits `pdk init`'s words into those oclif knows (its own flags, NAME) and the flags a
 * template declares, which are only known once the template is loaded. An unknown `--flag`
 * takes the next word as its value unless that is a flag; the template's parser gives a
 * boolean's word back as a positional.
 */
export function splitArgv(argv: string[], flags: Record<string, FlagShape>): { known: string[]; template: string[] } {
  const known: string[] = []
  const template: string[] = []
  const chars = new Map<string, string>(
    Object.entries(flags).flatMap(([name, f]) => (f.char ? [[`-${f.char}`, name] as [string, string]] : [])),
  )
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!
    if (word === '--') {
      known.push(...argv.slice(i))
      break
    }
    if (chars.has(word)) {
      known.push(word)
      if (flags[chars.get(word)!]!.type === 'option' && argv[i + 1] !== undefined) known.push(argv[++i]!)
      continue
    }
    if (!word.startsWith('--')) {
      known.push(word)
      continue
    }
    const name = word.slice(2).split('=')[0]!
    const flag =
      flags[name] ?? (name.startsWith('no-') && flags[name.slice(3)]?.allowNo ? flags[name.slice(3)] : undefined)
    const target = flag ? known : template
    target.push(word)
    const takesValue = flag ? flag.type === 'option' && !name.startsWith('no-') : true
    const next = argv[i + 1]
    if (takesValue && !word.includes('=') && next !== undefined && !next.startsWith('-')) target.push(argv[++i]!)
  }
  return { known, template }
}
