/** Every rule, in id order. Adding a rule: a file in this folder, an entry here, docs and fixtures. */
import type { AnyRule } from '../engine/context';
import { cgoStaticImage } from './cgoStaticImage';
import { composeWindowsHostPath } from './composeWindowsHostPath';
import { goLoopbackListen } from './goLoopbackListen';

export const RULES: readonly AnyRule[] = [cgoStaticImage, composeWindowsHostPath, goLoopbackListen];

export function findRule(idOrName: string): AnyRule | undefined {
  return RULES.find((r) => r.id === idOrName || r.name === idOrName);
}
