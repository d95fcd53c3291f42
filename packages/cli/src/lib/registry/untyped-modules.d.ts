// The few npm libraries pdk uses that ship no types: only what pdk calls is declared.

declare module '@npmcli/arborist' {
  interface ArboristNode {
    name: string
    path: string
    location: string
    version: string
    package: Record<string, unknown>
    isLink: boolean
    isRoot: boolean
    children: Map<string, ArboristNode>
    integrity: string | null
    resolved: string | null
  }
  interface ReifyOptions {
    add?: string[]
    rm?: string[]
    save?: boolean
    omit?: string[]
    update?: boolean | { names: string[] }
  }
  class Arborist {
    constructor(options: Record<string, unknown>)
    loadActual(): Promise<ArboristNode>
    loadVirtual(): Promise<ArboristNode>
    reify(options?: ReifyOptions & Record<string, unknown>): Promise<ArboristNode>
  }
  export default Arborist
}

declare module '@npmcli/config' {
  class Config {
    constructor(options: Record<string, unknown>)
    load(): Promise<void>
    get(key: string, where?: string): unknown
    flat: Record<string, unknown>
    validate(): boolean
  }
  export default Config
}

declare module '@npmcli/config/lib/definitions/index.js' {
  const definitions: {
    definitions: Record<string, unknown>
    shorthands: Record<string, unknown>
    flatten: (obj: Record<string, unknown>, flat?: Record<string, unknown>) => Record<string, unknown>
    nerfDarts: string[]
  }
  export default definitions
}

declare module 'npm-package-arg' {
  interface Result {
    type: 'git' | 'tag' | 'version' | 'range' | 'file' | 'directory' | 'remote' | 'alias'
    registry: boolean
    name: string | null
    scope: string | null
    rawSpec: string
    fetchSpec: string | null
    raw: string
  }
  function npa(spec: string, where?: string): Result
  export default npa
}

declare module '@npmcli/run-script' {
  function runScript(options: {
    event: string
    path: string
    pkg: Record<string, unknown>
    stdio?: 'pipe' | 'inherit'
    scriptShell?: string
    env?: Record<string, string>
  }): Promise<{ code: number; stdout: string; stderr: string }>
  export default runScript
}
