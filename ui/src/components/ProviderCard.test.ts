import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ProviderCard from './ProviderCard.vue'
import { endpoint, gatewayProvider, provider, withI18n } from '@/test/fixtures'
import type { ProviderSummary } from '@/api'

const NOW = new Date('2026-11-26T10:00:00Z')
const card = (over: Partial<ProviderSummary> = {}, now = NOW) =>
  mount(ProviderCard, { props: { provider: provider(over), now }, ...withI18n() })

const monthly = (used: number, quota: number, extra: Partial<ProviderSummary> = {}) =>
  card({ billing_type: 'monthly_quota', monthly_used_usd: used, monthly_quota_usd: quota, ...extra })

describe('ProviderCard', () => {
  it('shows display name, name, active state and billing type', () => {
    const w = card({ is_active: false, billing_type: 'free_tier' })
    expect(w.get('[data-testid="card-display-name"]').text()).toBe('Anthropic Main')
    expect(w.get('[data-testid="card-name"]').text()).toBe('anthropic-main')
    expect(w.get('[data-testid="card-active"]').text()).toBe('Inactive')
    expect(w.get('[data-testid="card-billing"]').text()).toBe('Free tier')
  })

  it('falls back to the name when there is no display name', () => {
    expect(card({ display_name: null }).get('[data-testid="card-display-name"]').text()).toBe('anthropic-main')
  })

  it.each([
    [10, 100, 'good'],
    [69.9, 100, 'good'],
    [70, 100, 'warn'],
    [89, 100, 'warn'],
    [90, 100, 'bad'],
    [130, 100, 'bad'],
    [5, 0, 'bad'],
  ])('colours a quota of %s used of %s as %s', (used, quota, level) => {
    const q = monthly(used, quota).get('[data-testid="quota"]')
    expect(q.attributes('data-level')).toBe(level)
    expect(q.find('.bar-fill').classes()).toContain(`fill-${level}`)
  })

  it('shows used and quota amounts in dollars', () => {
    expect(monthly(25, 100).get('[data-testid="quota"]').text()).toContain('$25.00 / $100.00 used')
  })

  it('marks an expired quota and leaves a future one unmarked', () => {
    const expired = monthly(10, 100, { quota_expires_at: '2026-11-25T00:00:00Z' })
    expect(expired.get('[data-testid="quota"]').attributes('data-expired')).toBe('true')
    expect(expired.find('[data-testid="quota-expired"]').exists()).toBe(true)
    const future = monthly(10, 100, { quota_expires_at: '2026-12-25T00:00:00Z' })
    expect(future.find('[data-testid="quota-expired"]').exists()).toBe(false)
  })

  it('has no quota bar unless billing is monthly_quota with a quota', () => {
    expect(card({ billing_type: 'pay_as_you_go', monthly_quota_usd: 100 }).find('[data-testid="quota"]').exists()).toBe(false)
    const noQuota = card({ billing_type: 'monthly_quota', monthly_quota_usd: null })
    expect(noQuota.find('[data-testid="quota"]').exists()).toBe(false)
    expect(noQuota.get('[data-testid="quota-none"]').text()).toBe('No quota set')
  })

  it('shows RPM as unlimited when the limit is null', () => {
    const rpm = card({ rpm_limit: null, rpm_used: 42 }).get('[data-testid="card-rpm"]')
    expect(rpm.attributes('data-kind')).toBe('unlimited')
    expect(rpm.text()).toBe('42 / unlimited')
  })

  it('shows RPM as blocked when the limit is 0', () => {
    const rpm = card({ rpm_limit: 0, rpm_used: 0 }).get('[data-testid="card-rpm"]')
    expect(rpm.attributes('data-kind')).toBe('blocked')
    expect(rpm.attributes('data-level')).toBe('bad')
    expect(rpm.text()).toBe('blocked')
  })

  it.each([
    [10, 100, 'good'],
    [75, 100, 'warn'],
    [95, 100, 'bad'],
  ])('shows RPM %s of %s coloured %s', (used, limit, level) => {
    const rpm = card({ rpm_limit: limit, rpm_used: used }).get('[data-testid="card-rpm"]')
    expect(rpm.text()).toBe(`${used} / ${limit}`)
    expect(rpm.attributes('data-level')).toBe(level)
  })

  it('shows endpoints, keys and models as active / total', () => {
    const w = card({ active_endpoints: 2, total_endpoints: 3, active_keys: 7, total_keys: 9, active_models: 0, total_models: 4 })
    expect(w.get('[data-testid="card-endpoints"]').text()).toBe('2 / 3')
    expect(w.get('[data-testid="card-keys"]').text()).toBe('7 / 9')
    expect(w.get('[data-testid="card-models"]').text()).toBe('0 / 4')
  })

  it.each(['good', 'warn', 'bad'] as const)('shows the colour core gives the health (%s) on the average and the chip', (level) => {
    const w = card({ health_level: level, endpoint_health_details: [endpoint({ level })] })
    expect(w.get('[data-testid="card-health"]').attributes('data-level')).toBe(level)
    expect(w.get('[data-testid="health-dot"]').attributes('data-level')).toBe(level)
    expect(w.get('[data-testid="format-chip"]').attributes('data-level')).toBe(level)
  })

  it('draws one chip per endpoint, marked when core says the endpoint has no active key', () => {
    const w = card({
      endpoint_health_details: [
        endpoint({ endpoint_id: 'a', api_format: 'CLAUDE', health_score: 1, active_keys: 0, total_keys: 3, verdict: 'no_active_key', level: 'bad' }),
        endpoint({ endpoint_id: 'b', api_format: 'OPENAI', health_score: 0.9, active_keys: 1 }),
      ],
    })
    const chips = w.findAll('[data-testid="format-chip"]')
    expect(chips.map((c) => c.attributes('data-format'))).toEqual(['CLAUDE', 'OPENAI'])
    expect(chips[0].attributes('data-level')).toBe('bad')
    expect(chips[0].classes()).toContain('chip-no-key')
    expect(chips[0].attributes('title')).toContain('no active key')
    expect(chips[1].attributes('data-level')).toBe('good')
    expect(chips[1].classes()).not.toContain('chip-no-key')
  })

  it('labels a chip readably and keeps the raw format in its tooltip', () => {
    const w = card({ endpoint_health_details: [endpoint({ api_format: 'openai:responses:compact' })] })
    const chip = w.get('[data-testid="format-chip"]')
    expect(chip.text()).toBe('OpenAI Responses (compact)')
    expect(chip.attributes('data-format')).toBe('openai:responses:compact')
    expect(chip.attributes('title')).toContain('(openai:responses:compact)')
  })

  it.each([
    ['healthy', 'All endpoints healthy', '所有端点健康'],
    ['degraded', 'Some endpoints degraded (health below 80 %)', '部分端点降级（健康度低于 80%）'],
    ['unhealthy', 'Needs attention: an endpoint is unhealthy or has no active key', '需要关注：有端点不健康或没有可用密钥'],
    ['cannot_serve', 'Cannot serve: no active endpoint has an active key', '无法服务：没有带可用密钥的启用端点'],
    ['no_endpoints', 'No endpoints yet', '尚无端点'],
  ] as const)('says the verdict %s in both languages', (verdict, en, zh) => {
    const over = { verdict, total_endpoints: verdict === 'no_endpoints' ? 0 : 1 }
    expect(card(over).get('[data-testid="card-verdict"]').text()).toBe(en)
    const inChinese = mount(ProviderCard, { props: { provider: provider(over), now: NOW }, ...withI18n('zh') })
    expect(inChinese.get('[data-testid="card-verdict"]').text()).toBe(zh)
  })

  it('shows no green average for a provider without endpoints', () => {
    const w = card({ verdict: 'no_endpoints', total_endpoints: 0, endpoint_health_details: [], avg_health_score: 1 })
    expect(w.get('[data-testid="card-health"]').attributes('data-level')).toBe('empty')
    expect(w.get('[data-testid="card-health"]').text()).toBe('—')
  })

  it('opens on Enter and click only when interactive, and asks to edit from its button', async () => {
    const w = mount(ProviderCard, { props: { provider: provider(), now: NOW, interactive: true }, ...withI18n() })
    await w.trigger('keydown', { key: 'Enter' })
    await w.trigger('click')
    expect(w.emitted('open')).toEqual([['p1'], ['p1']])
    await w.get('[data-testid="card-edit"]').trigger('click')
    expect(w.emitted('edit')).toEqual([['p1']])
    expect(w.emitted('open')).toHaveLength(2)
  })

  it('shows RPM and the machine name on a legacy provider, and no gateway settings', () => {
    const w = card({ display_name: '', name: 'machine-name' })
    expect(w.get('[data-testid="card-display-name"]').text()).toBe('machine-name')
    expect(w.find('[data-testid="card-rpm"]').exists()).toBe(true)
    expect(w.find('[data-testid="card-concurrency"]').exists()).toBe(false)
    expect(w.find('[data-testid="card-provider-type"]').exists()).toBe(false)
    expect(w.find('[data-testid="card-retries"]').exists()).toBe(false)
  })

  const gateway = (over: Partial<ProviderSummary> = {}, locale: 'en' | 'zh' = 'en') =>
    mount(ProviderCard, { props: { provider: gatewayProvider(over), now: NOW }, ...withI18n(locale) })

  it('shows a Rust gateway provider by its name and type, without provider RPM', () => {
    const w = gateway({ concurrent_limit: 8 })
    expect(w.get('[data-testid="card-display-name"]').text()).toBe('Anthropic Main')
    expect(w.find('[data-testid="card-name"]').exists()).toBe(false)
    expect(w.get('[data-testid="card-provider-type"]').text()).toBe('claude_code')
    expect(w.find('[data-testid="card-rpm"]').exists()).toBe(false)
    expect(w.text()).not.toContain('RPM')
    expect(w.text()).not.toContain('unlimited')
    expect(w.get('[data-testid="card-concurrency"]').text()).toBe('8')
    expect(w.get('[data-testid="card-retries"]').text()).toBe('2 retries')
    expect(w.get('[data-testid="card-timeout"]').text()).toBe('timeout 300 s')
    expect(w.get('[data-testid="format-chip"]').text()).toBe('Claude Messages')
  })

  it('calls a null concurrency limit unlimited, in both languages', () => {
    expect(gateway().get('[data-testid="card-concurrency"]').text()).toBe('unlimited')
    expect(gateway({}, 'zh').get('[data-testid="card-concurrency"]').text()).toBe('不限')
  })

  it('leaves out settings a v0.3 provider has as NULL', () => {
    const w = gateway({ generation: 'v0.3', max_retries: null, request_timeout: null })
    expect(w.find('[data-testid="card-retries"]').exists()).toBe(false)
    expect(w.find('[data-testid="card-timeout"]').exists()).toBe(false)
    expect(w.find('[data-testid="card-rpm"]').exists()).toBe(false)
  })

  it('renders in Chinese', () => {
    const w = mount(ProviderCard, { props: { provider: provider({ rpm_limit: null }), now: NOW }, ...withI18n('zh') })
    expect(w.get('[data-testid="card-rpm"]').text()).toContain('不限')
    expect(w.get('[data-testid="card-billing"]').text()).toBe('按量付费')
  })

  it.each(['Enter', ' '])('opens an interactive card with %j, as a button does', async (key) => {
    const w = mount(ProviderCard, { props: { provider: provider(), now: NOW, interactive: true }, ...withI18n('zh') })
    await w.get('[data-testid="provider-card"]').trigger('keydown', { key })
    expect(w.emitted('open')).toEqual([['p1']])
  })
})
