/** @module The attainment bar: 100 % is the plan; beyond it the bar keeps going in the success color. */
import { formatRatio, ratioToNumber } from '../i18n/format';
import { useI18n } from './i18n-context';

export function AttainmentBar({ ratio, label, compact }: { ratio: string | null; label: string; compact?: boolean }) {
  const { lang } = useI18n();
  const n = ratioToNumber(ratio, 10);
  const width = Math.min(n, 1.5) / 1.5; // the bar spans 0…150 %; the plan mark sits at two thirds
  const text = formatRatio(ratio, lang);
  return (
    <div
      class={`k-bar${compact ? ' k-bar--compact' : ''}${n >= 1 ? ' k-bar--over' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(n * 1000) / 10}
      aria-valuetext={text}
    >
      <span class="k-bar__fill" style={{ width: `${(width * 100).toFixed(2)}%` }} />
      <span class="k-bar__plan" aria-hidden="true" />
    </div>
  );
}
