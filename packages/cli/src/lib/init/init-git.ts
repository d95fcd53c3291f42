import { runCommand } from './run-command.js'

/** What happened with git. */
export interface GitOutcome {
  initialized: boolean
  committed: boolean
  /** Why git was skipped or the commit not made. */
  note?: string
}

/** git's `user.name`, or `''` when git or the setting is missing. */
export async function gitUserName(cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const outcome = await runCommand('git', ['config', 'user.name'], { cwd, ...(env && { env }) })
  return outcome.code === 0 ? outcome.output.trim() : ''
}

/**
 * `git init` and a first commit of everything, unless `dir`'s parent is already inside a git
 * work tree (the project then belongs to that repository). A missing git or identity is a
 * note, not a failure: the project is complete without them.
 */
export async function initGit(dir: string, parent: string, env?: NodeJS.ProcessEnv): Promise<GitOutcome> {
  const run = (args: string[], cwd = dir) => runCommand('git', args, { cwd, ...(env && { env }) })
  const inside = await run(['rev-parse', '--is-inside-work-tree'], parent)
  if (inside.spawnError)
    return { initialized: false, committed: false, note: 'git is not installed; no repository was created' }
  if (inside.code === 0 && inside.output.trim() === 'true') {
    return {
      initialized: false,
      committed: false,
      note: `${parent} is already inside a git repository; no new one was created`,
    }
  }
  const init = await run(['init', '--quiet', '--initial-branch=main'])
  if (init.code !== 0) return { initialized: false, committed: false, note: `git init failed: ${init.output.trim()}` }
  const add = await run(['add', '--all'])
  if (add.code !== 0) return { initialized: true, committed: false, note: `git add failed: ${add.output.trim()}` }
  const commit = await run(['commit', '--quiet', '--no-verify', '--message', 'Initial commit from pdk init'])
  if (commit.code !== 0) {
    const identity = /user\.(name|email)|Author identity unknown|tell me who you are/i.test(commit.output)
    return {
      initialized: true,
      committed: false,
      note: identity
        ? 'no first commit: git has no user.name/user.email; set them with git config and commit'
        : `git commit failed: ${commit.output.trim().split('\n').pop()}`,
    }
  }
  return { initialized: true, committed: true }
}
