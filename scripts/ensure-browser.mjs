// `node scripts/ensure-browser.mjs chromium|firefox`: find or install the browser.
import { ensureBrowser } from './browsers.mjs';

const kind = process.argv[2] ?? 'chromium';
console.log(`[rechat-sdk] ${kind}: ${ensureBrowser(kind)}`);
