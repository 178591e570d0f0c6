import type { ErrorDetail } from '@/api'
import { fieldErrorList } from '@/composables/fieldCode'
import { generationKey } from '@/composables/generation'

type Translate = (key: string, params?: Record<string, unknown>) => string

/** One sentence per error kind, saying what happened and what to do. */
export function errorSentence(detail: ErrorDetail, t: Translate): string {
  switch (detail.kind) {
    case 'NotFound':
      return t('errors.NotFound', { entity: detail.entity, id: detail.id })
    case 'Validation':
      return t('errors.Validation', { list: fieldErrorList(detail.errors, t) })
    case 'Conflict':
      return t('errors.Conflict')
    case 'ReadOnly':
      return t('errors.ReadOnly')
    case 'SchemaMismatch':
      // `closest` names the generation the database resembles most: what the admin likely opened.
      return detail.closest
        ? t('errors.SchemaMismatchClosest', { generation: t(generationKey(detail.closest)), missing: detail.missing.join(', ') })
        : t('errors.SchemaMismatch', { missing: detail.missing.join(', ') })
    case 'Unreachable':
      return t('errors.Unreachable', { message: detail.message })
    case 'Database':
      return t('errors.Database', { message: detail.message })
    case 'Cancelled':
      return t('errors.Cancelled')
    case 'NoDatabase':
      return t('errors.NoDatabase')
    case 'Unexpected':
      return t('errors.Unexpected', { message: detail.message })
  }
}
