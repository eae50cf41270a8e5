/** @module The language and translator for the component tree. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Lang } from '../i18n/format';
import { createTranslator, type Translate } from '../i18n/messages';

export interface I18n {
  lang: Lang;
  t: Translate;
}

export const I18nContext = createContext<I18n>({ lang: 'ru', t: createTranslator('ru', {}) });
export const useI18n = () => useContext(I18nContext);
