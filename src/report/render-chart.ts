/**
 * Node-only: compiles a chart's Vega-Lite spec to Vega, renders it to SVG with Vega's headless
 * renderer, and the SVG to PNG with resvg at a given resolution. Kept out of the browser entry
 * (resvg is a native module). Vega, Vega-Lite and resvg are loaded on first use, so that loading
 * radsig (also by require() from CommonJS) does not load them.
 */
import { existsSync } from 'node:fs';
import { CHART_FONT, type VegaLiteSpec } from './charts/chart-spec.js';

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');
type ResvgModule = typeof import('@resvg/resvg-js');

let vegaModule: Promise<VegaModule> | null = null;
let vegaLiteModule: Promise<VegaLiteModule> | null = null;
let resvgModule: Promise<ResvgModule> | null = null;

/** Compiles a Vega-Lite spec to a Vega spec. @throws Error when Vega-Lite rejects it. */
export async function compileChart(spec: VegaLiteSpec): Promise<Record<string, unknown>> {
  const { compile } = await (vegaLiteModule ??= import('vega-lite'));
  const logger = {
    level: () => logger,
    error: (...args: unknown[]) => {
      throw new Error(`Vega-Lite: ${args.map(String).join(' ')}`);
    },
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return compile(spec as never, { logger: logger as never }).spec as unknown as Record<string, unknown>;
}

/** Renders a Vega spec to SVG text, headless. */
export async function renderSvg(vegaSpec: Record<string, unknown>): Promise<string> {
  const vega = await (vegaModule ??= import('vega'));
  const view = new vega.View(vega.parse(vegaSpec as never), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const DEJAVU = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => `/usr/share/fonts/truetype/dejavu/${f}`);
let fontFiles: string[] | null = null;

/**
 * Renders SVG text to PNG at `dpi` (the SVG's pixels are taken as 1/96 inch) with Debian's DejaVu
 * fonts (every system font when they are not there), off the main thread.
 */
export async function svgToPng(svg: string, dpi = 300): Promise<Uint8Array> {
  const { renderAsync } = await (resvgModule ??= import('@resvg/resvg-js'));
  fontFiles ??= DEJAVU.filter((f) => existsSync(f));
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: dpi / 96 },
    background: 'white',
    font: { ...(fontFiles.length > 0 ? { fontFiles, loadSystemFonts: false } : { loadSystemFonts: true }), defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  return image.asPng();
}
