// Rollup builds of the demo front ends, spread into the root rollup.config.mjs (paths are
// relative to the repository root, where rollup runs).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

/**
 * The sandbox inbox (/inbox): lit bundled in, one ES module, so the page needs nothing
 * but `script-src 'self'` under its Content-Security-Policy.
 */
const inbox = {
  input: 'demo/inbox/main.ts',
  output: { file: 'dist/demo/inbox.js', format: 'es', sourcemap: true },
  plugins: [
    nodeResolve({ browser: true }),
    // The tsconfig sets rootDir demo/inbox and outDir dist/demo; the plugin's include
    // patterns are relative to that rootDir, so its defaults already cover demo/inbox.
    typescript({ tsconfig: './demo/inbox/tsconfig.json' }),
    terser({ ecma: 2021, module: true, format: { comments: false } }),
  ],
};

export default [inbox];
