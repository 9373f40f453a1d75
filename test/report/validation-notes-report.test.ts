/**
 * The report shows what validation-notes.ts adds to results.json: IPA labelled "IPA (scaled Brier)",
 * the notes (beside the warnings), and the explanation of a signature feature no resample selected
 * next to its selection frequency; results.json with them passes the results schema.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStudyFile, runStudyFile } from '../../src/pipeline/run-study-file.js';
import { reportHtml } from '../../src/report/report-html.js';
import { resultsProblem } from '../../src/pipeline/results-schema/check-results.js';
import type { StudyResults } from '../../src/pipeline/results-schema/study-results-schema.js';
import { realData, tempFolder } from '../helpers/tmp.js';

describe('the report reads validation notes plainly', () => {
  it('labels IPA, lists the notes, and explains a signature feature selected in no resample', async () => {
    const dir = tempFolder();
    const study = {
      data: { train: realData('HCC-TACE-Seg.csv.gz'), id: 'ID' },
      outcome: { type: 'binary', column: 'Target' },
      steps: { variance: {}, redundancy: { threshold: 0.8 }, select: { nFolds: 5, rule: 'nFeatures', nFeatures: 3 } },
      models: ['radscore', 'logistic'],
      validation: { method: 'bootstrap', B: 4, seed: 3 },
    };
    writeFileSync(join(dir, 'study.json'), JSON.stringify(study));
    const run = await runStudyFile(loadStudyFile(join(dir, 'study.json')), { workers: 1 });
    const results = JSON.parse(JSON.stringify(run.results)) as StudyResults;
    expect(Object.keys(results.models.radscore.apparent)).toContain('ipa');
    expect(Array.isArray(results.notes)).toBe(true);
    // a note and a never-selected signature feature, as validation-notes.ts writes them (with a string to escape)
    const sel = results.steps.select!;
    const feature = sel.features[0].name;
    delete sel.selectionFrequency[feature];
    sel.selectionNotes = [{ feature, standIns: [{ feature: 'X_stand_in', correlation: 0.95, frequency: 0.75 }], explanation: 'selected in none of the 4 resamples: X_stand_in <r = 0.95> stood in' }];
    results.notes = ['radscore: calibration slope above 1 <shrinkage>'];
    expect(resultsProblem(results)).toBeNull();
    const html = reportHtml(results, [], { vegaRuntime: '' });
    expect(html).toContain('<td>IPA (scaled Brier)</td>');
    expect(html).toContain('radscore: calibration slope above 1 &lt;shrinkage&gt;');
    expect(html).toMatch(/<td><code>[^<]+<\/code><\/td><td>[^<]+<\/td><td>0% <span class="small">selected in none of the 4 resamples: X_stand_in &lt;r = 0.95&gt; stood in<\/span><\/td>/);
    // without notes, no notes list
    const plain = reportHtml({ ...results, notes: [] }, [], { vegaRuntime: '' });
    expect(plain).not.toContain('class="notes"');
    expect(html).toContain('class="notes"');
    expect(resultsProblem({ ...results, notes: [3] })).toMatch(/notes/);
  }, 120_000);
});
