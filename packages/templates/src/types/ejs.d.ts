// ejs 7 ships no declarations; this is the part of its API the renderer uses.
declare module 'ejs' {
  interface RenderOptions {
    filename?: string
    async?: boolean
    strict?: boolean
    localsName?: string
    rmWhitespace?: boolean
  }
  function render(template: string, data: Record<string, unknown>, options?: RenderOptions): string
  const ejs: { render: typeof render }
  export default ejs
}
