import { defaultApplySetName } from '../../../src/deploy/removal/removal-settings.js'
import { getSettings } from '../../../src/inputs.js'

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
const kubeconfig = 'apiVersion: v1\nkind: Config\n'
const settingsOf = (inputs: Record<string, string>) => getSettings(reader({ kubeconfig, ...inputs }))

describe('the removal inputs', () => {
  it('default to no prune, foreground propagation, no dry run', () => {
    const settings = settingsOf({ manifests: 'k8s/' })
    expect(settings.removal).toEqual({
      prune: false,
      applySet: undefined,
      kinds: [],
      propagation: 'Foreground'
    })
    expect(settings.dryRun).toBe(false)
  })

  it('name the ApplySet after the manifests inputs when not named, stably', () => {
    const first = settingsOf({ manifests: 'k8s/\napp.yaml', prune: 'true' }).removal.applySet
    const again = settingsOf({ manifests: 'k8s/\n# a comment\napp.yaml', prune: 'true' }).removal.applySet
    const other = settingsOf({ manifests: 'other/', prune: 'true' }).removal.applySet
    expect(first).toMatch(/^kube-deploy-[0-9a-f]{12}$/)
    expect(again).toBe(first)
    expect(other).not.toBe(first)
    expect(defaultApplySetName([], 'overlays/prod')).not.toBe(
      defaultApplySetName(['overlays/prod'], undefined)
    )
    expect(settingsOf({ manifests: 'k8s/', prune: 'true', applyset: 'shop' }).removal.applySet).toBe('shop')
  })

  it('read delete by selector with kinds, and the propagation', () => {
    const settings = settingsOf({
      command: 'delete',
      selector: 'app=web',
      kinds: 'deployments.apps, configmaps\nWidget.example.com',
      propagation: 'Background'
    })
    expect(settings.removal).toMatchObject({
      kinds: ['deployments.apps', 'configmaps', 'Widget.example.com'],
      propagation: 'Background'
    })
  })

  it.each([
    [{ manifests: 'k8s/', prune: 'maybe' }, 'input "prune": "maybe" is not a boolean'],
    [
      { command: 'patch', 'patch-target': 'deployment/web', patch: 'x: 1', prune: 'true' },
      'input "prune": only applies with `command: apply`'
    ],
    [{ manifests: 'k8s/', applyset: 'shop' }, 'input "applyset": only applies with `prune: true`'],
    [
      { manifests: 'k8s/', prune: 'true', applyset: 'Shop_Set' },
      'input "applyset": "Shop_Set" is not a Secret name'
    ],
    [{ manifests: 'k8s/', kinds: 'configmaps' }, 'input "kinds": only applies with `command: delete`'],
    [{ command: 'delete' }, 'input "manifests": is required with `command: delete`'],
    [
      { command: 'delete', selector: 'app=web' },
      'input "kinds": is required with `command: delete` and `selector`'
    ],
    [
      { command: 'delete', manifests: 'k8s/', selector: 'app=web' },
      'input "selector": with `command: delete`, give either'
    ],
    [
      { command: 'delete', manifests: 'k8s/', kinds: 'configmaps' },
      'input "kinds": with `command: delete`, give either'
    ],
    [
      { command: 'delete', selector: 'app=web', kinds: 'deployments/apps' },
      'input "kinds": "deployments/apps" is not a kind'
    ],
    [
      { command: 'delete', manifests: 'k8s/', propagation: 'cascade' },
      'input "propagation": "cascade" is not one of foreground, background, orphan'
    ]
  ])('refuses %j', (inputs, message) => {
    expect(() => settingsOf(inputs)).toThrow(message)
  })
})
