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
