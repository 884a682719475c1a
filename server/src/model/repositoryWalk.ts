/** A bounded walk over the files of a repository, shared by the model's searches for scripts and configurations. */
import * as path from 'node:path';
import type { Project } from '../project/project';

/**
 * Visits the files of a repository: `visit` gets each file (its path and name), `enter` says which
 * folders to go into (their name and depth, the root being 0), `visitDir` gets each folder read
 * (the root first). At most `budget` folders are read.
 */
export function walkRepository(
  project: Project,
  root: string,
  budget: number,
  enter: (name: string, depth: number) => boolean,
  visit: (file: string, name: string) => void,
  visitDir?: (dir: string) => void,
): void {
  const walk = (dir: string, depth: number) => {
    if (--budget < 0) return;
    visitDir?.(dir);
    for (const n of project.readDir(dir)) {
      const full = path.join(dir, n);
      if (enter(n, depth) && project.exists(full) === 'dir') walk(full, depth + 1);
      else visit(full, n);
    }
  };
  walk(root, 0);
}
