import { current, failed, inProgress, type Rule } from './rule.js'

/** v1 PersistentVolumeClaim: Bound. */
export const pvcRule: Rule = ({ object }) => {
  const phase = object.status?.phase as string | undefined
  if (phase === 'Bound') return current('bound')
  if (phase === 'Lost') return failed('Lost: the bound volume no longer exists')
  return inProgress(phase ? phase.toLowerCase() : 'pending')
}
