/**
 * DGT104 binary-os-mismatch: a Go binary built for one operating system and run on another — a Linux
 * build copied into a Windows (servercore/nanoserver) image, or a GOOS=windows/darwin build that a
 * Linux image runs as its entrypoint.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { FixInput, RelatedInput, ReportInput } from '../core/types';
import { copyArgs, envFor, finalStage, goBuildOutput, goBuilds, goEnvWritten, normalizePosix, outputReaches, stagesFeeding, DockerfileModel, GoBuildCommand, Stage, DInstruction, flagValue } from '../parse/dockerfile';
import { valueOffsets } from '../model/goCommands';
import { buildsOfDockerfile } from '../model/buildContext';
import type { ImageBuild, Project } from '../project/project';
import { lineageOf, rootOf } from '../model/stageGraph';
import { copySourceRange, hostBinariesOf, hostGoVarEdit } from '../model/hostBinaries';
import { viaName } from '../model/buildScripts';
import { own } from '../core/table';

const LINUX_FAMILIES = new Set(['alpine', 'busybox', 'debian', 'scratch', 'distroless', 'distroless-static']);
/** GOOS values whose binaries are not ELF: a Linux kernel refuses them with "exec format error". */
const NOT_ELF: Record<string, string> = { windows: 'Windows (PE)', darwin: 'macOS (Mach-O)', ios: 'iOS (Mach-O)', plan9: 'Plan 9', js: 'WebAssembly', wasip1: 'WebAssembly' };
const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** A builder that can only be Linux: an explicit linux platform, or a Linux-only image or tag. */
function linuxOnly(s: Stage): boolean {
  if (s.platform && /^linux\//i.test(s.platform)) return true;
  if (s.family === 'windows') return false;
  const last = s.repo.split('/').pop() ?? s.repo;
  if (last === 'golang') return /(^|-)(alpine[\d.]*|bookworm|bullseye|buster|stretch|trixie)(-|$)/.test(s.tag ?? '');
  return ['alpine', 'busybox', 'debian', 'ubuntu', 'centos', 'fedora', 'rockylinux', 'almalinux', 'buildpack-deps'].includes(last);
}

function goosOf(model: DockerfileModel, gb: GoBuildCommand): string | undefined {
  return envFor(gb, 'GOOS') ?? goEnvWritten(model, gb.stage, gb.instruction.start, 'GOOS');
}

/** The program the final image starts: ENTRYPOINT, else CMD (first word, exec or shell form). */
function entrypointOf(model: DockerfileModel, final: Stage): { exe: string; ins: DInstruction } | undefined {
  for (const kw of ['ENTRYPOINT', 'CMD']) {
    for (const s of lineageOf(model, final)) {
      const ins = [...s.instructions].reverse().find((i) => i.keyword === kw);
      if (!ins) continue;
      const content = (ins.ast.getArgumentsContent() ?? '').trim();
      let first: string | undefined;
      if (content.startsWith('[')) {
        try {
          const arr = JSON.parse(content) as unknown;
          if (Array.isArray(arr) && typeof arr[0] === 'string') first = arr[0];
        } catch {
          return undefined;
        }
      } else {
        const words = content.split(/\s+/).filter(Boolean);
        first = words[0] === 'exec' ? words[1] : words[0];
      }
      if (!first || first.includes('$')) return undefined;
      return { exe: first, ins };
    }
  }
  return undefined;
}

/** Where the build's output lands in the final stage (container paths), through at most one COPY --from. */
function landings(model: DockerfileModel, gb: GoBuildCommand, final: Stage, output: string): string[] {
  const finalChain = lineageOf(model, final);
  if (finalChain.includes(gb.stage)) return [output];
  const out: string[] = [];
  for (const s of finalChain) {
    for (const ins of s.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const from = flagValue(ins, 'from');
      if (!from) continue;
      const src = model.stages.find((x) => x.name?.toLowerCase() === from.toLowerCase()) ?? (/^\d+$/.test(from) ? model.stages[Number(from)] : undefined);
      if (!src || !lineageOf(model, src).includes(gb.stage)) continue;
      const args = copyArgs(ins);
      if (args.length < 2) continue;
      const destRaw = args[args.length - 1];
      if (destRaw.includes('$')) continue;
      const wd = ins.workdir ?? '/';
      const dest = normalizePosix(destRaw.startsWith('/') ? destRaw : wd + '/' + destRaw);
      const many = args.length > 2;
      for (const source of args.slice(0, -1)) {
        if (source.includes('$') || /[*?[]/.test(source)) continue;
        const srcPath = normalizePosix(source.startsWith('/') ? source : '/' + source);
        if (srcPath === output) {
          out.push(destRaw.endsWith('/') || many ? path.posix.join(dest, path.posix.basename(output)) : dest);
          out.push(path.posix.join(dest, path.posix.basename(output)));
        } else if (output.startsWith(srcPath === '/' ? '/' : srcPath + '/')) {
          out.push(normalizePosix(dest + '/' + output.slice(srcPath.length)));
        }
      }
    }
  }
  return out;
}

function runsLanding(exe: string, ins: DInstruction, places: string[]): boolean {
  if (exe.startsWith('/')) return places.includes(normalizePosix(exe));
  if (exe.includes('/')) return ins.workdir !== undefined && places.includes(normalizePosix(ins.workdir + '/' + exe));
  return places.some((p) => path.posix.basename(p) === exe && PATH_DIRS.includes(path.posix.dirname(p)));
}

/** An edit that sets GOOS for this command: the inline word's value, else an inserted assignment. */
function setGoosFix(text: string, gb: GoBuildCommand, model: DockerfileModel, filePath: string, goos: string, preferred: boolean): FixInput | undefined {
  const inline = gb.inlineEnv.get('GOOS');
  if (inline) {
    const { start, end } = valueOffsets(text, inline);
    return { titleId: 'setGoos', titleData: { goos }, preferred, edits: [{ path: filePath, start, end, newText: goos }] };
  }
  const env = gb.instruction.env.get('GOOS');
  if (env && env.start !== env.end) {
    const raw = text.slice(env.start, env.end);
    const at = raw.indexOf(env.value);
    if (at < 0) return undefined;
    return { titleId: 'setGoosEnv', titleData: { goos, via: env.via }, preferred, edits: [{ path: filePath, start: env.start + at, end: env.start + at + env.value.length, newText: goos }] };
  }
  if (env || goEnvWritten(model, gb.stage, gb.instruction.start, 'GOOS') !== undefined) return undefined;
  return { titleId: 'setGoos', titleData: { goos }, preferred, edits: [{ path: filePath, start: gb.goWord.start, end: gb.goWord.start, newText: `GOOS=${goos} ` }] };
}

export const binaryOsMismatch = dockerfileRule({
  id: 'DGT104',
  name: 'binary-os-mismatch',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Go binary built for another operating system than the image',
  messages: {
    linuxInWindows:
      'This `go {verb}` runs in `{builder}`, a Linux image, without GOOS=windows, so it builds a Linux binary; the final image `{final}` is Windows and cannot start it (`The system cannot find the file specified`, or `is not a valid Win32 application`). Set GOOS=windows and give the binary an .exe name.',
    foreignInLinux:
      'This `go {verb}` sets GOOS={goos}, so it builds a {format} binary, and the Linux image `{final}` starts it as `{exe}`: the container dies with `exec {exe}: exec format error`. Build with GOOS=linux.',
    hostForeign:
      'This copies `{exe}`, which {script} builds on the host with `{setting}` before `docker build`: a {format} binary, and the Linux image `{final}` starts it, so the container dies with `exec {exe}: exec format error`. Build it with GOOS=linux.',
    hostWindows:
      'This copies `{exe}`, which {script} builds on the host before `docker build` without setting GOOS: Go builds for the system it runs on, Windows here, so it is a Windows (PE) binary, and the Linux image `{final}` starts it: the container dies with `exec {exe}: exec format error`. Set GOOS=linux before the build.',
  },
  fixTitles: { setGoos: 'Build with GOOS={goos}', setGoosEnv: 'Set GOOS={goos} in the {via}', setHostGoos: 'Build with GOOS={goos} in {script}' },
  relatedMessages: { finalImage: 'The final image {image}.', starts: 'The image starts {exe}.', hostBuild: 'The binary is built here.' },
  docs: {
    what: 'Finds a `go build` whose binary ends up in an image of another operating system: a Linux builder\'s output copied into a Windows (servercore/nanoserver) final stage without GOOS=windows, or a GOOS=windows/darwin binary that a Linux final stage runs as its ENTRYPOINT or CMD — also when the binary is built on the host by a Makefile target or script that then runs `docker build` (a Windows batch file or PowerShell script that sets no GOOS builds a Windows binary).',
    severity: 'Error when the build names another GOOS; warning for a Windows script that sets none (a GOOS set once with `go env -w` on that machine would change it).',
    why:
      'Go cross-compiles only when told to: without GOOS, `go build` targets the OS it runs on. A Linux binary inside a Windows image (or the other way round) is copied without complaint and fails only when the container starts.',
    errorText: ['exec /app: exec format error', 'The system cannot find the file specified.', 'is not a valid Win32 application'],
    bad: 'FROM --platform=linux/amd64 golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app.exe .\n\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=build /out/app.exe /app/app.exe\nENTRYPOINT ["C:\\\\app\\\\app.exe"]\n',
    good: 'FROM --platform=linux/amd64 golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN GOOS=windows go build -o /out/app.exe .\n\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=build /out/app.exe /app/app.exe\nENTRYPOINT ["C:\\\\app\\\\app.exe"]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Sets GOOS on the build: `GOOS=windows` for a Windows image (applied by "fix all" only when the output already has an .exe name, since Windows finds programs by extension), `GOOS=linux` for a Linux image — editing the existing GOOS assignment where there is one. For a host build, the edit is in the script: its GOOS value, or a `set GOOS=linux` (`$env:GOOS = "linux"`) line before the build.',
    notFlagged: [
      'GOOS or GOARCH from variables, as in the BuildKit cross-compile pattern (`FROM --platform=$BUILDPLATFORM`, `ARG TARGETOS TARGETARCH`, `GOOS=$TARGETOS GOARCH=$TARGETARCH`).',
      'A builder that can run on Windows too (`golang:1.22`, `golang:1.22-windowsservercore`): on a Windows daemon it builds Windows binaries. Only a Linux-only tag (`-alpine`, `-bookworm`, ...) or `--platform=linux/...` counts as Linux.',
      'Windows or macOS binaries that a Linux image only carries (release archives, download pages) and does not start.',
      'Host builds in shell scripts and Makefiles that set no GOOS (they may run on Linux), and GOOS values a script takes from elsewhere (a variable of the caller, `$(shell ...)`, a Makefile conditional).',
    ],
  },
  check(ctx, report) {
    const { model, text } = ctx;
    const seen = new Set<number>();
    for (const build of buildsOfDockerfile(ctx, { leaves: true })) {
      const final = finalStage(model, build.target);
      if (!final) continue;
      const finalFamily = rootOf(model, final).family;
      for (const idx of [...stagesFeeding(model, final)].sort((a, b) => a - b)) {
        for (const gb of goBuilds(model.stages[idx])) {
          if (seen.has(gb.goWord.start)) continue;
          if (!outputReaches(model, gb, final)) continue;
          const goos = goosOf(model, gb);
          if (goos?.includes('$')) continue;
          const builder = rootOf(model, gb.stage);
          const verbWord = gb.command.words[gb.command.words.indexOf(gb.goWord) + 1];
          const start = gb.goWord.start;
          const end = verbWord ? verbWord.end : gb.goWord.end;
          const related: RelatedInput[] = [{ path: ctx.path, start: final.imageStart, end: final.imageEnd, messageId: 'finalImage', data: { image: final.image } }];
          if (finalFamily === 'windows') {
            if (builder.family === 'windows' || !linuxOnly(builder) || (goos && goos !== 'linux')) continue;
            seen.add(gb.goWord.start);
            const output = goBuildOutput(gb) ?? '';
            const fix = setGoosFix(text, gb, model, ctx.path, 'windows', /\.exe$/i.test(output));
            report({
              start,
              end,
              messageId: 'linuxInWindows',
              data: { verb: gb.verb, builder: builder.image, final: final.image },
              related,
              fixes: fix ? [fix] : [],
            });
          } else if (LINUX_FAMILIES.has(finalFamily) && goos && own(NOT_ELF, goos)) {
            const output = goBuildOutput(gb);
            if (!output || output.endsWith('/')) continue;
            const entry = entrypointOf(model, final);
            if (!entry || !runsLanding(entry.exe, entry.ins, landings(model, gb, final, output))) continue;
            seen.add(gb.goWord.start);
            related.push({ path: ctx.path, start: entry.ins.start, end: entry.ins.end, messageId: 'starts', data: { exe: entry.exe } });
            const fix = setGoosFix(text, gb, model, ctx.path, 'linux', true);
            report({
              start,
              end,
              messageId: 'foreignInLinux',
              data: { verb: gb.verb, goos, format: own(NOT_ELF, goos) as string, final: final.image, exe: entry.exe },
              related,
              fixes: fix ? [fix] : [],
            });
          }
        }
      }
      if (LINUX_FAMILIES.has(finalFamily)) for (const r of hostBinaryFindings(ctx.project, build, model, final, seen)) report(r);
    }
  },
});

/** A binary the image starts that a host script builds for Windows or macOS. */
function hostBinaryFindings(project: Project, build: ImageBuild, model: DockerfileModel, final: Stage, seen: Set<number>): ReportInput<'hostForeign' | 'hostWindows', 'setHostGoos', 'hostBuild'>[] {
  const out: ReportInput<'hostForeign' | 'hostWindows', 'setHostGoos', 'hostBuild'>[] = [];
  for (const bin of hostBinariesOf(project, build, model, final)) {
    const goos = bin.go.goos?.value.toLowerCase();
    const format = goos ? own(NOT_ELF, goos) : bin.go.windowsHost ? NOT_ELF.windows : undefined;
    if (!format) continue;
    const at = copySourceRange(model, bin, build.context);
    if (seen.has(at.start)) continue;
    seen.add(at.start);
    const script = viaName(project, bin.go);
    const edit = hostGoVarEdit(project, bin.go, 'GOOS', 'linux');
    out.push({
      ...at,
      messageId: goos ? 'hostForeign' : 'hostWindows',
      data: { exe: bin.exe, script, setting: bin.go.goos?.setting ?? '', format, final: final.image },
      severity: goos ? undefined : 'warning',
      related: [{ path: bin.go.file, start: bin.go.start, end: bin.go.end, messageId: 'hostBuild' }],
      fixes: edit ? [{ titleId: 'setHostGoos', titleData: { goos: 'linux', script: path.basename(bin.go.file) }, preferred: true, edits: [edit] }] : [],
    });
  }
  return out;
}
