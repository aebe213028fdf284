// The license notices of every third-party package in the bundles, written to one file at build time.
import license from 'rollup-plugin-license'

/**
 * Packages found so far, by name@version. Both bundles (main and post) write the same file, one after
 * the other: each adds what it found and writes the whole list again, so the file holds both.
 */
const bundled = new Map()

const RULE = '-'.repeat(78)

/** One package: name, version, license, where it comes from, then its license and notice files as shipped. */
function notice(dependency) {
  const repository = dependency.repository?.url ?? dependency.repository ?? dependency.homepage
  return [
    `${dependency.name} ${dependency.version}`,
    `License: ${dependency.license ?? 'not declared'}`,
    ...(repository ? [`Source: ${repository}`] : []),
    '',
    // Some packages declare a license in package.json but ship no license file.
    (
      dependency.licenseText ??
      `(the package ships no license file; its package.json says ${dependency.license})`
    ).trim(),
    ...(dependency.noticeText ? ['', dependency.noticeText.trim()] : [])
  ].join('\n')
}

function render() {
  const dependencies = [...bundled.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version)
  )
  return [
    'Third-party software bundled into dist/index.js and dist/post.js, with its license notices.',
    'Written by `npm run build`; do not edit.',
    '',
    ...dependencies.flatMap(dependency => [RULE, '', notice(dependency), '']),
    ''
  ].join('\n')
}

/** The rollup plugin: writes `file` with the notices of this bundle's packages and those of the bundles built before it. */
export function licenseNotices(file) {
  return license({
    thirdParty: {
      // Two versions of one package (undici) can be bundled, each with its own license file.
      multipleVersions: true,
      output: {
        file,
        template(dependencies) {
          for (const dependency of dependencies)
            bundled.set(`${dependency.name}@${dependency.version}`, dependency)
          return render()
        }
      }
    }
  })
}
