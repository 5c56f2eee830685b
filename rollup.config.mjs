import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import demoBuilds from './demo/rollup.demo.mjs';

/**
 * The script-tag build: one minified IIFE with every dependency bundled, for
 * no-build pages and CMS embeds. The ESM build for bundler users is plain `tsc`
 * output (see tsconfig.build.json), so its dependencies stay external.
 */
const cdn = {
  input: 'src/cdn.ts',
  output: {
    file: 'dist/rechat.min.js',
    format: 'iife',
    sourcemap: true,
  },
  plugins: [
    nodeResolve({ browser: true }),
    typescript({
      tsconfig: './tsconfig.json',
      include: ['src/**/*.ts'],
      compilerOptions: { noEmit: false, outDir: 'dist', rootDir: '.', declaration: false, declarationMap: false },
    }),
    terser({ ecma: 2022, module: false, compress: { passes: 3 }, format: { comments: false } }),
  ],
};

export default [cdn, ...demoBuilds];
