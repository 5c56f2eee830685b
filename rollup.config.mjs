import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { build } from 'esbuild';
import demoBuilds from './demo/rollup.demo.mjs';

/**
 * `dist/rechat.min.css`: the elements' default look, as the Rechat WordPress plugin
 * enqueues it next to the script (a page styled without JavaScript, or before it runs).
 * Its one source is `DEFAULT_CSS` in src/elements/shared/styles.ts, which the bundle
 * adopts too; esbuild compiles that module so that its value can be read here.
 */
function defaultStylesFile() {
  return {
    name: 'rechat-default-styles',
    async generateBundle() {
      const { outputFiles } = await build({
        entryPoints: ['src/elements/shared/styles.ts'],
        bundle: true,
        format: 'esm',
        write: false,
        logLevel: 'silent',
      });
      const module = `data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`;
      const { DEFAULT_CSS } = await import(module);
      this.emitFile({ type: 'asset', fileName: 'rechat.min.css', source: DEFAULT_CSS });
    },
  };
}

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
    // The magic comment asks Chromium (136+) to compile every function eagerly, off the
    // main thread while the script streams in: most of the bundle runs at load (the SDK
    // starts on every page), and compiling it lazily on first call is main-thread time.
    terser({ ecma: 2022, module: false, compress: { passes: 3 }, format: { comments: false, preamble: '//# allFunctionsCalledOnLoad' } }),
    defaultStylesFile(),
  ],
};

export default [cdn, ...demoBuilds];
