/**
 * The program an image starts, when it is a binary built on the host: the ENTRYPOINT (else CMD) of
 * the final stage names a path that a COPY put there from the build context, and a Makefile target
 * or script of the repository writes that file with `go build -o` before it runs `docker build` for
 * this Dockerfile and context. Its GOOS and GOARCH are then what that script sets, not anything the
 * Dockerfile says.
 */
import * as path from 'node:path';
import type { ImageBuild, Project } from '../project/project';
import type { DInstruction, DockerfileModel, Stage } from '../parse/dockerfile';
import { containerPath, copySpec, finalWorkdir, runConfig } from './instructions';
import type { FileEdit } from '../core/types';
import { detectEol } from '../core/text';
import { lineIndent } from './goCommands';
import { startedProgram } from './entry';
import { contextSourcesAt, pathIn } from './fileTree';
import { gitRootOf } from './buildContext';
import { hostBuildsOf, type HostDockerBuild } from './hostScripts';
import type { HostGoBuild } from './hostGoBuilds';

export interface HostBinary {
  /** The container path the image starts, and the COPY that put it there. */
  exe: string;
  copy: DInstruction;
  /** The host file it copies. */
  host: string;
  /** The `docker build` that builds the image, and the `go build` before it that writes the file. */
  docker: HostDockerBuild;
  go: HostGoBuild;
}

/** The host-built binaries the final stage of `build` starts (one per script that builds it). */
export function hostBinariesOf(project: Project, build: ImageBuild, model: DockerfileModel, final: Stage): HostBinary[] {
  const gitRoot = gitRootOf(project, path.dirname(build.dockerfile));
  if (!gitRoot) return [];
  const dockers = hostBuildsOf(project, gitRoot, build.dockerfile).filter((b) => b.goBuilds.length && b.context === build.context && (!b.target || b.target === build.target || (!build.target && b.target === final.name)));
  if (!dockers.length) return [];
  const rc = runConfig(model, final);
  const entry = rc.entrypoint ?? rc.cmd;
  const started = entry && startedProgram(model, entry);
  const program = started?.word;
  if (!program || program.opaque || program.value.includes('$')) return [];
  const workdir = finalWorkdir(final) ?? (final.parent === undefined ? '/' : undefined);
  // A bare name is looked up on the PATH, not in the working folder.
  const exe = program.value.includes('/') ? containerPath(program.value, workdir) : undefined;
  if (!exe) return [];
  let origin = pathIn(project, build, model, final, exe);
  let copy: DInstruction | undefined;
  while (origin.kind === 'stage') {
    copy ??= origin.at;
    origin = origin.origin;
  }
  // A file the context has, or (not built yet: the file tree cannot tell) what the COPY would bring.
  let hosts: string[];
  if (origin.kind === 'context') {
    copy ??= origin.at;
    hosts = [origin.host];
  } else if (origin.kind === 'unknown' && origin.at && !copy) {
    copy = origin.at;
    hosts = contextSourcesAt(copy, exe, build.context);
  } else return [];
  const out: HostBinary[] = [];
  for (const docker of dockers) {
    // The last build before `docker build` that writes the file is the one the image gets.
    const go = [...docker.goBuilds].reverse().find((g) => hosts.includes(g.output));
    if (go) out.push({ exe, copy, host: go.output, docker, go });
  }
  return out;
}

/** The source word of the COPY that brings `host` in (else the whole instruction), for a finding's range. */
export function copySourceRange(model: DockerfileModel, bin: HostBinary, context: string): { start: number; end: number } {
  const spec = copySpec(model, bin.copy);
  for (const w of spec?.sources ?? []) {
    if (w.opaque || w.value.includes('$')) continue;
    const p = path.resolve(context, w.value);
    if (p === bin.host || bin.host.startsWith(p.endsWith(path.sep) ? p : p + path.sep)) return { start: w.start, end: w.end };
  }
  return { start: bin.copy.start, end: bin.copy.argsEnd };
}

/**
 * An edit of the host script that makes its build target `name=value`: the literal value where the
 * script writes one, else (batch files and PowerShell) a line that sets it before the build.
 */
export function hostGoVarEdit(project: Project, go: HostGoBuild, name: 'GOOS' | 'GOARCH', value: string): FileEdit | undefined {
  const set = name === 'GOOS' ? go.goos : go.goarch;
  if (set) return set.start !== undefined && set.end !== undefined ? { path: go.file, start: set.start, end: set.end, newText: value } : undefined;
  const text = project.text(go.file);
  if (text === undefined || (go.lang !== 'bat' && go.lang !== 'ps1')) return undefined;
  const { lineStart, indent } = lineIndent(text, go.start);
  const line = go.lang === 'bat' ? `set ${name}=${value}` : `$env:${name} = "${value}"`;
  return { path: go.file, start: lineStart, end: lineStart, newText: indent + line + detectEol(text) };
}
