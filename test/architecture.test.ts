/**
 * The architecture of src/README.md, enforced: the one-way layers, no import cycles, no Node
 * built-in outside the Node-only modules, and a README opening every folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '..', 'src');

/** Each layer and the layers it may import (besides itself). */
const LAYERS = ['core', 'stats', 'data', 'harmonize', 'select', 'models', 'validate', 'pipeline', 'report', 'cli'] as const;
const RANK: Record<string, number> = { core: 0, stats: 1, data: 2, harmonize: 3, select: 3, models: 4, validate: 5, pipeline: 6, report: 7, cli: 8 };

/** Modules of the browser-safe layers that may use Node built-ins (files, worker threads). */
const NODE_ONLY = /^(core\/(atomic-write|worker-pool)|data\/(read-table|write-table)|select\/cv-(worker|elastic-net-parallel)|models\/rsf-(worker|parallel)|pipeline\/(run-study-file|study-worker))\.ts$/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The relative imports and re-exports of a module (static and dynamic), as paths under src/, and its bare imports. */
function importsOf(file: string, text: string): { local: string[]; bare: string[] } {
  const local: string[] = [];
  const bare: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith('.')) local.push(relative(src, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
    else bare.push(spec);
  }
  return { local, bare };
}

const modules = new Map<string, { local: string[]; bare: string[] }>();
for (const file of tsFiles(src)) modules.set(relative(src, file), importsOf(file, readFileSync(file, 'utf8')));
const layerOf = (path: string) => (path.includes('/') ? path.split('/')[0] : null);

/** The first cycle found in a graph, as a path that starts and ends at the same node, or null. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 1) return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found !== null) return found;
      }
    }
    stack.pop();
    state.set(node, 2);
    return null;
  };
  for (const node of graph.keys()) {
    if (state.get(node) === undefined) {
      const found = visit(node);
      if (found !== null) return found;
    }
  }
  return null;
}

describe('architecture (src/README.md)', () => {
  it('reads every module and its imports', () => {
    expect(modules.size).toBeGreaterThan(100);
    expect(modules.get('pipeline/run-study.ts')?.local.length).toBeGreaterThan(5);
  });

  it('imports run one way: core <- stats <- data <- harmonize, select <- models <- validate <- pipeline <- report <- cli', () => {
    const against: string[] = [];
    for (const [from, { local }] of modules) {
      const a = layerOf(from);
      if (a === null) continue; // the entry points re-export from every layer
      for (const to of local) {
        const b = layerOf(to);
        if (b === null || b === a) continue;
        if (!(b in RANK)) against.push(`${from} -> ${to} (not a layer)`);
        else if (RANK[b] >= RANK[a]) against.push(`${from} -> ${to}`);
      }
    }
    expect(against).toEqual([]);
  });

  it('has no import cycle', () => {
    const graph = new Map([...modules].map(([k, v]) => [k, v.local]));
    expect(findCycle(graph)?.join(' -> ') ?? null).toBeNull();
  });

  it('the cycle check and the layer check can fail', () => {
    expect(findCycle(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]))).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(findCycle(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toBeNull();
    const parsed = importsOf(join(src, 'models', 'x.ts'), "import { a } from '../pipeline/y.js';\nexport type { B } from './z.js';\nconst w = await import('../cli/w.js');\nimport 'node:fs';\n");
    expect(parsed.local).toEqual(['pipeline/y.ts', 'models/z.ts', 'cli/w.ts']);
    expect(parsed.bare).toEqual(['node:fs']);
  });

  it('the layers below report/ import no Node built-in outside the Node-only modules', () => {
    const browserLayers = new Set(LAYERS.filter((l) => RANK[l] <= RANK.pipeline));
    const offenders = [...modules]
      .filter(([path]) => browserLayers.has(layerOf(path) as (typeof LAYERS)[number]) && !NODE_ONLY.test(path))
      .filter(([, { bare }]) => bare.some((b) => b.startsWith('node:') || ['fs', 'path', 'os', 'worker_threads', 'zlib', 'crypto', 'child_process'].includes(b)))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });

  it('every folder of src/ opens with a README', () => {
    const folders = [...new Set([...modules.keys()].filter((p) => p.includes('/')).map((p) => dirname(p)))];
    expect(folders.filter((f) => !existsSync(join(src, f, 'README.md')))).toEqual([]);
    expect(existsSync(join(src, 'README.md'))).toBe(true);
  });
});
