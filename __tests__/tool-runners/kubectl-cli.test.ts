import { helmArgs } from '../../src/tool-runners/helm-cli.js'
import { kubectlArgs } from '../../src/tool-runners/kubectl-cli.js'

const config = '/run/kubeconfig'

describe('kubectlArgs', () => {
  it.each([
    [
      ['get', 'pods'],
      ['get', '--kubeconfig', config, 'pods']
    ],
    [
      ['exec', 'web-0', '--', 'sh', '-c', 'ls'],
      ['exec', '--kubeconfig', config, 'web-0', '--', 'sh', '-c', 'ls']
    ],
    [
      ['patch', '--type', 'merge', '--', 'deployment/web'],
      ['patch', '--kubeconfig', config, '--type', 'merge', '--', 'deployment/web']
    ],
    [
      ['-n', 'shop', 'get', 'pods'],
      ['--kubeconfig', config, '-n', 'shop', 'get', 'pods']
    ],
    // Plugins: kubectl refuses flags before their name; they read KUBECONFIG from the environment.
    [
      ['ns', 'shop'],
      ['ns', 'shop']
    ],
    [
      ['foo', 'bar', '--flag'],
      ['foo', 'bar', '--flag']
    ]
  ])('%j runs as %j', (args, expected) => {
    expect(kubectlArgs(args, config)).toEqual(expected)
  })

  it('puts extra global flags with --kubeconfig, before a --', () => {
    expect(kubectlArgs(['get', '--', 'secret/db'], config, ['-o', 'json'])).toEqual([
      'get',
      '--kubeconfig',
      config,
      '-o',
      'json',
      '--',
      'secret/db'
    ])
  })
})

describe('helmArgs', () => {
  it('puts the run flags before the command, so that a -- ends the flags', () => {
    expect(helmArgs(['get', 'manifest', '--', 'web'], config, 'shop')).toEqual([
      '--kubeconfig',
      config,
      '--namespace',
      'shop',
      'get',
      'manifest',
      '--',
      'web'
    ])
  })
})
