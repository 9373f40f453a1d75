// Writes schema/study.schema.json from the compiled study schema (run by `npm run build`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const here = import.meta.dirname;
const { STUDY_SCHEMA } = await import(join(here, '..', 'dist', 'pipeline', 'study-schema.js'));
writeFileSync(join(here, '..', 'schema', 'study.schema.json'), JSON.stringify(STUDY_SCHEMA, null, 2) + '\n');
