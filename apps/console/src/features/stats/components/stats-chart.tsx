import { useEffect, useRef } from 'react';

/** One line or bar series of a chart. */
export interface TChartSeries {
  label: string;
  values: (number | null)[];
  /** A CSS custom property of the theme (`--primary`), read when drawing, so dark and light both work. */
  colorVar: string;
}

function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

/**
 * A uPlot chart, loaded with its CSS only when a Statistics chart is first drawn (the page's own
 * chunk, never the console's first screen). `x` are category positions (0…n-1) labelled by `labels`.
 * Screen readers skip it: every chart has a table view with the same numbers.
 */
export function StatsChart({
  labels,
  series,
  bars = false,
  height = 220,
}: {
  labels: string[];
  series: TChartSeries[];
  bars?: boolean;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let disposed = false;
    let chart: { destroy(): void; setSize(size: { width: number; height: number }): void } | null = null;
    let observer: ResizeObserver | null = null;
    (async () => {
      const [{ default: UPlot }] = await Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]);
      if (disposed) return;
      const text = cssVar(element, '--text-muted', '#5b6676');
      const grid = cssVar(element, '--border', '#dde3ea');
      const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
      const xs = labels.map((_, i) => i);
      chart = new UPlot(
        {
          width: element.clientWidth || 600,
          height,
          legend: { show: true },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: false } },
          axes: [
            {
              ...axis,
              values: (_u: unknown, ticks: number[]) => ticks.map((t) => labels[Math.round(t)] ?? ''),
            },
            axis,
          ],
          series: [
            { label: '' },
            ...series.map((s) => {
              const color = cssVar(element, s.colorVar, '#2f6fed');
              return {
                label: s.label,
                stroke: color,
                width: 2,
                ...(bars
                  ? { fill: color, paths: UPlot.paths.bars?.({ size: [0.6, 40] }), points: { show: false } }
                  : { points: { show: labels.length <= 31 } }),
              };
            }),
          ],
        },
        [xs, ...series.map((s) => s.values)] as never,
        element,
      );
      observer = new ResizeObserver(() => chart?.setSize({ width: element.clientWidth, height }));
      observer.observe(element);
    })();
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [labels, series, bars, height]);
  return <div ref={box} className="stats-chart" aria-hidden="true" />;
}
