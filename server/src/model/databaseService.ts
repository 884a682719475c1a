/**
 * Which official database image a compose service runs (facts/databaseImages.ts): named by `image:`,
 * or the base of the final stage of the Dockerfile the service builds. Shared by DGT225 (data folder)
 * and DGT226 (settings the entrypoint requires).
 */
import type { Project } from '../project/project';
import { databaseImage, type DatabaseImage } from '../facts/databaseImages';
import type { ComposeView, MMap } from './composeView';
import { child, scalarOf } from './composeView';
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
