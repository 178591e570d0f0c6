import { describe, expect, it } from 'vitest'
import { fromLocalInput, toLocalInput } from './datetime'

describe('datetime inputs', () => {
  it('round-trips an instant through the local input', () => {
    const iso = '2026-11-26T10:03:40Z'
    const back = fromLocalInput(toLocalInput(iso))
    expect(back).toMatch(/[+-]\d{2}:\d{2}$/)
    expect(Date.parse(back!)).toBe(Date.parse(iso))
  })

  it('accepts minutes without seconds', () => {
    expect(fromLocalInput('2026-01-02T03:04')).toMatch(/^2026-01-02T03:04:00[+-]\d{2}:\d{2}$/)
  })

  it('rejects incomplete or impossible dates', () => {
    expect(fromLocalInput('2026-01-02')).toBeNull()
    expect(fromLocalInput('2026-02-30T00:00')).toBeNull()
    expect(fromLocalInput('soon')).toBeNull()
  })

  it('shows nothing for a null time', () => {
    expect(toLocalInput(null)).toBe('')
  })
})
