/**
 * Which goreleaser configurations build a Dockerfile: `.goreleaser.y(a)ml` or `goreleaser.y(a)ml`
 * in the Dockerfile's folder or any folder above it up to the repository root, whose `dockers` or
 * `dockers_v2` entries name it (paths are relative to where goreleaser runs: the configuration's
 * folder, or the repository root for a configuration kept in a subfolder).
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import type { GoreleaserConfig, GoreleaserDocker } from '../parse/goreleaser';
import { gitRootOf, isInside } from './buildContext';

export const GORELEASER_NAMES = ['.goreleaser.yml', '.goreleaser.yaml', 'goreleaser.yml', 'goreleaser.yaml'];

export interface GoreleaserUse {
  configPath: string;
  config: GoreleaserConfig;
  docker: GoreleaserDocker;
  /** The folder the entry's paths are relative to. */
  base: string;
}

/** The goreleaser Docker entries that build `dockerfile` (an absolute path). */
export function goreleaserUsesOf(project: Project, dockerfile: string): readonly GoreleaserUse[] {
  return project.workspaceValue(project.valueKey('goreleaserUsesOf', dockerfile), () => computeGoreleaserUses(project, dockerfile), true);
}

function computeGoreleaserUses(project: Project, dockerfile: string): GoreleaserUse[] {
  const out: GoreleaserUse[] = [];
  const dir = path.dirname(dockerfile);
  const top = gitRootOf(project, dir);
  const dirs: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    dirs.push(d);
    if ((top !== undefined && d === top) || path.dirname(d) === d || (top === undefined && dirs.length >= 2)) break;
    if (top !== undefined && !isInside(d, top)) break;
  }
  for (const d of dirs) {
    for (const name of GORELEASER_NAMES) {
      const configPath = path.join(d, name);
      if (project.exists(configPath) !== 'file') continue;
      const config = project.goreleaser(configPath);
      if (!config) continue;
      const bases = top !== undefined && top !== d ? [d, top] : [d];
      for (const docker of config.dockers) {
        if (docker.templated) continue;
        const file = docker.dockerfile?.value ?? 'Dockerfile';
        if (file.includes('{{')) continue;
        const base = bases.find((b) => path.resolve(b, file.replace(/\\/g, '/')) === dockerfile);
        if (base !== undefined) out.push({ configPath, config, docker, base });
      }
    }
  }
  return out;
}
