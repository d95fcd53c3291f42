/** The callable members of a service object: own functions and class methods, not Object's. */
export function serviceMethods(service: object): string[] {
  const names = new Set<string>()
  for (
    let proto: object | null = service;
    proto !== null && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name === 'then') continue
      const descriptor = Object.getOwnPropertyDescriptor(proto, name)
      if (descriptor && typeof descriptor.value === 'function') names.add(name)
    }
  }
  return [...names]
}
