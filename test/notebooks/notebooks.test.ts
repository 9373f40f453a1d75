/**
 * The committed notebooks (notebooks/*.ipynb), read as JSON: executed with the tslab kernel, without
 * errors, using radsig as a user would, reading the repository's real data from a path set at the top, and with
 * every number that a Markdown cell states by hand present in the notebook's code or outputs (the
 * results themselves are printed by the code). Executing them, and checking that the committed outputs
 * are what the code prints today, is `npm run notebooks` (scripts/run-notebooks.mjs), run by .ci/run.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const folder = join(import.meta.dirname, '..', '..', 'notebooks');
const EXPECTED = ['mvi-hcc-tace.ipynb', 'pbc-survival.ipynb', 'recurrence-multicentre.ipynb'];

interface Output {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error';
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  outputs?: Output[];
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name: string; language: string } };
  nbformat: number;
}

const text = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join('') : (s ?? ''));
const read = (name: string) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as Notebook;
const code = (nb: Notebook) => nb.cells.filter((c) => c.cell_type === 'code');

/** Everything a notebook prints: streams and the text of every MIME bundle (charts as JSON). */
function printed(nb: Notebook): string {
  return code(nb)
    .flatMap((c) => c.outputs ?? [])
    .map((o) => text(o.text) + Object.values(o.data ?? {}).map((v) => (typeof v === 'string' || Array.isArray(v) ? text(v as string | string[]) : JSON.stringify(v))).join('\n'))
    .join('\n');
}

describe('notebooks', () => {
  it('are the three worked studies', () => {
    expect(readdirSync(folder).filter((f) => f.endsWith('.ipynb')).sort()).toEqual(EXPECTED);
  });

  for (const name of EXPECTED) {
    describe(name, () => {
      const nb = read(name);

      it('run on the tslab TypeScript kernel (nbformat 4)', () => {
        expect(nb.nbformat).toBe(4);
        expect(nb.metadata.kernelspec).toMatchObject({ name: 'tslab', language: 'typescript' });
      });

      it('are committed executed: every cell that shows something has its output, with no error and nothing on stderr', () => {
        const cells = code(nb);
        expect(cells.length).toBeGreaterThan(5);
        // (tslab does not report execution counts to nbclient, so they stay empty; outputs tell)
        for (const [k, cell] of cells.entries()) {
          if (/^(say|table|chart)\(/m.test(text(cell.source))) expect(cell.outputs ?? [], `code cell ${k + 1} shows something but has no output`).not.toHaveLength(0);
        }
        for (const [k, cell] of cells.entries()) {
          for (const o of cell.outputs ?? []) {
            expect(o.output_type, `code cell ${k + 1}: ${o.ename ?? ''} ${o.evalue ?? ''}`).not.toBe('error');
            if (o.output_type === 'stream') expect(o.name, `code cell ${k + 1} wrote to stderr: ${text(o.text).slice(0, 300)}`).toBe('stdout');
          }
        }
        // prose printed from the results, tables and Vega-Lite charts
        const kinds = new Set(cells.flatMap((c) => c.outputs ?? []).flatMap((o) => Object.keys(o.data ?? {})));
        for (const kind of ['text/markdown', 'text/html', 'application/vnd.vegalite.v5+json']) expect(kinds, kind).toContain(kind);
      });

      it("import radsig by its package name, as a user's project does", () => {
        const source = code(nb).map((c) => text(c.source)).join('\n');
        expect(source).toMatch(/from 'radsig'/);
        expect(source).not.toMatch(/from '(\.\.?\/)+(src|dist)\b/);
        expect(source).not.toMatch(/require\(/);
      });

      it('set their data at the top: a path into the repository\'s data/ folder that exists, or the simulated cohort\'s seed', () => {
        const first = text(code(nb)[0].source);
        if (name === 'recurrence-multicentre.ipynb') {
          expect(first).toMatch(/^const COHORT_SEED = 1;/m);
          expect(code(nb).map((c) => text(c.source)).join('\n')).toMatch(/simulateCohort\(\{ seed: COHORT_SEED \}\)/);
          return;
        }
        const match = /^const DATA = '(\.\.\/data\/[\w.-]+\.csv\.gz)';/m.exec(first);
        expect(match, 'the first code cell sets const DATA to ../data/NAME').not.toBeNull();
        if (match !== null) expect(existsSync(resolve(folder, match[1])), match[1]).toBe(true);
      });

      it('state no number in Markdown that is not in their code or outputs', () => {
        const haystack = `${code(nb).map((c) => text(c.source)).join('\n')}\n${printed(nb)}`;
        const known = new Set([...haystack.matchAll(/(?<![\w.])\d+(?:\.\d+)?%?/g)].map((x) => x[0]));
        const markdown = nb.cells.filter((c) => c.cell_type === 'markdown').map((c) => text(c.source).replace(/\(https?:[^)]*\)|\[doi:[^\]]*\]/g, ''));
        const quoted = markdown.flatMap((m) => [...m.matchAll(/(?<![\w.])\d+\.\d+|\d+(?:\.\d+)?%/g)].map((x) => x[0]));
        const missing = [...new Set(quoted)].filter((q) => !known.has(q));
        expect(missing, 'numbers written by hand in Markdown cells: print them from the results instead').toEqual([]);
      });
    });
  }
});
