// RFC 6901 JSON pointers: how every finding names the field it is about.

/** The pointer of `key` under `base` (`/pdk` + `permissions` -> `/pdk/permissions`). */
export function childPointer(base: string, key: string | number): string {
  const text = String(key)
  // Most keys need no escaping; this runs for every field of every manifest a host loads.
  if (!text.includes('~') && !text.includes('/')) return `${base}/${text}`
  return `${base}/${text.replaceAll('~', '~0').replaceAll('/', '~1')}`
}

/** The pointer made of `segments` (`['pdk', 'host']` -> `/pdk/host`). */
export function encodePointer(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((pointer, segment) => childPointer(pointer, segment), '')
}

/** The segments of `pointer` (`/pdk/a~1b` -> `['pdk', 'a/b']`); `''` is the whole document. */
export function decodePointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
}
