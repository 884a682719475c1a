/**
 * Who owns a folder of an image: the user a RUN that made it ran as (or the owner `install -d -o`
 * gave it), the `--chown` of the COPY that put it there, root for what root made, and nobody when
 * the image does not have it (Docker then makes a volume's mount point, owned by root). Unknown when
 * a chown or chmod may have changed it, or something we cannot see through made it.
 */
import type { ImageBuild, Project } from '../project/project';
import { normalizePosix, type DInstruction, type DockerfileModel, type Stage } from '../parse/dockerfile';
import { splitAssignments } from '../parse/shell';
import { pathIn } from './fileTree';
import { baseOf, chainInstructions, lineageOf } from './stageGraph';
import { effectiveUser, isRootUser, flagsOf } from './stages';

export type Ownership =
  | { kind: 'absent' }
  | { kind: 'root'; at: DInstruction }
  | { kind: 'user'; user: string; at: DInstruction }
  | { kind: 'unknown' };

function under(p: string, dir: string): boolean {
  return dir === '/' || p === dir || p.startsWith(dir + '/');
}

/** Whether a chown or chmod of the chain may touch `target` (it, or a folder above it). */
function permissionsChanged(model: DockerfileModel, stage: Stage, target: string): boolean {
  for (const ins of chainInstructions(model, stage)) {
    if (ins.keyword === 'RUN' && !ins.commands.length && ins.argsEnd > ins.argsStart) return true;
    for (const cmd of ins.commands) {
      const words = splitAssignments(cmd).rest.map((w) => w.value);
      while (words[0] === 'sudo') words.shift();
      const prog = words[0]?.split('/').pop();
      if (prog !== 'chown' && prog !== 'chmod' && prog !== 'chgrp' && prog !== 'setfacl') continue;
      for (const w of words.slice(1)) {
        if (w.startsWith('-')) continue;
        if (w.includes('$') || /[*?[]/.test(w)) return true;
        const p = w.startsWith('/') ? normalizePosix(w) : ins.workdir !== undefined ? normalizePosix(ins.workdir + '/' + w) : undefined;
        if (p === undefined || under(target, p) || under(p, target)) return true;
      }
    }
  }
  return false;
}

function stageOf(model: DockerfileModel, ins: DInstruction): Stage | undefined {
  return model.stages.find((s) => s.instructions.includes(ins));
}

/** The owner `install -d -o <user>` gives, when the RUN makes the folder that way. */
function installOwner(ins: DInstruction, target: string): string | undefined {
  for (const cmd of ins.commands) {
    const words = splitAssignments(cmd).rest.map((w) => w.value);
    if (words[0]?.split('/').pop() !== 'install' || !words.includes('-d')) continue;
    const o = words.findIndex((w) => w === '-o' || w === '--owner');
    const owner = o >= 0 ? words[o + 1] : words.find((w) => w.startsWith('--owner='))?.slice(8);
    const paths = words.slice(1).filter((w) => w.startsWith('/'));
    if (owner && paths.some((p) => under(normalizePosix(p), target) || normalizePosix(p) === target)) return owner;
  }
  return undefined;
}

/**
 * Whether a RUN of the chain of `stage` between the offsets `after` and `before` may give `target`
 * another owner: `chown`/`chgrp` of it, `-R` of a folder above it, or of a path that is not read
 * (a variable, a glob, a RUN that is not parsed).
 */
export function ownerChangedBetween(model: DockerfileModel, stage: Stage, target: string, after: number, before: number): boolean {
  for (const ins of chainInstructions(model, stage)) {
    if (ins.start <= after || ins.start >= before || ins.keyword !== 'RUN') continue;
    if (!ins.commands.length && ins.argsEnd > ins.argsStart) return true;
    for (const cmd of ins.commands) {
      const words = splitAssignments(cmd).rest.map((w) => w.value);
      while (words[0] === 'sudo') words.shift();
      const prog = words[0]?.split('/').pop();
      if (prog !== 'chown' && prog !== 'chgrp') continue;
      const recursive = words.some((w) => w === '--recursive' || /^-[A-Za-z]*R/.test(w));
      // The first word that is no option is the owner, unless --reference names a file to copy it from.
      const args = words.slice(1).filter((w) => !w.startsWith('-'));
      const paths = words.some((w) => w.startsWith('--reference')) ? args : args.slice(1);
      for (const w of paths) {
        if (w.includes('$') || /[*?[]/.test(w)) return true;
        const p = w.startsWith('/') ? normalizePosix(w) : ins.workdir !== undefined ? normalizePosix(ins.workdir + '/' + w) : undefined;
        if (p === undefined || p === target || (recursive && under(target, p))) return true;
      }
    }
  }
  return false;
}

/** Who owns `target` (a folder) at the end of `final`. */
export function ownerOf(project: Project, build: ImageBuild, model: DockerfileModel, final: Stage, target: string): Ownership {
  const origin = pathIn(project, build, model, final, target);
  if (origin.kind === 'absent') return { kind: 'absent' };
  if (origin.kind !== 'made' && origin.kind !== 'context' && origin.kind !== 'stage' && origin.kind !== 'built') return { kind: 'unknown' };
  if (permissionsChanged(model, final, target)) return { kind: 'unknown' };
  const at = origin.at;
  const stage = stageOf(model, at);
  if (!stage || !lineageOf(model, final).includes(stage)) return { kind: 'unknown' };
  if (at.keyword === 'COPY' || at.keyword === 'ADD') {
    const chown = flagsOf(at).find((f) => f.name === 'chown')?.value;
    if (chown === undefined) return { kind: 'root', at };
    const user = chown.split(':')[0];
    return user.includes('$') ? { kind: 'unknown' } : user === 'root' || user === '0' ? { kind: 'root', at } : { kind: 'user', user, at };
  }
  if (at.keyword === 'RUN') {
    const owner = installOwner(at, target);
    if (owner) return owner === 'root' || owner === '0' ? { kind: 'root', at } : { kind: 'user', user: owner, at };
  }
  if (at.keyword !== 'RUN' && at.keyword !== 'WORKDIR') return { kind: 'unknown' };
  // Made by a RUN or a WORKDIR: owned by the user it ran as.
  const user = effectiveUser(model, stage, at.start);
  if (!user && (baseOf(model, stage)?.user?.uid ?? 0) !== 0) return { kind: 'unknown' };
  if (!user || isRootUser(user)) return { kind: 'root', at };
  // BuildKit makes a WORKDIR for the current user, the classic builder as root: not judged.
  if (at.keyword === 'WORKDIR' || !user.user || user.user.includes('$')) return { kind: 'unknown' };
  return { kind: 'user', user: user.user, at };
}
