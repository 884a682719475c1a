/**
 * Bind mounts resolved on the host, and what the traced image has at their targets: shared by
 * DGT204 (missing source) and DGT205 (file onto directory and back).
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import type { ComposeView } from './composeView';
import type { ImageFacts } from './image';
import { copyArgs, flagValue, goBuildOutput, normalizePosix } from '../parse/dockerfile';
import type { BindMount } from './composeSpecs';
import { chainOf } from './stageGraph';

/** The host path of a relative bind source, or undefined for absolute, home, variable and Windows sources. */
export function relativeSource(view: ComposeView, m: BindMount): string | undefined {
  const s = m.source;
  if (s.includes('$') || s.includes('\\') || s.startsWith('~') || s.startsWith('/') || /^[A-Za-z]:/.test(s)) return undefined;
  if (m.syntax === 'short' && !s.startsWith('.')) return undefined;
  return path.resolve(view.dir, s);
}

/**
 * The source with every segment spelled as on disk, when it exists up to letter case; undefined
 * when some segment is missing altogether or nothing differs.
 */
export function caseCorrected(project: Project, base: string, source: string): string | undefined {
  const trailing = /\/+$/.exec(source)?.[0] ?? '';
  const segs = source.slice(0, source.length - trailing.length).split('/');
  let cur = base;
  let changed = false;
  const out: string[] = [];
  for (const seg of segs) {
    if (seg === '' || seg === '.' || seg === '..') {
      out.push(seg);
      if (seg === '..') cur = path.dirname(cur);
      continue;
    }
    const next = path.join(cur, seg);
    if (project.exists(next)) {
      out.push(seg);
      cur = next;
      continue;
    }
    const actual = project.exists(cur) === 'dir' ? project.readDir(cur).find((n) => n.toLowerCase() === seg.toLowerCase()) : undefined;
    if (!actual) return undefined;
    out.push(actual);
    cur = path.join(cur, actual);
    changed = true;
  }
  return changed ? out.join('/') + trailing : undefined;
}

/** Paths in the image known to be folders, and paths known to be files. */
export interface ImageLayout {
  /** Folder → why it is known to be one. */
  dirs: Map<string, string>;
  /** File → why it is known to be one. */
  files: Map<string, string>;
}

/** Folders every image of these families has. */
const COMMON_DIRS = ['/etc', '/usr', '/usr/bin', '/usr/local', '/usr/local/bin', '/bin', '/sbin', '/var', '/tmp', '/root', '/home', '/opt', '/lib', '/srv', '/mnt'];
const DISTROLESS_DIRS = ['/etc', '/tmp', '/home'];

export function imageLayout(project: Project, image: ImageFacts): ImageLayout {
  const dirs = new Map<string, string>([['/', 'the root folder']]);
  const files = new Map<string, string>();
  const base = `a folder of ${image.root.image}`;
  if (image.family === 'alpine' || image.family === 'debian' || image.family === 'busybox') for (const d of COMMON_DIRS) dirs.set(d, base);
  if (image.family === 'distroless' || image.family === 'distroless-static') for (const d of DISTROLESS_DIRS) dirs.set(d, base);
  const { model, build } = image;
  for (const s of chainOf(model, image.final)) {
    for (const ins of s.instructions) {
      if (ins.keyword === 'WORKDIR' && ins.workdir) dirs.set(ins.workdir, 'the WORKDIR');
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const args = copyArgs(ins);
      if (args.length < 2) continue;
      const rawDest = args[args.length - 1];
      if (rawDest.includes('$') || (!rawDest.startsWith('/') && !ins.workdir)) continue;
      const dest = normalizePosix(rawDest.startsWith('/') ? rawDest : `${ins.workdir}/${rawDest}`);
      const sources = args.slice(0, -1);
      if (rawDest.endsWith('/') || rawDest === '.' || sources.length > 1) {
        if (!dirs.has(dest)) dirs.set(dest, `${ins.keyword} copies into it`);
        continue;
      }
      const src = sources[0];
      if (/[*?[]/.test(src) || src.includes('$')) continue;
      const from = flagValue(ins, 'from');
      if (from) {
        // A file from a build stage: the output of a go build there.
        const outputs = image.goBuilds.map(goBuildOutput).filter((o): o is string => !!o && !o.endsWith('/'));
        const normSrc = normalizePosix(src.startsWith('/') ? src : '/' + src);
        if (outputs.includes(normSrc) && !dirs.has(dest)) files.set(dest, `${ins.keyword} --from=${from} puts the built binary there`);
        continue;
      }
      const host = path.resolve(build.context, src.replace(/^\/+/, ''));
      const kind = project.exists(host);
      if (kind === 'dir' && !dirs.has(dest)) dirs.set(dest, `${ins.keyword} ${src} copies a folder there`);
      else if (kind === 'file' && !dirs.has(dest)) files.set(dest, `${ins.keyword} ${src} copies a file there`);
    }
  }
  for (const d of dirs.keys()) files.delete(d);
  return { dirs, files };
}
