import { describe, expect, it } from 'vitest'
import { forecast, reading } from './forecast-model.js'

describe('the seeded weather model', () => {
  it('gives the same reading for the same city and day, whatever the case or spacing', () => {
    expect(reading('Oslo', 1, 'metric')).toEqual({ ...reading('  oslo ', 1, 'metric'), city: 'Oslo' })
    expect(reading('  oslo ', 1, 'metric').city).toBe('oslo')
  })

  it('varies with the city and the day', () => {
    const cities = ['Oslo', 'Lima', 'Perth', 'Quito', 'Tunis', 'Hanoi'].map((city) => reading(city, 0, 'metric'))
    expect(new Set(cities.map((r) => `${r.temperature}/${r.wind}/${r.conditions}`)).size).toBeGreaterThan(1)
    const days = forecast('Oslo', 7, 'metric')
    expect(new Set(days.map((r) => `${r.temperature}/${r.wind}/${r.conditions}`)).size).toBeGreaterThan(1)
  })

  it('stays within plausible bounds', () => {
    for (const city of ['Oslo', 'Lima', 'Perth', 'Reykjavik', 'Dakar']) {
      for (const r of forecast(city, 7, 'metric')) {
        expect(r.temperature).toBeGreaterThanOrEqual(-6)
        expect(r.temperature).toBeLessThanOrEqual(27)
        expect(r.wind).toBeGreaterThanOrEqual(5)
        expect(r.wind).toBeLessThan(45)
        expect(['sunny', 'cloudy', 'rain', 'wind', 'fog']).toContain(r.conditions)
      }
    }
  })

  it('converts to imperial units', () => {
    const metric = reading('Lima', 2, 'metric')
    const imperial = reading('Lima', 2, 'imperial')
    expect(imperial.unit).toBe('imperial')
    expect(imperial.temperature).toBe(Math.round(metric.temperature * 1.8 + 32))
    expect(imperial.wind).toBe(Math.round(metric.wind / 1.609))
    expect(imperial.conditions).toBe(metric.conditions)
  })

  it('numbers the days of a forecast from today', () => {
    expect(forecast('Perth', 3, 'metric').map((r) => r.day)).toEqual([0, 1, 2])
    expect(forecast('Perth', 3, 'metric')[1]).toEqual(reading('Perth', 1, 'metric'))
  })
})
