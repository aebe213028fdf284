import type { HostileCase } from '../hostile-case.js'

/**
 * Waiting and the other switches. Guards: a wait cannot hold a runner for days (`timeout` has a
 * maximum) nor be zero or negative; a typo in a boolean, a selector or a condition fails the step
 * before the cluster changes instead of being read as "false" or "no selector".
 */
export const waitingCases: HostileCase[] = [
  { name: 'timeout above the maximum', inputs: () => ({ timeout: '1000h' }), error: /input "timeout"/ },
  {
    name: 'timeout in plain seconds above the maximum',
    inputs: () => ({ timeout: '99999999' }),
    error: /input "timeout"/
  },
  { name: 'timeout that is negative', inputs: () => ({ timeout: '-5m' }), error: /input "timeout"/ },
  {
    name: 'timeout that is not a duration',
    inputs: () => ({ timeout: '5 minutes' }),
    error: /input "timeout"/
  },
  {
    name: 'selector that does not parse',
    inputs: () => ({ selector: 'app in (web' }),
    error: /input "selector"/
  },
  { name: 'wait that is not a boolean', inputs: () => ({ wait: 'maybe' }), error: /input "wait"/ },
  {
    name: 'fail-fast that is not a boolean',
    inputs: () => ({ 'fail-fast': 'nope' }),
    error: /input "fail-fast"/
  },
  {
    name: 'ready-conditions without a condition',
    inputs: () => ({ 'ready-conditions': 'Widget.example.com=' }),
    error: /input "ready-conditions"/
  },
  {
    name: 'failure-conditions without a kind',
    inputs: () => ({ 'failure-conditions': 'Degraded' }),
    error: /input "failure-conditions"/
  },
  {
    name: 'rollback-on-failure that is not a boolean',
    inputs: () => ({ 'rollback-on-failure': 'yes please' }),
    error: /input "rollback-on-failure"/
  },
  { name: 'command that does not exist', inputs: () => ({ command: 'destroy' }), error: /input "command"/ },
  {
    name: 'server-side that is not a boolean',
    inputs: () => ({ 'server-side': 'sometimes' }),
    error: /input "server-side"/
  }
]
