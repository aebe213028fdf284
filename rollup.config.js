// Bundles the two entry points the runner executes (main and post) into dist/, as ESM.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

const plugins = () => [
  typescript({ tsconfig: './tsconfig.build.json', outDir: 'dist', noEmitOnError: true }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
  commonjs(),
  json()
]

const entry = (input, file) => ({
  input,
  output: { file, format: 'es', sourcemap: false, inlineDynamicImports: true },
  plugins: plugins(),
  // Some dependencies use `this` at module top level in their CommonJS form; it is harmless.
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return
    warn(warning)
  }
})

export default [entry('src/index.ts', 'dist/index.js'), entry('src/post-index.ts', 'dist/post.js')]
