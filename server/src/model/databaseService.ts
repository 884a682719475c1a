/**
 * Which official database image a compose service runs (facts/databaseImages.ts): named by `image:`,
 * or the base of the final stage of the Dockerfile the service builds. Shared by DGT225 (data folder)
 * and DGT226 (settings the entrypoint requires).
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import { databaseImage, type DatabaseImage } from '../facts/databaseImages';
import type { ComposeView, MMap, MScalar } from './composeView';
import { child, scalarOf, splitVolumeSpec } from './composeView';
import { serviceImage, type ImageFacts } from './image';
import { rootOf } from './stageGraph';

export interface ServiceDatabase {
  image: DatabaseImage;
  /** Every layout the image may have (two for an unpinned postgres: up to 17 and 18+). */
  alternatives: DatabaseImage[];
  pinned: boolean;
  /** The image reference as written (`postgres:16`), or the FROM of the Dockerfile. */
  ref: string;
  /** The image the service builds, when it builds one. */
  built: ImageFacts | undefined;
}

/** The database image of a service; undefined when it is not an official database image (or unknown). */
export function serviceDatabase(project: Project, view: ComposeView, name: string, svc: MMap, image?: (name: string) => ImageFacts | undefined): ServiceDatabase | undefined {
  if (child(svc, 'build')) {
    const built = image ? image(name) : serviceImage(project, view, name);
    if (!built) return undefined;
    const root = rootOf(built.model, built.final);
    const db = databaseImage(root.image);
    return db ? { ...db, ref: root.image, built } : undefined;
  }
  const ref = scalarOf(child(svc, 'image'))?.value;
  if (!ref) return undefined;
  const db = databaseImage(ref);
  return db ? { ...db, ref, built: undefined } : undefined;
}

export interface ServiceMount {
  /** The host source or volume name, as written. */
  source: string;
  /** The container path, normalised (no trailing slash). */
  target: string;
  /** A named volume (not a host path). */
  named: boolean;
  /** The scalar that holds the target, and the target's file offset when it is written verbatim. */
  scalar: MScalar;
  targetStart: number | undefined;
}

/** The volumes and bind mounts of a service with a source (short and long syntax); anonymous volumes are left out. */
export function serviceMounts(svc: MMap): ServiceMount[] {
  const out: ServiceMount[] = [];
  const vols = child(svc, 'volumes');
  for (const it of vols?.kind === 'seq' ? vols.items : []) {
    if (it.kind === 'scalar' && it.value) {
      const v = splitVolumeSpec(it.value);
      if (!v || v.source === undefined) continue;
      out.push({ source: v.source, target: norm(v.target), named: !/^(\.|\/|~|\$|[A-Za-z]:)/.test(v.source), scalar: it, targetStart: it.exact ? it.start + v.targetAt : undefined });
    } else if (it.kind === 'map') {
      const type = scalarOf(child(it, 'type'))?.value;
      const t = scalarOf(child(it, 'target'));
      const src = scalarOf(child(it, 'source'))?.value;
      if ((type !== 'volume' && type !== 'bind') || !t?.value || !src) continue;
      out.push({ source: src, target: norm(t.value), named: type === 'volume', scalar: t, targetStart: t.exact ? t.start : undefined });
    }
  }
  return out;
}

function norm(p: string): string {
  return path.posix.normalize(p).replace(/\/+$/, '') || '/';
}
