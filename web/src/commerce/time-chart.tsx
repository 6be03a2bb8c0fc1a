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

const DAY_S = 86_400;
/** Daily points: ticks fall on whole days (1, 2, 7, 14 or 30 apart), labelled with the date alone. */
const dayIncrs = [1, 2, 7, 14, 30, 91, 182, 365].map((d) => d * DAY_S);
const dayLabel = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";

/**
 * The width the chart may take: the box's content width. (clientWidth includes padding; sizing the canvas
 * to it made the box grow by its padding on every resize callback, without end.)
 */
function widthOf(el: HTMLElement): number {
  const style = getComputedStyle(el);
  const width = el.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
  return width > 0 ? Math.floor(width) : 600;
}

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
          width: widthOf(el),
          height: 220,
          legend: { show: true, live: false },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: true } },
          axes: [
            { ...axis, space: 56, incrs: dayIncrs, values: (_u: uPlot, vals: number[]) => vals.map((v) => dayLabel.format(v * 1000)) },
            { ...axis, size: 64, ...(format && { values: (_u: uPlot, vals: number[]) => vals.map(format) }) },
          ],
          series: [{}, ...series.map((s) => ({ label: s.label, stroke: css(s.color), width: 2, fill: `${css(s.color)}22` }))],
        },
        [days.map((d) => d / 1000), ...series.map((s) => s.values)],
        el,
      );
    };
    draw();
    const resize = new ResizeObserver(() => plot?.setSize({ width: widthOf(el), height: 220 }));
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
