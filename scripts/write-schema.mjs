// Writes schema/study.schema.json, schema/results.schema.json and schema/model.schema.json from the compiled schemas (run by `npm run build`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const here = import.meta.dirname;
const { STUDY_SCHEMA } = await import(join(here, '..', 'dist', 'pipeline', 'study-schema.js'));
writeFileSync(join(here, '..', 'schema', 'study.schema.json'), JSON.stringify(STUDY_SCHEMA, null, 2) + '\n');
const { StudyResultsSchema } = await import(join(here, '..', 'dist', 'pipeline', 'results-schema', 'study-results-schema.js'));
writeFileSync(join(here, '..', 'schema', 'results.schema.json'), JSON.stringify(StudyResultsSchema, null, 2) + '\n');
const { ModelFileSchema } = await import(join(here, '..', 'dist', 'pipeline', 'results-schema', 'model-file-schema.js'));
writeFileSync(join(here, '..', 'schema', 'model.schema.json'), JSON.stringify(ModelFileSchema, null, 2) + '\n');
if (process.argv.includes('--readme')) {
  const { readFileSync } = await import('node:fs');
  const { withResultsFieldTable } = await import('./results-fields.mjs');
  const readme = join(here, '..', 'README.md');
  const schema = JSON.parse(readFileSync(join(here, '..', 'schema', 'results.schema.json'), 'utf8'));
  writeFileSync(readme, withResultsFieldTable(readFileSync(readme, 'utf8'), schema));
}
