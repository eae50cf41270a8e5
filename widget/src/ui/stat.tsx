import type { ComponentChildren } from 'preact';

/** A labelled figure; `dd`/`dt` so screen readers read "Earned: 43 750 ₽". */
export function Stat({
  label,
  value,
  hint,
  tone,
}: {
  label: string;
  value: ComponentChildren;
  hint?: ComponentChildren;
  tone?: 'good';
}) {
  return (
    <div class="k-stat">
      <dt class="k-stat__label">{label}</dt>
      <dd class={`k-stat__value${tone ? ` k-stat__value--${tone}` : ''}`}>{value}</dd>
      {hint && <dd class="k-stat__hint">{hint}</dd>}
    </div>
  );
}
