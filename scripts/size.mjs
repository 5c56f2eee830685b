// `npm run size`: the size budgets, in gzip (level 9) bytes. The core is measured as a
// bundler user gets it (esbuild, minified, with its dependencies); the script-tag bundle
// as it is shipped. Prints a table; exits 1 when a budget is exceeded.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

async function bundled(entry, exports) {
  const result = await build({
    stdin: { contents: `export { ${exports} } from '${entry}';`, resolveDir: root.pathname },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

export const budgets = [
  {
    name: "SDK core: import { Sdk } from 'rechat-sdk/core' (minified, with dependencies)",
    limit: 5500,
    bytes: async () => bundled('./dist/esm/core/index.js', 'Sdk'),
  },
  {
    name: 'dist/rechat.min.js as shipped (everything bundled)',
    limit: 16000,
    bytes: async () => readFileSync(new URL('dist/rechat.min.js', root)),
  },
];

/** Measures every budget: `[{ name, limit, size, pass }]`. */
export async function measure() {
  return Promise.all(budgets.map(async ({ name, limit, bytes }) => {
    const size = gzip(await bytes());
    return { name, limit, size, pass: size <= limit };
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await measure();
  for (const r of results) {
    console.log(`${r.pass ? 'ok  ' : 'OVER'} ${String(r.size).padStart(6)} B of ${r.limit} B gzip  ${r.name}`);
  }
  process.exit(results.every((r) => r.pass) ? 0 : 1);
}
