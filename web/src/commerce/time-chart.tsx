/**
 * A daily time series drawn by uPlot (canvas; ~20 KB gzip, loaded only with the dashboard's chunk). Its
 * colours come from the theme's CSS variables, read when drawn and again when the theme changes, so light
 * and dark both read well. Screen readers get the table under each chart instead (aria-hidden here).
 */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Series {
  label: string;
  values: number[];
  /** A CSS variable name like --accent. */
  color: string;
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";

export function TimeChart({ days, series, format }: { days: number[]; series: Series[]; format?: (v: number) => string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    const draw = () => {
      plot?.destroy();
      const axis = { stroke: css("--text-muted"), grid: { stroke: css("--border") }, ticks: { stroke: css("--border") } };
      plot = new uPlot(
        {
          width: el.clientWidth || 600,
          height: 220,
          legend: { show: true },
          cursor: { drag: { x: false, y: false } },
          axes: [axis, { ...axis, size: 64, ...(format && { values: (_u: uPlot, vals: number[]) => vals.map(format) }) }],
          series: [{}, ...series.map((s) => ({ label: s.label, stroke: css(s.color), width: 2, fill: `${css(s.color)}22` }))],
        },
        [days.map((d) => d / 1000), ...series.map((s) => s.values)],
        el,
      );
    };
    draw();
    const resize = new ResizeObserver(() => plot?.setSize({ width: el.clientWidth || 600, height: 220 }));
    resize.observe(el);
    const theme = new MutationObserver(draw);
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => {
      resize.disconnect();
      theme.disconnect();
      plot?.destroy();
    };
  }, [days, series]);
  return <div class="time-chart" ref={box} aria-hidden="true" />;
}
