// Build the web UI into dist/web: one minified script (esbuild), the page shell, styles and icon.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync('dist/web', { recursive: true });
await build({
  entryPoints: ['src/web/app.ts'],
  outfile: 'dist/web/app.js',
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  logLevel: 'warning',
});
for (const f of ['index.html', 'app.css', 'favicon.svg']) copyFileSync(`src/web/${f}`, `dist/web/${f}`);
