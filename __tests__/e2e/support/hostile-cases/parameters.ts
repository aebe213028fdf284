import type { CaseContext, HostileCase } from '../hostile-case.js'

/**
 * Parameters. Guards: a reference to a parameter not declared is refused with the file and line before
 * anything is sent (the valid objects beside it included); a parameter line written wrong is refused
 * without being quoted back (a value may be a secret); parameters go where they are replaced, nowhere
 * else.
 */
export const parameterCases: HostileCase[] = [
  {
    name: 'a reference to an undeclared parameter, after a Secret with a password',
    files: c => ({
      [`parameters/undeclared-${c.index}.yaml`]: [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        `  name: params-secret-${c.index}`,
        'stringData:',
        `  password: ${c.secrets.manifestPassword}`,
        '---',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        `  name: params-config-${c.index}`,
        'data:',
        '  stage: ${parameters.stage}',
        '  colour: ${parameters.colour}',
        ''
      ].join('\n')
    }),
    inputs: c => ({ manifests: `parameters/undeclared-${c.index}.yaml`, parameters: 'stage=blue' }),
    error: /undeclared-\d+\.yaml:14: parameter "colour" is not declared/
  },
  {
    name: 'a parameter reference in a mapping key',
    files: c => ({
      [`parameters/in-key-${c.index}.yaml`]: [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        `  name: params-key-${c.index}`,
        'data:',
        '  ${parameters.stage}: x',
        ''
      ].join('\n')
    }),
    inputs: c => ({ manifests: `parameters/in-key-${c.index}.yaml`, parameters: 'stage=blue' }),
    error: /in-key-\d+\.yaml:6: parameters are replaced in values only/
  },
  {
    name: 'a parameter line without "=", holding a password',
    inputs: c => ({ parameters: `stage=blue\n${c.secrets.manifestPassword}` }),
    error: /input "parameters": line 2: is not key=value/
  },
  {
    name: 'a parameter name that is a password',
    inputs: c => ({ parameters: `password: ${c.secrets.manifestPassword}=x` }),
    error: /input "parameters": line 1: the name before "=" is not a parameter name/
  },
  {
    name: 'a reference to an undeclared parameter in a patch of Secret data',
    inputs: (c: CaseContext) => ({
      command: 'patch',
      'patch-target': 'secret/hostile-creds',
      patch: `stringData:\n  password: ${c.secrets.secretData}\n  other: \${parameters.nope}\n`,
      parameters: 'stage=blue'
    }),
    error: /input "patch": line 3: parameter "nope" is not declared/
  },
  {
    name: 'parameters with command: helm',
    inputs: () => ({ command: 'helm', parameters: 'stage=blue' }),
    error: /input "parameters"/
  }
]
