import { commandName, describeCommand } from '../../src/tool-runners/command-line.js'

const workDir = '/runner/temp/kube-deploy-abc'

describe('commandName', () => {
  it.each([
    ['/opt/kubectl/kubectl', 'patch', 'kubectl patch'],
    ['C:\\tools\\kubectl.exe', 'get', 'kubectl get'],
    ['/opt/helm', 'upgrade', 'helm upgrade'],
    ['/opt/kubectl', '--context', 'kubectl'],
    ['/opt/kubectl', 'p@ss', 'kubectl'],
    ['/opt/kubectl', undefined, 'kubectl']
  ])('%s %s is %s', (file, verb, name) => {
    expect(commandName(file, verb)).toBe(name)
  })
})

describe('describeCommand', () => {
  it.each([
    [
      'kubectl patch',
      ['patch', '--kubeconfig', `${workDir}/kubeconfig`, '--namespace', 'shop', '--type', 'merge'],
      `kubectl patch --kubeconfig ${workDir}/kubeconfig --namespace … --type …`
    ],
    [
      'kubectl patch',
      ['patch', '--patch-file', `${workDir}/patch-1a2b.json`, '--dry-run=server', '--', 'secret/db'],
      `kubectl patch --patch-file ${workDir}/patch-1a2b.json --dry-run=server -- …`
    ],
    [
      'kubectl apply',
      [
        'apply',
        '-f',
        `${workDir}/objects.yaml`,
        '--server-side',
        '--field-manager=kube-deploy',
        '-o',
        'json'
      ],
      `kubectl apply -f ${workDir}/objects.yaml --server-side --field-manager=kube-deploy -o json`
    ],
    [
      'helm upgrade',
      [
        '--namespace',
        'shop',
        'upgrade',
        '--install',
        '--values=values/prod.yaml',
        `--values=${workDir}/set.json`
      ],
      `helm --namespace … upgrade --install --values=… --values=${workDir}/set.json`
    ],
    [
      'kubectl create',
      ['create', 'secret', 'generic', 'db', '--from-literal=password=hunter2', '-pvalue', '/etc/passwd'],
      'kubectl create … … … --from-literal=… … …'
    ],
    ['kubectl get', ['get', `${workDir}/../elsewhere`, workDir, `${workDir}/a b`], 'kubectl get … … …']
  ])('%s %j', (name, args, described) => {
    expect(describeCommand(name, args, workDir)).toBe(described)
  })
})
