/**
 * @module chart.js, registered with only what a bar chart needs (tree-shaken), loaded by a dynamic import so only
 * views that draw a chart pay for it. The plan line at 100 % is a ten-line inline plugin, not the annotation plugin.
 */
import { BarController, BarElement, Chart, LinearScale, type Plugin } from 'chart.js';

// No CategoryScale: the x axis is linear over period indexes with period names as tick labels (saves ~1 KB gzip).
Chart.register(BarController, BarElement, LinearScale);

export interface BarChartData {
  labels: string[];
  /** Percent values (87.5 = 87.5 %). */
  values: (number | null)[];
  /** Where to draw the dashed plan line (100). */
  reference: number;
  formatTick: (v: number) => string;
  colors: { bar: string; over: string; grid: string; text: string; reference: string };
}

const referenceLine = (value: number, color: string): Plugin<'bar'> => ({
  id: 'kvotaReference',
  afterDatasetsDraw(chart) {
    const y = chart.scales.y?.getPixelForValue(value);
    if (y === undefined) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(chartArea.left, y);
    ctx.lineTo(chartArea.right, y);
    ctx.stroke();
    ctx.restore();
  },
});

export function drawBarChart(canvas: HTMLCanvasElement, data: BarChartData): () => void {
  const max = Math.max(data.reference * 1.2, ...data.values.map((v) => v ?? 0));
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      datasets: [
        {
          data: data.values.map((y, x) => ({ x, y })),
          backgroundColor: data.values.map((v) => ((v ?? 0) >= data.reference ? data.colors.over : data.colors.bar)),
          borderRadius: 4,
          maxBarThickness: 28,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      events: [],
      scales: {
        x: {
          type: 'linear',
          min: -0.5,
          max: data.labels.length - 0.5,
          offset: false,
          grid: { display: false },
          afterBuildTicks: (axis) => {
            axis.ticks = data.labels.map((_, value) => ({ value }));
          },
          ticks: {
            color: data.colors.text,
            autoSkip: false,
            callback: (v) => (Number.isInteger(Number(v)) ? (data.labels[Number(v)] ?? '') : ''),
          },
        },
        y: {
          min: 0,
          suggestedMax: Math.ceil(max / 25) * 25,
          grid: { color: data.colors.grid },
          ticks: { color: data.colors.text, callback: (v) => data.formatTick(Number(v)) },
        },
      },
    },
    plugins: [referenceLine(data.reference, data.colors.reference)],
  });
  return () => chart.destroy();
}
