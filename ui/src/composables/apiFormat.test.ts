import { describe, expect, it } from 'vitest'
import { formatLabel } from './apiFormat'

describe('formatLabel', () => {
  it.each([
    ['claude:messages', 'Claude Messages'],
    ['openai:chat', 'OpenAI Chat'],
    ['openai:responses', 'OpenAI Responses'],
    ['openai:responses:compact', 'OpenAI Responses (compact)'],
    ['openai:embedding', 'OpenAI Embedding'],
    ['gemini:generate_content', 'Gemini Generate content'],
    ['gemini:interactions', 'Gemini Interactions'],
    ['jina:rerank', 'Jina Rerank'],
    ['aliyun:multimodal_embedding', 'Aliyun Multimodal embedding'],
    ['claude:cli', 'Claude CLI'],
    ['claude:chat', 'Claude Chat'],
  ])('reads the gateway format %s as %s', (raw, label) => {
    expect(formatLabel(raw)).toBe(label)
  })

  it.each([
    ['CLAUDE', 'Claude'],
    ['CLAUDE_CLI', 'Claude CLI'],
    ['OPENAI', 'OpenAI'],
    ['OPENAI_CLI', 'OpenAI CLI'],
    ['GEMINI_CLI', 'Gemini CLI'],
  ])('reads the legacy format %s as %s', (raw, label) => {
    expect(formatLabel(raw)).toBe(label)
  })

  it('formats a format it has never seen by the same rule', () => {
    expect(formatLabel('foo:bar_baz')).toBe('Foo Bar baz')
    expect(formatLabel('acme')).toBe('Acme')
    expect(formatLabel('acme:chat:v2:beta')).toBe('Acme Chat (v2, beta)')
  })

  it('tolerates case and surrounding spaces, and leaves an empty value as it is', () => {
    expect(formatLabel('  Claude:Messages ')).toBe('Claude Messages')
    expect(formatLabel('')).toBe('')
    expect(formatLabel('openai:')).toBe('OpenAI')
  })
})
