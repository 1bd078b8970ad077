/**
 * A tiny i18n: two dictionaries, a reactive locale shared by the whole app, and `t()`.
 * Japanese when the browser prefers it (navigator.languages), English otherwise; the user's
 * choice from the switch is kept in localStorage.
 * @module
 */
import { ref, watch, type Ref } from 'vue';
import { en, type MessageKey } from '../i18n/en.js';
import { ja } from '../i18n/ja.js';

export type Locale = 'ja' | 'en';

const STORAGE_KEY = 'facegate.locale';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { ja, en };

/** Picks ja when the first language the browser lists that we know is Japanese. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const l = lang.toLowerCase();
    if (l.startsWith('ja')) return 'ja';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'ja' || saved === 'en') return saved;
  } catch {
    // storage may be blocked (private mode): fall through to the browser's preference
  }
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language ?? 'en'];
  return preferredLocale(langs);
}

let locale: Ref<Locale> | undefined;

/** The shared locale, `t(key, params)` and `setLocale()`. */
export function useI18n() {
  if (!locale) {
    locale = ref(initialLocale());
    document.documentElement.lang = locale.value;
    watch(locale, (l) => {
      document.documentElement.lang = l;
    });
  }
  const current = locale;
  function t(key: MessageKey, params?: Record<string, string | number>): string {
    let text = dictionaries[current.value][key];
    if (params)
      for (const [k, v] of Object.entries(params)) text = text.replace(`{${k}}`, String(v));
    return text;
  }
  function setLocale(l: Locale): void {
    current.value = l;
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not persisted; still switched for this visit
    }
  }
  return { locale: current, t, setLocale };
}
