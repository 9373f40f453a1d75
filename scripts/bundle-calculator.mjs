// Bundles the calculator page's runtime (dist/report/calculator-runtime.js and the radsig core it
// imports) into one browser script that `radsig calculator` inlines (run by `npm run build`).
import { build } from 'esbuild';
import { join } from 'node:path';
const root = join(import.meta.dirname, '..');
await build({
  entryPoints: [join(root, 'dist', 'report', 'calculator-runtime.js')],
  bundle: true,
  format: 'iife',
  globalName: 'RadsigCalculator',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  outfile: join(root, 'dist', 'report', 'calculator-runtime.bundle.cjs'),
});
