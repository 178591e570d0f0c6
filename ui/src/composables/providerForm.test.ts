import { describe, expect, it } from 'vitest'
import { buildPatch, fieldHint, formFromSummary, formSchema, formSections, validateForm } from './providerForm'
import { EDITABLE, gatewayProvider, provider } from '@/test/fixtures'

describe('providerForm', () => {
  it('lays out exactly the editable fields, in their order, each with its rule', () => {
    const schema = formSchema(EDITABLE.rust.fields, EDITABLE.rust.rules.filter((r) => r.name !== 'description'))
    expect(schema.map((f) => f.name)).toEqual(EDITABLE.rust.fields)
    expect(schema.find((f) => f.name === 'quota_reset_day')?.rule?.max).toBe(365)
    expect(schema.find((f) => f.name === 'description')?.rule).toBeNull()
  })

  it('puts a field it does not know into "other", as text, still sent under its name', () => {
    const schema = formSchema(['name', 'weight'], [])
    expect(schema.map((f) => [f.name, f.group, f.kind])).toEqual([
      ['name', 'basic', 'text'],
      ['weight', 'other', 'text'],
    ])
    const p = { ...gatewayProvider(), weight: 3 }
    const form = formFromSummary(schema, p)
    expect(form.weight).toBe('3')
    expect(buildPatch(schema, { ...form, weight: '5' }, p)).toEqual({ weight: '5' })
  })

  it('takes the kind from the rule when there is one', () => {
    const schema = formSchema(['max_retries'], [{ name: 'max_retries', kind: 'integer', nullable: true, unique: false, min: 0, max: 10, min_chars: null, max_chars: null, choices: [] }])
    expect(schema[0].kind).toBe('integer')
    expect(validateForm(schema, { max_retries: '2.5' })).toEqual({ max_retries: { key: 'integer' } })
    expect(formSchema(['max_retries'], [])[0].kind).toBe('number')
    expect(validateForm(formSchema(['max_retries'], []), { max_retries: '2.5' })).toEqual({})
  })

  it('shows the quota section only while the billing type is monthly_quota', () => {
    const schema = formSchema(EDITABLE.rust.fields, EDITABLE.rust.rules)
    const p = gatewayProvider({ billing_type: 'pay_as_you_go' })
    const form = formFromSummary(schema, p)
    expect(formSections(schema, form, p).map((s) => s.group)).toEqual(['basic', 'routing', 'billing'])
    expect(formSections(schema, { ...form, billing_type: 'monthly_quota' }, p).map((s) => s.group)).toEqual(['basic', 'routing', 'billing', 'quota'])
  })

  it('starts a legacy display name from the machine name when it is empty, and sends nothing untouched', () => {
    const schema = formSchema(EDITABLE.legacy.fields, EDITABLE.legacy.rules)
    const p = provider({ display_name: '', name: 'machine' })
    const form = formFromSummary(schema, p)
    expect(form.display_name).toBe('machine')
    expect(buildPatch(schema, form, p)).toEqual({})
  })

  it('hints a field with its own text, the zone for times, else its rule’s bounds', () => {
    const schema = formSchema(EDITABLE.rust.fields, EDITABLE.rust.rules)
    const hint = (name: string) => fieldHint(schema.find((f) => f.name === name)!)
    expect(hint('concurrent_limit')).toEqual({ key: 'edit.hint.concurrent_limit' })
    expect(hint('quota_expires_at')).toEqual({ key: 'edit.timeHint' })
    expect(hint('request_timeout')).toEqual({ key: 'edit.range', params: { min: 1, max: 1200 } })
    expect(hint('monthly_quota_usd')).toBeNull()
  })
})
