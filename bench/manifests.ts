/** N copies of a small app: a ConfigMap, a 2-replica Deployment reading it, and a Service. */
export function appManifests(count: number): string {
  const documents: string[] = []
  for (let index = 0; index < count; index++) {
    const name = `app-${index}`
    documents.push(`apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}}
data: {GREETING: hello}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: app
        image: ghcr.io/kube-deploy/example-web:1.0.0
        envFrom: [{configMapRef: {name: ${name}}}]
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
`)
  }
  return documents.join('---\n')
}

/** A Deployment whose image cannot be pulled (the local cluster's image-pull-error stage). */
export function failingManifest(progressDeadlineSeconds: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: unpullable}
spec:
  replicas: 2
  progressDeadlineSeconds: ${progressDeadlineSeconds}
  selector: {matchLabels: {app: unpullable}}
  template:
    metadata:
      labels: {app: unpullable, kube-deploy.test/simulate: image-pull-error}
    spec:
      containers:
      - name: app
        image: ghcr.io/kube-deploy/does-not-exist:1.0.0
`
}
