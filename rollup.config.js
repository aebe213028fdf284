// Bundles the two entry points the runner executes (main and post) into dist/, as minified ESM, and
// writes the license notices of everything bundled to dist/licenses.txt.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'
import { licenseNotices } from './scripts/bundle/license-notices.mjs'
import { unusedUndici } from './scripts/bundle/unused-undici.mjs'

// CommonJS dependencies (undici) keep a `require` inside try/catch for optional built-ins such as
// node:http2, node:crypto and node:tls; the commonjs plugin leaves those calls as they are. In an ES
// module `require` does not exist, so each would throw, be caught, and silently take the fallback
// (undici's HTTP/2 then fails every request with "http2.connect is not a function"). Give them one.
const banner =
  "import { createRequire as __kubeDeployCreateRequire } from 'node:module';\n" +
  'const require = __kubeDeployCreateRequire(import.meta.url);'

const plugins = () => [
  unusedUndici(),
  typescript({ tsconfig: './tsconfig.build.json', outDir: 'dist', noEmitOnError: true }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
  commonjs(),
  json(),
  licenseNotices('dist/licenses.txt'),
  // Class and function names stay (about 8% of the size): they are what a stack trace still says once
  // the code is minified.
  terser({ ecma: 2022, module: true, keep_classnames: true, keep_fnames: true })
]

const entry = (input, file) => ({
  input,
  output: { file, format: 'es', sourcemap: false, inlineDynamicImports: true, banner },
  plugins: plugins(),
  // Some dependencies use `this` at module top level in their CommonJS form; it is harmless.
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return
    warn(warning)
  }
})

export default [entry('src/index.ts', 'dist/index.js'), entry('src/post-index.ts', 'dist/post.js')]
