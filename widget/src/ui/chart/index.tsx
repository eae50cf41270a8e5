/**
 * @module <AttainmentChart>: bars per period with the plan line, drawn by chart.js loaded on first use. Screen
 * readers get the same numbers as a table (the canvas is an image with a label).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n-context';

export interface ChartPoint {
  label: string;
  /** Ratio string ("0.875") or null when there was no plan. */
  ratio: string | null;
  display: string;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

export function AttainmentChart({ points, title }: { points: ChartPoint[]; title: string }) {
  const { lang } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  useEffect(() => {
    let destroy: (() => void) | null = null;
    let cancelled = false;
    import('./bar-chart').then(
      ({ drawBarChart }) => {
        if (cancelled || !canvas.current) return;
        const pct = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: 0 });
        destroy = drawBarChart(canvas.current, {
          labels: points.map((p) => p.label),
          values: points.map((p) => (p.ratio === null ? null : Math.round(Number(p.ratio) * 1000) / 10)),
          reference: 100,
          formatTick: (v) => `${pct.format(v)} %`,
          colors: {
            bar: cssVar('--b24-color-primary', '#2fc6f6'),
            over: cssVar('--b24-color-success', '#9dcf00'),
            grid: cssVar('--b24-color-base-150', '#e6e8e9'),
            text: cssVar('--b24-color-base-900', '#525c69'),
            reference: cssVar('--b24-color-alert', '#ff5752'),
          },
        });
        setState('ready');
        canvas.current.dispatchEvent(new CustomEvent('kvota:chart-drawn', { bubbles: true }));
      },
      () => setState('failed'),
    );
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [points, lang]);

  return (
    <figure class="k-chart" data-state={state}>
      <figcaption class="k-h3">{title}</figcaption>
      <div class="k-chart__canvas">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <table class="k-sr">
        <caption>{title}</caption>
        <tbody>
          {points.map((p) => (
            <tr key={p.label}>
              <th scope="row">{p.label}</th>
              <td>{p.display}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
