import { mkdtemp, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { checkContainerImages, fieldPathText, imageFields } from '../../src/manifests/container-images.js'
import { parseManifests } from '../../src/manifests/load.js'
import { planManifests } from '../../src/manifests/plan.js'
import type { Settings } from '../../src/inputs.js'
import type { Kubectl } from '../../src/tool-runners/kubectl-cli.js'

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
      - name: migrate
        image: ghcr.io/acme/migrate:1
      containers:
      - name: web
        image: ${image}
`
const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - {name: job, image: "Busybox"}
`

describe('checkContainerImages', () => {
  it('names the file, the line of the image field and the field', () => {
    expect(() => checkContainerImages(parseManifests(deployment('ghcr.io/acme/Web:1'), 'app.yaml'))).toThrow(
      'app.yaml:13: Deployment web: spec.template.spec.containers[0].image "ghcr.io/acme/Web:1" is not an image reference: it has path component "Web"'
    )
    expect(() => checkContainerImages(parseManifests(cronJob, 'jobs.yaml'))).toThrow(
      /^jobs.yaml:10: CronJob nightly: spec.jobTemplate.spec.template.spec.containers\[0\].image "Busybox"/
    )
  })

  it('points into the items of a List', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec:\n    containers:\n    - name: a\n      image: "web:1 2"\n`
    expect(() => checkContainerImages(parseManifests(list, 'list.yaml'))).toThrow(
      /^list.yaml:10: Pod p: spec.containers\[0\].image "web:1 2" .*white space/
    )
  })

  it('refuses an image that is not a string, and leaves a missing one to the server', () => {
    expect(() => checkContainerImages(parseManifests(deployment('[1]'), 'app.yaml'))).toThrow(
      /app.yaml:13: .*containers\[0\].image is not a string/
    )
    const noImage = parseManifests(deployment('x').replace('        image: x\n', ''), 'app.yaml')
    expect(() => checkContainerImages(noImage)).not.toThrow()
  })

  it('finds every container image field', () => {
    const [entry] = parseManifests(deployment('web'), 'app.yaml')
    expect(imageFields(entry.object).map(field => fieldPathText(field.path))).toEqual([
      'spec.template.spec.initContainers[0].image',
      'spec.template.spec.containers[0].image'
    ])
  })
})

describe('planManifests', () => {
  const settings = (images: string[]): Settings['apply'] => ({
    manifests: ['app.yaml'],
    images,
    allowOutsideWorkspace: false,
    serverSide: false,
    forceConflicts: false,
    parameters: new Map(),
    provenance: { annotate: false }
  })
  let workspace: string
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'plan-'))
    await writeFile(path.join(workspace, 'app.yaml'), deployment('ghcr.io/acme/web:${TAG}'))
  })

  it('checks images after `images` replaced them: a placeholder replaced is no error', async () => {
    const [entry] = await planManifests(settings(['ghcr.io/acme/web:1.2.3']), {} as Kubectl, workspace)
    expect(imageFields(entry.object).map(field => field.container.image)).toEqual([
      'ghcr.io/acme/migrate:1',
      'ghcr.io/acme/web:1.2.3'
    ])
  })

  it('refuses an image left invalid, with its file and line', async () => {
    await expect(planManifests(settings([]), {} as Kubectl, workspace)).rejects.toThrow(
      /^app.yaml:13: Deployment web: spec.template.spec.containers\[0\].image "ghcr.io\/acme\/web:\$\{TAG\}" is not an image reference: it has tag "\$\{TAG\}"/
    )
  })
})
