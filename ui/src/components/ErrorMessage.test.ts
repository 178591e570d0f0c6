import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ErrorMessage from './ErrorMessage.vue'
import { AppError, type ErrorDetail, type UnreachableCause } from '@/api'
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
      ['not an Aether database', 'Open an Aether snapshot or database'],
    ],
    [
      { kind: 'Unreachable', message: 'connection refused (db.internal:5432)', cause: 'server' },
      'Cannot open the database',
      ['did not answer or refused the connection', 'Check the host and port'],
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

  // One cause-specific sentence and one action per cause, in both languages; core's message
  // stays available under "Details".
  it.each<[UnreachableCause, 'en' | 'zh', string, string]>([
    ['no_file', 'en', 'There is no file at that path.', 'Check the path'],
    ['not_a_database', 'en', 'This file is not a SQLite database.', 'Choose an Aether snapshot'],
    ['file_unreadable', 'en', 'could not be read', 'Check its permissions'],
    ['server', 'en', 'did not answer', 'the server is running'],
    ['auth', 'en', 'refused this user name or password', 'Check both'],
    ['no_file', 'zh', '该路径下没有文件', '请检查路径'],
    ['not_a_database', 'zh', '该文件不是 SQLite 数据库', '请选择 Aether 快照'],
    ['server', 'zh', '没有响应或拒绝了连接', '请检查主机和端口'],
    ['auth', 'zh', '拒绝了该用户名或密码', '请检查后重新连接'],
  ])('an unreachable database (%s, %s) gets its own sentence and action', (cause, locale, sentence, action) => {
    const w = render({ kind: 'Unreachable', message: '/tmp/notes.db is not a readable SQLite database', cause }, locale)
    const text = w.get('.error-text').text()
    expect(text).toContain(sentence)
    expect(text).toContain(action)
    expect(w.get('[data-testid="error-message"]').attributes('data-cause')).toBe(cause)
    expect(w.get('[data-testid="error-details"]').text()).toContain('/tmp/notes.db is not a readable SQLite database')
  })

  it('a local file that is not a database says nothing of a server', () => {
    const text = render({ kind: 'Unreachable', message: 'x', cause: 'not_a_database' }).get('.error-text').text()
    expect(text).not.toMatch(/server/i)
  })

  it.each<['en' | 'zh', string, string]>([
    ['en', 'looks like Aether v0.3, but 3 columns Aether Review reads are missing', 'Missing columns, by table'],
    ['zh', '看起来是 Aether v0.3，但缺少 Aether Review 读取的 3 列', '缺少的列（按表）'],
  ])('a schema mismatch names its closest generation and lists the missing columns by table (%s)', (locale, sentence, summary) => {
    const w = render(
      { kind: 'SchemaMismatch', missing: ['providers.provider_type', 'provider_api_keys.health_by_format', 'providers.max_retries'], closest: 'v0.3' },
      locale,
    )
    expect(w.get('.error-text').text()).toContain(sentence)
    const list = w.get('[data-testid="error-missing"]')
    expect(list.element.tagName).toBe('DETAILS')
    expect(list.get('summary').text()).toBe(summary)
    const tables = w.findAll('[data-testid="error-missing-table"]')
    expect(tables.map((t) => t.attributes('data-table'))).toEqual(['providers', 'provider_api_keys'])
    expect(tables[0].text()).toBe('providers: provider_type, max_retries')
    expect(tables[1].text()).toBe('provider_api_keys: health_by_format')
  })

  it('says nothing of a generation when not even a table matched, and lists the missing tables', () => {
    const w = render({ kind: 'SchemaMismatch', missing: ['providers', 'request_candidates'], closest: null })
    expect(w.get('.error-text').text()).not.toContain('looks like')
    expect(w.findAll('[data-testid="error-missing-table"]').map((t) => t.text())).toEqual(['providers', 'request_candidates'])
  })

  it('offers a retry only when asked', async () => {
    expect(render({ kind: 'ReadOnly' }).find('[data-testid="error-retry"]').exists()).toBe(false)
    const w = render({ kind: 'Database', message: 'x' }, 'en', true)
    await w.get('[data-testid="error-retry"]').trigger('click')
    expect(w.emitted('retry')).toHaveLength(1)
  })
})
