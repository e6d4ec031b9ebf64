import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { vi, type MessageKey } from './vi';
import { en } from './en';

export type Language = 'vi' | 'en';
const dictionaries: Record<Language, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'tthc.language';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18nValue {
  lang: Language;
  setLang: (lang: Language) => void;
  t: Translate;
  /** locale for Intl formatting */
  locale: string;
}

const I18nContext = createContext<I18nValue | null>(null);

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'vi';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const dict = dictionaries[lang];
    const t: Translate = (key, params) => {
      const text = dict[key] ?? vi[key] ?? key;
      if (!params) return text;
      return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
    };
    return { lang, setLang, t, locale: lang === 'vi' ? 'vi-VN' : 'en-GB' };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
