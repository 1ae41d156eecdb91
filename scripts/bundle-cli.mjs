// Bundle the CLI entry into one CommonJS file: Node starts a single CJS file measurably faster
// than a graph of ES modules (see bench/cold-start.ts). Commands that need the readers and the
// schema validator load them lazily from the regular ESM build (dist/build/…), kept external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/ohos-errors.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  // store.ts picks __dirname when it exists, so its import.meta branch never runs in this bundle.
  logOverride: { 'empty-import-meta': 'silent' },
  plugins: [
    {
      name: 'lazy-build-modules',
      setup(b) {
        b.onResolve({ filter: /\/(build\/import-page|build\/import-sdk|search\/search|match\/match|scan\/scanner|scan\/report|server\/serve|gen\/names|gen\/emit|gen\/write)\.js$/ }, (args) => ({ path: args.path, external: true }));
      },
    },
  ],
});
