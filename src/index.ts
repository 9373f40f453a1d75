/**
 * radsig: build and validate radiomic signatures. The public API for Node: everything of the
 * browser entry (`radsig/browser`), plus files, worker threads and the command line.
 */
export * from './browser.js';

// files
export { readTable } from './data/read-table.js';
export { writeTable } from './data/write-table.js';
export { writeFileAtomic, writeFilesAtomic, type FileData } from './core/atomic-write.js';

// worker threads
export { crossValidateElasticNetParallel } from './select/cv-elastic-net-parallel.js';
export { fitRandomSurvivalForestParallel } from './models/rsf-parallel.js';

// study files and their outputs
export { loadStudyFile, runStudyFile, writeStudyOutputs, workerRunner, defaultOutputFolder, type LoadedStudy } from './pipeline/run-study-file.js';

// command line (for embedding)
export { runCli } from './cli/run-cli.js';

// report files: Vega rendering, SVG/PNG figures (Node)
export { buildReport, vegaRuntimeScript, type BuildReportOptions, type ReportFile } from './report/build-report.js';
export { compileChart, renderSvg, svgToPng } from './report/render-chart.js';
export { reportFiles, writeReportFiles, writeRunWithReport } from './report/write-report.js';
export { buildCalculator, calculatorRuntimeScript } from './report/build-calculator.js';
