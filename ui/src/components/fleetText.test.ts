import { describe, expect, it } from 'vitest'
import { makeI18n, type Locale } from '@/i18n'
import { cellWords, fleetCellLabel, keysText } from './fleetText'
import { fleetStrip } from '@/test/fixtures'

const tr = (locale: Locale) => makeI18n(locale).global.t as never

describe('fleet words', () => {
  it.each<[Locale, string, string]>([
    ['en', 'R; Success rate 90%; Attempts 13; Client errors (400) 3', 'R; No events'],
    ['zh', 'R; 成功率 90%; 尝试 13; 客户端错误（400） 3', 'R; 没有事件'],
  ])('labels a cell by its rate, attempts and client errors, an empty one as such (%s)', (locale, busy, empty) => {
    const strip = fleetStrip([[9, 1, 3], [0, 0, 0], [0, 0, 0]])
    expect(fleetCellLabel(strip, 0, 'R', cellWords(tr(locale)), locale)).toBe(busy)
    expect(fleetCellLabel(strip, 1, 'R', cellWords(tr(locale)), locale)).toBe(empty)
  })

  it.each<[Locale, string, string[], string]>([
    ['en', '3 keys cannot serve', ['2 inactive', '1 expired'], 'OAuth invalid, circuit open: not recorded in this database'],
    ['zh', '3 个密钥无法服务', ['2 个已停用', '1 个已过期'], 'OAuth 失效, 熔断：此数据库未记录'],
  ])('says which keys cannot serve and which reasons the database does not record (%s)', (locale, total, reasons, notRecorded) => {
    const k = keysText({ total: 3, inactive: 2, expired: 1, oauth_invalid: 0, circuit_open: 0, not_recorded: ['oauth_invalid', 'circuit_open'] }, tr(locale), locale)
    expect(k).toEqual({ total, reasons, notRecorded })
  })
})
