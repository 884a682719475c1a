/**
 * The host and container paths of a compose file, with the key they sit under: for the path
 * rules DGT202/DGT203. Every candidate is a scalar of the merged view with its file and offsets.
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import type { ComposeView, MMap, MNode, MScalar } from './composeView';
import { child, listAsMap, scalarOf, splitVolumeSpec } from './composeView';
import { gitRootOf } from './buildContext';
import { isComposeName } from '../project/files';

export interface PathCandidate {
  /** Where the path is used: 'volume source', 'build context', 'secret file', ... */
  what: string;
  /** 'host' paths point at the machine running Compose; 'container' paths into the container. */
  side: 'host' | 'container';
  /** True for keys the foundation rule DGT201 checks for `C:\` and `.\` paths. */
  dgt201: boolean;
  scalar: MScalar;
  /** The path inside the scalar's value. */
  value: string;
  /** Offset of the path inside the scalar's value. */
  at: number;
  /** The service it belongs to (undefined for top-level keys). */
  service: string | undefined;
  /** For volume sources: the container side, to recognise Windows-container mounts. */
  target?: string;
}

/** A Windows path on the container side means a Windows container. */
export function isWindowsContainerPath(p: string | undefined): boolean {
  return !!p && (/^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\'));
}

const WINDOWS_IMAGE = /(servercore|nanoserver|windows)/i;

/** A service that runs Windows containers (by image name, or a Windows container path in its mounts). */
export function isWindowsService(svc: MMap): boolean {
  const image = scalarOf(child(svc, 'image'))?.value ?? '';
  if (WINDOWS_IMAGE.test(image)) return true;
  const platform = scalarOf(child(svc, 'platform'))?.value ?? '';
  if (/^windows/i.test(platform)) return true;
  return false;
}

function scalars(m: MNode | undefined): MScalar[] {
  if (!m) return [];
  if (m.kind === 'scalar') return m.value !== undefined ? [m] : [];
  if (m.kind === 'seq') return m.items.flatMap((x) => (x.kind === 'scalar' ? scalars(x) : x.kind === 'map' ? scalars(child(x, 'path')) : []));
  return [];
}

function whole(what: string, side: 'host' | 'container', dgt201: boolean, s: MScalar, service: string | undefined): PathCandidate {
  return { what, side, dgt201, scalar: s, value: s.value ?? '', at: 0, service };
}

/** Every path of the merged compose project, for the services and top-level keys. */
export function pathCandidates(view: ComposeView): PathCandidate[] {
  const out: PathCandidate[] = [];
  for (const [name, svc] of view.services) {
    const vols = child(svc, 'volumes');
    if (vols?.kind === 'seq') {
      for (const it of vols.items) {
        if (it.kind === 'scalar' && it.value !== undefined) {
          const v = splitVolumeSpec(it.value);
          if (!v) continue;
          if (v.source !== undefined) out.push({ what: 'volume source', side: 'host', dgt201: true, scalar: it, value: v.source, at: v.sourceAt, service: name, target: v.target });
          out.push({ what: 'volume target', side: 'container', dgt201: false, scalar: it, value: v.target, at: v.targetAt, service: name });
        } else if (it.kind === 'map') {
          const type = scalarOf(child(it, 'type'))?.value;
          const src = scalarOf(child(it, 'source'));
          const tgt = scalarOf(child(it, 'target'));
          if (src && (type === 'bind' || type === undefined)) out.push({ ...whole('bind source', 'host', true, src, name), target: tgt?.value });
          if (tgt) out.push(whole('volume target', 'container', false, tgt, name));
        }
      }
    }
    const build = child(svc, 'build');
    const ctx = scalarOf(child(build, 'context'));
    if (ctx) out.push(whole('build context', 'host', true, ctx, name));
    const df = scalarOf(child(build, 'dockerfile'));
    if (df) out.push(whole('dockerfile path', 'host', true, df, name));
    const extra = child(build, 'additional_contexts');
    const extraMap = extra?.kind === 'seq' ? listAsMap(extra) : extra;
    if (extraMap?.kind === 'map') for (const e of extraMap.entries.values()) for (const s of scalars(e.value)) out.push(whole('additional build context', 'host', false, s, name));
    for (const s of scalars(child(svc, 'env_file'))) out.push(whole('env_file', 'host', true, s, name));
    for (const s of scalars(child(svc, 'label_file'))) out.push(whole('label_file', 'host', false, s, name));
    const ext = scalarOf(child(svc, 'extends', 'file'));
    if (ext) out.push(whole('extends file', 'host', false, ext, name));
    const wd = scalarOf(child(svc, 'working_dir'));
    if (wd) out.push(whole('working_dir', 'container', false, wd, name));
    const tmpfs = child(svc, 'tmpfs');
    for (const s of scalars(tmpfs)) out.push(whole('tmpfs', 'container', false, s, name));
    const watch = child(svc, 'develop', 'watch');
    if (watch?.kind === 'seq') {
      for (const w of watch.items) {
        const p = scalarOf(child(w, 'path'));
        if (p) out.push(whole('develop.watch path', 'host', false, p, name));
        const t = scalarOf(child(w, 'target'));
        if (t) out.push(whole('develop.watch target', 'container', false, t, name));
      }
    }
  }
  for (const top of ['secrets', 'configs']) {
    const m = child(view.root, top);
    if (m?.kind !== 'map') continue;
    for (const e of m.entries.values()) {
      const f = scalarOf(child(e.value, 'file'));
      if (f) out.push(whole(`${top.slice(0, -1)} file`, 'host', false, f, undefined));
    }
  }
  const include = child(view.root, 'include');
  if (include?.kind === 'seq') {
    for (const it of include.items) {
      if (it.kind === 'scalar') out.push(whole('include', 'host', false, it, undefined));
      else if (it.kind === 'map') {
        for (const k of ['path', 'env_file', 'project_directory']) for (const s of scalars(child(it, k))) out.push(whole(`include ${k}`, 'host', false, s, undefined));
      }
    }
  }
  return out;
}

/**
 * The folders above a compose file's own, up to its git checkout's root, that hold a compose file:
 * where Compose may take the project folder from when this file is passed after another one
 * (`docker compose -f docker-compose.yml -f dev/docker-compose.full.yml up`: relative paths of both
 * files resolve from the first file's folder). Empty outside a git checkout.
 */
export function projectDirsAbove(project: Project, dir: string): string[] {
  const root = gitRootOf(project, dir);
  if (!root || dir === root || !dir.startsWith(root + path.sep)) return [];
  const out: string[] = [];
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (project.exists(d) === 'dir' && project.readDir(d).some(isComposeName)) out.push(d);
    if (d === root || path.dirname(d) === d) break;
  }
  return out;
}
