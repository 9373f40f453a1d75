/**
 * Node-only: the report of a run as files: report.html (self-contained, the Vega runtime inlined)
 * and, for each chart, figures/NAME.svg, figures/NAME.png and figures/NAME.vl.json.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParameterError } from '../core/errors.js';
import { reportCharts } from './charts/report-charts.js';
import { compileChart, renderSvg, svgToPng } from './render-chart.js';
import { reportHtml, type CompiledChart } from './report-html.js';
import type { StudyResults } from '../pipeline/results-schema/study-results-schema.js';

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  /** Resolution of the PNG figures. @defaultValue 300 */
  dpi?: number;
  /** Write the figure files (SVG, PNG, Vega-Lite JSON). @defaultValue true */
  figures?: boolean;
  /** Folder of the figures relative to report.html. @defaultValue 'figures' */
  figuresFolder?: string;
}

/** A file of the report, relative to the report's folder. */
export interface ReportFile {
  name: string;
  data: string | Uint8Array;
}

let vegaRuntime: string | null = null;

/** The Vega runtime shipped by the vega package (build/vega.min.js). */
export function vegaRuntimeScript(): string {
  if (vegaRuntime === null) {
    const module = fileURLToPath(import.meta.resolve('vega'));
    vegaRuntime = readFileSync(join(dirname(module), 'vega.min.js'), 'utf8');
  }
  return vegaRuntime;
}

/** The report page and its figures, for a run's results. */
export async function buildReport(results: StudyResults, options: BuildReportOptions = {}): Promise<{ html: string; files: ReportFile[]; charts: CompiledChart[] }> {
  const dpi = options.dpi ?? 300;
  if (!(Number.isFinite(dpi) && dpi >= 24 && dpi <= 1200)) throw new ParameterError(`buildReport: dpi must be between 24 and 1200, received ${dpi}`, 'PARAM_RANGE');
  const folder = options.figuresFolder ?? 'figures';
  const charts = reportCharts(results);
  const compiled: CompiledChart[] = [];
  for (const chart of charts) compiled.push({ name: chart.name, section: chart.section, caption: chart.caption, vega: await compileChart(chart.spec) });
  const files: ReportFile[] = [];
  if (options.figures !== false) {
    // SVG in order; PNG rendering runs in resvg's thread pool, a few at a time
    const svgs: string[] = [];
    for (const c of compiled) svgs.push(await renderSvg(c.vega));
    const pngs: Uint8Array[] = new Array(svgs.length);
    let next = 0;
    const worker = async () => {
      while (next < svgs.length) {
        const k = next++;
        pngs[k] = await svgToPng(svgs[k], dpi);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    charts.forEach((chart, k) => {
      files.push({ name: `${folder}/${chart.name}.svg`, data: svgs[k] });
      files.push({ name: `${folder}/${chart.name}.png`, data: pngs[k] });
      files.push({ name: `${folder}/${chart.name}.vl.json`, data: JSON.stringify(chart.spec, null, 1) + '\n' });
    });
  }
  const html = reportHtml(results, compiled, { vegaRuntime: vegaRuntimeScript(), figuresFolder: options.figures === false ? null : folder });
  return { html, files, charts: compiled };
}
