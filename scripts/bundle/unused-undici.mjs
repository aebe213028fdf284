// Keeps undici out of the bundles where it is imported only for a helper the action never calls.

/**
 * @actions/http-client imports undici's ProxyAgent for `getAgentDispatcher()`, which hands a proxy
 * dispatcher to callers that use fetch. Nothing the action runs calls it (HttpClient's own requests go
 * through node:http and tunnel), yet that one import bundles all of undici, CommonJS that cannot be
 * tree-shaken: about 0.9 MB in dist/index.js and nearly all of dist/post.js. Here that import gets a
 * ProxyAgent that says so if anything ever constructs it. Other importers of undici are not touched.
 */
const STUB = '\0unused-undici'

export function unusedUndici() {
  return {
    name: 'unused-undici',
    resolveId(source, importer) {
      const fromHttpClient = importer && /[\\/]node_modules[\\/]@actions[\\/]http-client[\\/]/.test(importer)
      return source === 'undici' && fromHttpClient ? STUB : null
    },
    load(id) {
      if (id !== STUB) return null
      return [
        'export class ProxyAgent {',
        '  constructor() {',
        "    throw new Error('undici is not bundled: HttpClient.getAgentDispatcher() is not available')",
        '  }',
        '}'
      ].join('\n')
    }
  }
}
