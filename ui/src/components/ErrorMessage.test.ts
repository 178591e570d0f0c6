import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ErrorMessage from './ErrorMessage.vue'
import { AppError, type ErrorDetail } from '@/api'
import { provider, withI18n } from '@/test/fixtures'

const render = (detail: ErrorDetail, locale: 'en' | 'zh' = 'en', retry = false) =>
  mount(ErrorMessage, { props: { error: new AppError(detail), retry }, ...withI18n(locale) })

describe('ErrorMessage', () => {
  it.each<[ErrorDetail, string, string[]]>([
    [{ kind: 'NotFound', entity: 'provider', id: 'p9' }, 'Not found', ['provider “p9” was not found', 'refresh the list']],
    [
      { kind: 'Validation', errors: [{ field: 'rpm_limit', code: { id: 'at_least', min: 0 }, message: 'must be 0 or more' }] },
      'Some values were rejected',
      ['rpm_limit: Must be at least 0.', 'Correct the marked fields'],
    ],
    [{ kind: 'Conflict', current: provider() }, 'Changed by someone else', ['reapply your edits']],
    [{ kind: 'ReadOnly' }, 'Read-only database', ['open read-only', 'Reopen it without read-only']],
    [
      { kind: 'SchemaMismatch', missing: ['providers.rpm_limit', 'request_candidates'], closest: null },
      'Not a readable Aether database',
      ['providers.rpm_limit, request_candidates', 'open another file or URL'],
    ],
    [
      { kind: 'Unreachable', message: 'connection refused (db.internal:5432)' },
      'Cannot open the database',
      ['connection refused (db.internal:5432)', 'Check the path or URL'],
    ],
    [{ kind: 'Database', message: 'disk I/O error' }, 'Database error', ['disk I/O error', 'reopen the database']],
    [{ kind: 'Unexpected', message: 'boom' }, 'Something went wrong', ['boom', 'Try again']],
  ])('renders %o as a sentence that says what to do', (detail, title, parts) => {
    const w = render(detail)
    const root = w.get('[data-testid="error-message"]')
    expect(root.attributes('data-kind')).toBe(detail.kind)
    expect(root.attributes('role')).toBe('alert')
    expect(w.get('.error-title').text()).toBe(title)
    for (const part of parts) expect(w.get('.error-text').text()).toContain(part)
  })

  it('speaks Chinese', () => {
    const w = render({ kind: 'SchemaMismatch', missing: ['providers.rpm_limit'], closest: null }, 'zh')
    expect(w.get('.error-title').text()).toBe('不是可读取的 Aether 数据库')
    expect(w.get('.error-text').text()).toContain('providers.rpm_limit')
  })

  it.each<[ErrorDetail, 'en' | 'zh', string]>([
    [{ kind: 'SchemaMismatch', missing: ['providers.provider_type'], closest: 'v0.3' }, 'en', 'looks like Aether v0.3, missing: providers.provider_type'],
    [{ kind: 'SchemaMismatch', missing: ['_sqlx_migrations'], closest: 'rust' }, 'en', 'looks like Aether Rust gateway, missing: _sqlx_migrations'],
    [{ kind: 'SchemaMismatch', missing: ['providers.rpm_limit'], closest: 'legacy' }, 'en', 'looks like Aether ≤ v0.2, missing: providers.rpm_limit'],
    [{ kind: 'SchemaMismatch', missing: ['providers.provider_type'], closest: 'v0.3' }, 'zh', '看起来像 Aether v0.3，但缺少：providers.provider_type'],
  ])('names the closest generation of a mismatched schema: %o (%s)', (detail, locale, part) => {
    const text = render(detail, locale).get('.error-text').text()
    expect(text).toContain(part)
    expect(text).toContain(locale === 'en' ? 'open another file or URL' : '请打开其他文件或网址')
  })

  it('says nothing of a generation when not even a table matched', () => {
    const text = render({ kind: 'SchemaMismatch', missing: ['providers'], closest: null }).get('.error-text').text()
    expect(text).not.toContain('looks like')
    expect(text).toContain('(providers)')
  })

  it('offers a retry only when asked', async () => {
    expect(render({ kind: 'ReadOnly' }).find('[data-testid="error-retry"]').exists()).toBe(false)
    const w = render({ kind: 'Database', message: 'x' }, 'en', true)
    await w.get('[data-testid="error-retry"]').trigger('click')
    expect(w.emitted('retry')).toHaveLength(1)
  })
})
