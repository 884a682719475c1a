/**
 * What a health check needs from an image: the tool its command calls (curl, wget, a shell) and
 * whether the image has it (model/tools.ts), how the same check reads with busybox `wget` (which
 * alpine, busybox and distroless `:debug` images have), and how the Go program the image runs can
 * check its own health (a `-healthcheck` flag or command found in its sources).
 *
 * Shared by DGT149 (Dockerfile HEALTHCHECK) and DGT231 (compose `healthcheck.test`).
 */
import * as path from 'node:path';
import type { ImageBuild, Project } from '../project/project';
import type { DockerfileModel, Stage } from '../parse/dockerfile';
import { normalizePosix } from '../parse/dockerfile';
import { goExtras } from '../parse/goExtras';
import type { BaseImage, Tool } from '../facts/baseImages';
import { finalWorkdir, runConfig } from './instructions';
import { goBinaries, startedProgram } from './entry';
import { programPackages } from './goPackage';
import { mainDirsOf } from './builds';
import { goBuilds, stagesFeeding, outputReaches } from '../parse/dockerfile';

/** curl options that a busybox `wget -qO- URL` can stand for (it fails on HTTP errors and follows redirects). */
const CURL_PLAIN = /^(-[fsSL]+|--fail|--silent|--show-error|--location|--fail-with-body)$/;

/**
 * The URL of a curl command (its arguments after `curl`) when `wget -qO- <url>` does the same
 * check: only options that fail on errors, silence or follow redirects, `-o /dev/null`, one URL.
 */
export function curlAsWget(args: readonly string[]): string | undefined {
  let url: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (CURL_PLAIN.test(a)) continue;
    if ((a === '-o' || a === '--output') && args[k + 1] === '/dev/null') {
      k++;
      continue;
    }
    if (a.startsWith('-') || url !== undefined || a.includes('$') || !/^https?:\/\/[^\s'"]+$/.test(a)) return undefined;
    url = a;
  }
  return url;
}

/** The command that installs a tool with the image's package tool, when it has one we know. */
export function installCommand(base: BaseImage, tool: Tool): string | undefined {
  if (tool === 'sh') return undefined;
  if (base.packageTool === 'apk') return `apk add --no-cache ${tool}`;
  if (base.packageTool === 'apt') return `apt-get update && apt-get install -y --no-install-recommends ${tool} && rm -rf /var/lib/apt/lists/*`;
  return undefined;
}

/** What a shell prints when a command is missing, and what Docker says for a missing program in exec form. */
export function notFoundError(tool: string, form: 'json' | 'shell', shellKind: BaseImage['shellKind']): string {
  if (form === 'json') return `exec: "${tool}": executable file not found in $PATH`;
  return shellKind === 'dash' ? `/bin/sh: 1: ${tool}: not found` : `/bin/sh: ${tool}: not found`;
}

/**
 * The Go binary an image runs (its ENTRYPOINT/CMD program when the image's build made it, else the
 * image's only Go binary), as a container path.
 */
export function goProgramPath(project: Project, build: ImageBuild, model: DockerfileModel, final: Stage): string | undefined {
  const bins = goBinaries(project, build, model, final);
  const rc = runConfig(model, final);
  const ins = rc.entrypoint ?? rc.cmd;
  const started = ins ? startedProgram(model, ins) : undefined;
  const word = started && !started.goFile && !started.word.opaque ? started.word.value : undefined;
  if (word && !word.includes('$')) {
    const workdir = finalWorkdir(final) ?? '/';
    const abs = word.startsWith('/') ? normalizePosix(word) : word.includes('/') ? normalizePosix(workdir + '/' + word) : undefined;
    const hit = bins.find((b) => b === abs || (abs === undefined && path.posix.basename(b) === word));
    if (hit) return hit;
  }
  return bins.length === 1 ? bins[0] : undefined;
}

/**
 * The argument that makes the image's Go program check its own health (`-healthcheck`, `healthcheck`),
 * found in its main package or the packages of its module it imports; undefined when none is seen.
 */
export function goHealthMode(project: Project, build: ImageBuild, model: DockerfileModel, final: Stage): { arg: string; path: string; start: number; end: number } | undefined {
  const dirs: string[] = [];
  for (const idx of [...stagesFeeding(model, final)].sort((a, b) => a - b)) {
    for (const gb of goBuilds(model.stages[idx])) {
      if (!outputReaches(model, gb, final)) continue;
      for (const d of mainDirsOf(project, build, model, gb)) if (!dirs.includes(d)) dirs.push(d);
    }
  }
  if (dirs.length !== 1) return undefined;
  for (const pkg of programPackages(project, dirs[0]).packages) {
    for (const f of pkg.files) {
      const text = project.text(f);
      const mode = text === undefined ? undefined : goExtras(text).healthMode;
      if (mode) return { ...mode, path: f };
    }
  }
  return undefined;
}
