// What each generation's database lets the edit dialog change, with bounds like the ones core
// sends in `field_rules` (`docs/generations.md`): data for the mock backend and the component tests, never read
// by the app itself, which takes both from the open database.
import type { FieldRule, Generation } from '@/api'

const rule = (name: string, kind: FieldRule['kind'], nullable: boolean, min: number | null = null, max: number | null = null, max_chars: number | null = null): FieldRule => ({
  name,
  kind,
  nullable,
  unique: name === 'name',
  min,
  max,
  min_chars: nullable || kind !== 'text' ? null : 1,
  max_chars,
  choices: kind === 'choice' ? ['monthly_quota', 'pay_as_you_go', 'free_tier'] : [],
})

export const EDITABLE = {
  legacy: {
    fields: ['display_name', 'description', 'website', 'provider_priority', 'is_active', 'billing_type', 'monthly_quota_usd', 'quota_reset_day', 'quota_last_reset_at', 'quota_expires_at', 'rpm_limit'],
    rules: [
      rule('display_name', 'text', false, null, null, 100),
      rule('description', 'text', true),
      rule('website', 'url', true, null, null, 500),
      rule('provider_priority', 'integer', false, -2147483648, 2147483647),
      rule('is_active', 'boolean', false),
      rule('billing_type', 'choice', false),
      rule('monthly_quota_usd', 'number', true, 0),
      rule('quota_reset_day', 'integer', true, 1, 31),
      rule('quota_last_reset_at', 'time', true),
      rule('quota_expires_at', 'time', true),
      rule('rpm_limit', 'integer', true, 0),
    ],
  },
  'v0.3': {
    fields: ['name', 'description', 'website', 'provider_priority', 'is_active', 'billing_type', 'monthly_quota_usd', 'quota_reset_day', 'quota_expires_at', 'max_retries', 'request_timeout', 'stream_first_byte_timeout', 'keep_priority_on_conversion', 'enable_format_conversion'],
    rules: [
      rule('name', 'text', false, null, null, 100),
      rule('description', 'text', true),
      rule('website', 'url', true),
      rule('provider_priority', 'integer', false),
      rule('is_active', 'boolean', false),
      rule('billing_type', 'choice', false),
      rule('monthly_quota_usd', 'number', true, 0),
      rule('quota_reset_day', 'integer', true, 1, 31),
      rule('quota_expires_at', 'time', true),
      rule('max_retries', 'integer', true, 0, 10),
      rule('request_timeout', 'number', true, 1, 600),
      rule('stream_first_byte_timeout', 'number', true, 1, 300),
      rule('keep_priority_on_conversion', 'boolean', false),
      rule('enable_format_conversion', 'boolean', false),
    ],
  },
  rust: {
    fields: ['name', 'description', 'website', 'provider_priority', 'is_active', 'billing_type', 'monthly_quota_usd', 'quota_reset_day', 'quota_last_reset_at', 'quota_expires_at', 'max_retries', 'request_timeout', 'stream_first_byte_timeout', 'concurrent_limit', 'keep_priority_on_conversion', 'enable_format_conversion'],
    rules: [
      rule('name', 'text', false),
      rule('description', 'text', true),
      rule('website', 'url', true),
      rule('provider_priority', 'integer', false, 0, 10000),
      rule('is_active', 'boolean', false),
      rule('billing_type', 'choice', false),
      rule('monthly_quota_usd', 'number', true, 0),
      rule('quota_reset_day', 'integer', true, 1, 365),
      rule('quota_last_reset_at', 'time', true),
      rule('quota_expires_at', 'time', true),
      rule('max_retries', 'integer', true, 0, 999),
      rule('request_timeout', 'number', true, 1, 1200),
      rule('stream_first_byte_timeout', 'number', true, 1, 300),
      rule('concurrent_limit', 'integer', true, 0),
      rule('keep_priority_on_conversion', 'boolean', false),
      rule('enable_format_conversion', 'boolean', false),
    ],
  },
} satisfies Record<Generation, { fields: string[]; rules: FieldRule[] }>
