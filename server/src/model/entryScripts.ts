/**
 * The scripts a container's ENTRYPOINT or CMD names (`./run-debug.sh`, `/app/start.sh`) that the
 * image gets from the build context, with their text on the host: what the container runs
 * beyond the command line itself (a debugger's `--listen=:40000`, a port a script passes).
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import type { ImageFacts } from './image';
import { normalizePosix } from '../parse/dockerfile';
import { pathIn } from './fileTree';

/** At most this many scripts are read per image. */
const MAX_SCRIPTS = 4;

/** The host texts of the context scripts the image's entry command names (`*.sh` words). */
export function entryScriptTexts(project: Project, image: ImageFacts): string[] {
  const out: string[] = [];
  for (const part of [image.entrypoint, image.cmd]) {
    if (!part) continue;
    const ins = image.final.instructions.find((i) => i.start === part.start || (i.start <= part.start && part.end <= i.end));
    const workdir = ins?.workdir ?? '/';
    for (const m of part.text.matchAll(/(?:^|[\s"'\[,=])((?:\.{0,2}\/)?[\w./-]*\.sh)(?=$|[\s"'\],;&|])/g)) {
      if (out.length >= MAX_SCRIPTS) return out;
      const word = m[1];
      const inImage = normalizePosix(word.startsWith('/') ? word : workdir + '/' + word);
      const origin = pathIn(project, image.build, image.model, image.final, inImage);
      if (origin.kind !== 'context' || !origin.host) continue;
      const text = project.text(path.normalize(origin.host));
      if (text !== undefined) out.push(text);
    }
  }
  return out;
}
