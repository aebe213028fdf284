// Keeps undici out of the bundles: the packages that import it do so only for code the action never
// calls.

/**
 * - @actions/http-client imports undici's ProxyAgent for `getAgentDispatcher()`, which hands a proxy
 *   dispatcher to callers that use fetch. HttpClient's own requests (the tool downloads) go through
 *   node:http.
 * - @kubernetes/client-node imports undici's Agent, ProxyAgent and fetch for its generated API
 *   classes, Watch, Log and Metrics. The action uses only its KubeConfig (credentials and TLS
 *   options for node:https, see src/cluster/http-transport.ts), which never reaches them.
 * undici is CommonJS that cannot be tree-shaken: about 0.8 MB of the bundle, parsed on every start.
 * Here those imports get stand-ins that say so if anything ever uses them.
 */
const STUB = '\0unused-undici'
const IMPORTERS = /[\\/]node_modules[\\/](@actions[\\/]http-client|@kubernetes[\\/]client-node)[\\/]/

export function unusedUndici() {
  return {
    name: 'unused-undici',
    resolveId(source, importer) {
      return source === 'undici' && importer && IMPORTERS.test(importer) ? STUB : null
    },
    load(id) {
      if (id !== STUB) return null
      const refuse = "throw new Error('undici is not bundled: nothing in the action may use it')"
      return [
        `export class Agent { constructor() { ${refuse} } }`,
        `export class ProxyAgent { constructor() { ${refuse} } }`,
        `export function fetch() { ${refuse} }`
      ].join('\n')
    }
  }
}
