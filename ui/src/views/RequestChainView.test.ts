import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import RequestChainView from './RequestChainView.vue'
import { candidate, memoryRouter, withApp } from '@/test/fixtures'
import type { RequestChain } from '@/api'
import type { Locale } from '@/i18n'

afterEach(() => clearMocks())
enableAutoUnmount(afterEach)

const CHAIN: RequestChain = {
  request_id: 'req-9',
  candidates: [
    candidate({ id: 'a', candidate_index: 0, retry_index: 1 }),
    candidate({ id: 'b', candidate_index: 1, retry_index: 0, provider_id: 'p2', provider_name: 'OpenAI Primary', status: 'success', outcome: 'success', status_code: 200, error_type: null, error_message: null }),
  ],
  end: { kind: 'succeeded', position: 1 },
  incomplete: true,
  gaps: [
    { kind: 'missing_retries', candidate_index: 0, retry_indexes: [0] },
    { kind: 'snapshot_window', since_window: '72h' },
  ],
  skip_reason_recorded: false,
  generation: 'rust',
}

async function view(locale: Locale, chain: RequestChain = CHAIN) {
  const asked: string[] = []
  mockIPC((cmd, raw) => {
    if (cmd === 'get_request_chain') {
      asked.push((raw as { requestId: string }).requestId)
      return chain
    }
    throw { kind: 'Database', message: `unexpected ${cmd}` }
  })
  const router = memoryRouter('/request/req-9?lookback=24&provider=p1')
  await router.isReady()
  const w = mount(RequestChainView, { attachTo: document.body, ...withApp(locale, router) })
  await flushPromises()
  return { w, asked }
}

describe('a request’s chain', () => {
  it.each<[Locale, string, string, string[]]>([
    ['en', 'Succeeded on OpenAI Primary (candidate 1, retry 0).', 'This chain is incomplete in this database:', ['retries 0 of candidate 0 are missing', 'the snapshot kept only events of the last 72h; earlier candidates may be missing']],
    ['zh', '在 OpenAI Primary 成功（候选 1，重试 0）。', '这条候选链在此数据库中不完整：', ['缺少候选 0 的重试 0', '快照只保留了最近 72h 的事件；更早的候选可能缺失']],
  ])('lists every candidate in order, where it ended and what is missing (%s)', async (locale, end, incomplete, gaps) => {
    const { w, asked } = await view(locale)
    expect(asked).toEqual(['req-9'])
    expect(w.findAll('[data-testid="candidate-row"]').map((r) => r.attributes('data-id'))).toEqual(['a', 'b'])
    expect(w.findAll('[data-testid="candidate-provider"]').map((c) => c.text())).toEqual(['Anthropic Main', 'OpenAI Primary'])
    expect(w.get('[data-testid="chain-end"]').text()).toBe(end)
    expect(w.get('[data-testid="chain-end"]').attributes('data-end')).toBe('succeeded')
    expect(w.findAll('tr.final').map((r) => r.attributes('data-id'))).toEqual(['b'])
    expect(w.get('[data-testid="chain-incomplete"] strong').text()).toBe(incomplete)
    expect(w.findAll('[data-testid="chain-gap"]').map((g) => g.text())).toEqual(gaps)
  })

  it.each<[Locale, string, string]>([
    ['en', 'This chain may be incomplete:', 'the snapshot holds only providers p1, p3; candidates on other providers may be missing'],
    ['zh', '这条候选链可能不完整：', '快照只包含提供商 p1, p3；其他提供商上的候选可能缺失'],
  ])('names a snapshot’s provider filter when the chain gave up there (%s)', async (locale, heading, gap) => {
    const { w } = await view(locale, {
      ...CHAIN,
      end: { kind: 'gave_up' },
      incomplete: false,
      gaps: [{ kind: 'snapshot_providers', provider_ids: ['p1', 'p3'] }],
    })
    expect(w.get('[data-testid="chain-incomplete"]').attributes('data-incomplete')).toBe('false')
    expect(w.get('[data-testid="chain-incomplete"] strong').text()).toBe(heading)
    expect(w.findAll('[data-testid="chain-gap"]').map((g) => g.text())).toEqual([gap])
  })

  it('says so when it gave up, and states no gap when there is none', async () => {
    const { w } = await view('en', { ...CHAIN, end: { kind: 'gave_up' }, incomplete: false, gaps: [] })
    expect(w.get('[data-testid="chain-end"]').text()).toBe('Gave up: no candidate succeeded.')
    expect(w.find('[data-testid="chain-incomplete"]').exists()).toBe(false)
  })
})
