/** One day's weather in the units asked for. */
export interface Reading {
  city: string
  unit: 'metric' | 'imperial'
  /** 0 = today, 1 = tomorrow… */
  day: number
  temperature: number
  wind: number
  conditions: 'sunny' | 'cloudy' | 'rain' | 'wind' | 'fog'
}

const CONDITIONS: Reading['conditions'][] = ['sunny', 'cloudy', 'rain', 'wind', 'fog']

// FNV-1a: a stable seed per city and day, the same on every machine and run.
function seed(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/**
 * A seeded weather model standing in for a weather service: the same city and day always give
 * the same reading, so the example runs offline and its tests can assert on real values.
 */
export function reading(city: string, day: number, unit: Reading['unit']): Reading {
  const key = city.trim().toLowerCase()
  const base = (seed(key) % 26) - 2 // -2..23 °C
  const swing = (seed(`${key}#${day}`) % 9) - 4 // ±4 °C from day to day
  const celsius = base + swing
  const kmh = 5 + (seed(`${key}~${day}`) % 40)
  const conditions = CONDITIONS[seed(`${key}@${day}`) % CONDITIONS.length] ?? 'cloudy'
  const temperature = unit === 'imperial' ? Math.round(celsius * 1.8 + 32) : celsius
  const wind = unit === 'imperial' ? Math.round(kmh / 1.609) : kmh
  return { city: city.trim(), unit, day, temperature, wind, conditions }
}

/** `days` readings from today on. */
export function forecast(city: string, days: number, unit: Reading['unit']): Reading[] {
  return Array.from({ length: days }, (_, day) => reading(city, day, unit))
}
