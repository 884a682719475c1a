/**
 * What a container starts: the program of the image's ENTRYPOINT or CMD (exec or shell form, after
 * assignments and `exec`), the Go file of a `go run`, and the Go binaries the image holds.
 */
import * as path from 'node:path';
import type { ImageBuild, Project } from '../project/project';
import { normalizePosix, type DInstruction, type DockerfileModel, type Stage } from '../parse/dockerfile';
import { argWords, programOf, shellCommands, type ArgWord } from './instructions';
import { chainInstructions } from './stageGraph';
import { pathIn, type PathOrigin } from './fileTree';

/** The program word an ENTRYPOINT/CMD starts, and (for `go run`) the Go file it runs. */
export function startedProgram(model: DockerfileModel, ins: DInstruction): { word: ArgWord; goFile: ArgWord | undefined } | undefined {
  const { form, words } = argWords(model, ins);
  if (form === 'json') {
    const first = words[0];
    if (!first || first.opaque) return undefined;
    return { word: first, goFile: goRunFile(words) };
  }
  // Shell form: the first program of the first command (after assignments and `exec`).
  const cmd = shellCommands(model, ins)[0];
  if (!cmd) return undefined;
  const { word, index } = programOf(cmd);
  if (!word || word.quoted) return undefined;
  const rest = cmd.words.slice(index).map((w) => ({ value: w.value, start: w.start, end: w.end, json: false, opaque: w.quoted }));
  return { word: rest[0], goFile: goRunFile(rest) };
}

/** `go run <file.go>`: the file. */
function goRunFile(words: readonly ArgWord[]): ArgWord | undefined {
  if (path.posix.basename(words[0]?.value ?? '') !== 'go' || words[1]?.value !== 'run') return undefined;
  return words.slice(2).find((w) => !w.value.startsWith('-') && w.value.endsWith('.go'));
}

/** Container paths of the Go binaries the image has (built in its chain, or copied in from a build). */
export function goBinaries(project: Project, build: ImageBuild, model: DockerfileModel, final: Stage): string[] {
  const out = new Set<string>();
  for (const ins of chainInstructions(model, final)) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const { words } = argWords(model, ins);
    if (words.length < 2 || words.some((w) => w.opaque || w.value.includes('$'))) continue;
    const dest = words[words.length - 1].value;
    const destAbs = normalizePosix(dest.startsWith('/') ? dest : (ins.workdir ?? '/') + '/' + dest);
    const sources = words.slice(0, -1);
    for (const s of sources) {
      const landing = dest.endsWith('/') || sources.length > 1 ? normalizePosix(destAbs + '/' + path.posix.basename(s.value)) : destAbs;
      const origin = pathIn(project, build, model, final, landing);
      if (builtBinary(origin)) out.add(landing);
    }
  }
  return [...out];
}

function builtBinary(origin: PathOrigin): boolean {
  if (origin.kind === 'built') return true;
  return origin.kind === 'stage' && builtBinary(origin.origin);
}

