import { useI18n } from '../../ui/i18n-context';
import { Notice } from '../../ui/states';

/** Opened outside Bitrix24 (no frame identity): say where the app lives instead of failing silently. */
export function NotInBitrix() {
  const { t } = useI18n();
  return (
    <Notice kind="info" title={t('error.notInBitrix.title')}>
      <p>{t('error.notInBitrix.body')}</p>
    </Notice>
  );
}
