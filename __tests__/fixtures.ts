import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import type { KubeObject } from '../src/kube-object.js'

/** Reads a JSON fixture of a real API object from __tests__/data, fresh for every call. */
export function fixture(name: string): KubeObject {
  return JSON.parse(
    readFileSync(
      path.join(
        import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname),
        'data',
        `${name}.json`
      ),
      'utf8'
    )
  ) as KubeObject
}

export function fixtureList(name: string): KubeObject[] {
  return (fixture(name) as unknown as { items: KubeObject[] }).items
}
