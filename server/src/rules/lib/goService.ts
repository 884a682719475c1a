/**
 * The Go side of a compose service, for the rules that only speak about Go services: where the
 * main package starts (for related locations) and whether a variable reaches the program.
 */
import type { ImageFacts } from '../../model/image';
import type { Project } from '../../project/project';
import type { Located } from '../../model/image';

/** A related location at `func main` (or the package clause) of the image's first main file. */
export function mainLocation(project: Project, image: ImageFacts): Located | undefined {
  const go = image.go;
  if (!go) return undefined;
  for (const f of go.files) {
    const facts = project.goFacts(f);
    if (facts?.main) return { path: f, start: facts.main.start, end: Math.min(facts.main.bodyStart, facts.main.end) };
  }
  const f = go.files[0];
  const pc = f ? project.goFacts(f)?.packageClause : undefined;
  return f && pc ? { path: f, start: pc.start, end: pc.end } : undefined;
}

/** A related location at the final stage's FROM of the image. */
export function finalImageLocation(image: ImageFacts): Located {
  return { path: image.build.dockerfile, start: image.final.imageStart, end: image.final.imageEnd };
}
