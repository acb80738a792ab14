/**
 * The report's chart as a PNG, drawn on the server without a browser: ECharts' server-side SVG
 * renderer (`ssr: true`, echarts.apache.org/handbook/en/how-to/cross-platform/server) and
 * @resvg/resvg-js to rasterise it. Fonts: resvg sees only the files given to it (system fonts off,
 * so the picture is the same on every machine), DejaVu Sans from the `dejavu-fonts-ttf` package —
 * a dependency, so a fresh `npm ci` has it — which covers Cyrillic.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';

export interface ChartBar {
  /** The manager's short name. */
  label: string;
  /** Median working minutes; null when there is nothing to show. */
  claim: number | null;
  contact: number | null;
}

export interface ChartTexts {
  title: string;
  subtitle: string;
  claim: string;
  /** null: the first-contact clock is off — no second bar, no legend entry. */
  contact: string | null;
  line: string;
  axis: string;
  empty: string;
}

const FONT_FAMILY = 'DejaVu Sans';
/** A number as Russian writes it: «0,5», not «0.5» (axis ticks and bar labels alike). */
const ruNumber = (v: unknown): string => String(v).replace('.', ',');
const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const FONT_FILES = [join(fontDir, 'DejaVuSans.ttf'), join(fontDir, 'DejaVuSans-Bold.ttf')];

/** The chart as SVG text (ECharts SSR). `limit`: the "claimed within" line, in minutes. */
export function chartSvg(bars: ChartBar[], texts: ChartTexts, limit = 10): string {
  const width = 900;
  const height = Math.max(260, 120 + bars.length * 56);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  // Top to bottom in the order given: ECharts draws a category axis from the bottom up.
  const rows = [...bars].reverse();
  const max = Math.max(limit * 1.2, ...bars.flatMap((b) => [b.claim ?? 0, b.contact ?? 0]));
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: {
      text: texts.title,
      subtext: bars.length ? texts.subtitle : texts.empty,
      left: 16,
      top: 10,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: 18 },
      subtextStyle: { fontFamily: FONT_FAMILY, fontSize: 13, color: '#555' },
    },
    legend: { top: 62, left: 16, textStyle: { fontFamily: FONT_FAMILY, fontSize: 13 } },
    grid: { left: 16, right: 56, top: 96, bottom: 36, containLabel: true },
    xAxis: {
      type: 'value',
      max: Math.ceil(max / 5) * 5,
      name: texts.axis,
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: { fontFamily: FONT_FAMILY },
      axisLabel: { fontFamily: FONT_FAMILY, formatter: (v: number) => ruNumber(v) },
    },
    yAxis: {
      type: 'category',
      data: rows.map((b) => b.label),
      axisLabel: { fontFamily: FONT_FAMILY, fontSize: 13 },
    },
    series: [
      {
        name: texts.claim,
        type: 'bar',
        data: rows.map((b) => round(b.claim)),
        itemStyle: { color: '#2f7ed8' },
        label: {
          show: true,
          position: 'right',
          fontFamily: FONT_FAMILY,
          formatter: (p: { value: unknown }) => ruNumber(p.value),
        },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#d62728', type: 'dashed', width: 2 },
          label: { formatter: texts.line, fontFamily: FONT_FAMILY, color: '#d62728' },
          data: [{ xAxis: limit }],
        },
      },
      ...(texts.contact === null
        ? []
        : [
            {
              name: texts.contact,
              type: 'bar',
              data: rows.map((b) => round(b.contact)),
              itemStyle: { color: '#f28e2b' },
              label: {
                show: true,
                position: 'right',
                fontFamily: FONT_FAMILY,
                formatter: (p: { value: unknown }) => ruNumber(p.value),
              },
            },
          ]),
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** SVG → PNG with the bundled font only. */
export function svgToPng(svg: string): Buffer {
  const r = new Resvg(svg, {
    background: '#ffffff',
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return r.render().asPng();
}

export const chartPng = (bars: ChartBar[], texts: ChartTexts, limit = 10): Buffer =>
  svgToPng(chartSvg(bars, texts, limit));
