import { describe, expect, it } from 'vitest'
import { fieldErrorText } from './fieldCode'
import { makeI18n } from '@/i18n'
import type { FieldError } from '@/api'

const translate = (locale: 'en' | 'zh') => {
  const { t } = makeI18n(locale).global
  return (key: string, params?: Record<string, unknown>) => t(key, params ?? {})
}

describe('fieldErrorText', () => {
  it('translates a code with its parameters in both languages', () => {
    const error: FieldError = { field: 'name', code: { id: 'too_long', max: 100 }, message: 'must be at most 100 characters (this one has 101)' }
    expect(fieldErrorText(error, translate('en'))).toBe('At most 100 characters.')
    expect(fieldErrorText(error, translate('zh'))).toBe('最多 100 个字符。')
  })

  it('falls back to the English message only for a code this UI does not know', () => {
    const error = { field: 'x', code: { id: 'from_the_future' }, message: 'a newer rule' } as unknown as FieldError
    expect(fieldErrorText(error, translate('zh'))).toBe('a newer rule')
  })
})
