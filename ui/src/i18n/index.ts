import { createI18n } from 'vue-i18n'
import en from './en'
import zh from './zh'

export type Locale = 'en' | 'zh'
export const LOCALES: Locale[] = ['en', 'zh']
const STORAGE_KEY = 'aether-review.locale'

/** The saved choice, else the first system language we have, else English. */
export function detectLocale(languages: readonly string[] = navigator.languages ?? []): Locale {
  const saved = safeStorage()?.getItem(STORAGE_KEY)
  if (saved === 'en' || saved === 'zh') return saved
  for (const lang of languages) {
    const base = lang.toLowerCase().split('-')[0]
    if (base === 'zh') return 'zh'
    if (base === 'en') return 'en'
  }
  return 'en'
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

export function makeI18n(locale: Locale = detectLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, zh },
  })
}

export const i18n = makeI18n()

/** Switches the language; `remember` keeps the choice over the system locale next time. */
export function setLocale(locale: Locale, remember = true): void {
  i18n.global.locale.value = locale
  if (remember) safeStorage()?.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en'
}
