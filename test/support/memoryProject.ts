/** A project over an in-memory workspace, scanned: the usual start of an engine test. */
import { Project, MemoryHost } from '../../server/src/project/project';

export function memoryProject(files: Record<string, string>, root = '/w'): { host: MemoryHost; project: Project } {
  const host = new MemoryHost(new Map(Object.entries(files)));
  const project = new Project(host);
  project.scan(root);
  return { host, project };
}
