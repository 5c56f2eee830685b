// `npm start`, after `npm run build`: says what was built and where. The API sandbox and
// the demo site take over this script once they land.
import { statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const bundle = new URL('../dist/rechat.min.js', import.meta.url);
const size = statSync(bundle).size;
const gzip = gzipSync(readFileSync(bundle), { level: 9 }).length;
console.log(`[rechat-sdk] Built:
  dist/rechat.min.js   script-tag bundle, sets window.Rechat (${(size / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip)
  dist/esm/            ES modules with .d.ts types, for bundlers ("rechat-sdk", "rechat-sdk/core")`);
