/**
 * DGT133 goreleaser-source-build: a Dockerfile that goreleaser builds (`dockers`/`dockers_v2`)
 * copies go.mod or the sources and compiles them, while goreleaser's build context holds only the
 * binaries it built and the `extra_files`.
 */
import * as path from 'node:path';
import { dockerfileRule, type DockerfileContext } from './context';
import type { FileEdit, FixInput } from '../core/types';
import { copyArgs, copySourceCovers, flagValue, goBuildOutput, goBuilds, stagesFeeding, type DInstruction, type Stage } from '../parse/dockerfile';
import { goCommands, readsModule, type GoCmd } from '../model/goCommands';
import { chainOf } from '../model/stageGraph';
import { goreleaserUsesOf, type GoreleaserUse } from '../model/goreleaser';
import { isMap, isSeq } from '../parse/compose';
import { appendToBlock, columnOf } from './lib/composeKit';
import type { Node, YAMLMap } from '../parse/compose';
import { detectEol } from '../core/text';

const GENERATED = 'Dockerfile.goreleaser';

function clean(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** A COPY/ADD from the build context (no --from). */
function fromContext(ins: DInstruction): boolean {
  return (ins.keyword === 'COPY' || ins.keyword === 'ADD') && flagValue(ins, 'from') === undefined;
}

interface SourceUse {
  messageId: 'copyGoMod' | 'buildsSource';
  start: number;
  end: number;
  /** For copyGoMod: the names the context lacks. */
  missing: string[];
  cmd?: GoCmd;
}

/** The first place the build needs the sources: a COPY of go.mod/go.sum, or a go command after a folder copy. */
function sourceUse(ctx: DockerfileContext, stages: Stage[], extra: Set<string>): SourceUse | undefined {
  for (const stage of stages) {
    for (const ins of stage.instructions) {
      if (!fromContext(ins)) continue;
      const sources = copyArgs(ins).slice(0, -1);
      const mods = sources.filter((s) => /(^|\/)go\.(mod|sum)$/.test(clean(s)) && !extra.has(clean(s)));
      if (!mods.some((s) => clean(s).endsWith('go.mod'))) continue;
      const at = ctx.text.indexOf(mods[0], ins.argsStart);
      const start = at >= 0 && at < ins.argsEnd ? at : ins.argsStart;
      return { messageId: 'copyGoMod', start, end: at >= 0 && at < ins.argsEnd ? at + mods[0].length : ins.argsEnd, missing: sources.map(clean).filter((s) => !extra.has(s)) };
    }
    for (const cmd of goCommands(stage)) {
      if (!readsModule(cmd)) continue;
      const folderCopy = chainOf(ctx.model, stage).some((s) => s.instructions.some((i) => i.start < cmd.instruction.start && fromContext(i) && copyArgs(i).slice(0, -1).some((src) => clean(src) === '' || clean(src) === '.')));
      if (!folderCopy) continue;
      const verbWord = cmd.verbWord ?? cmd.goWord;
      return { messageId: 'buildsSource', start: cmd.goWord.start, end: verbWord.end, missing: [], cmd };
    }
  }
  return undefined;
}

/** The binary name goreleaser puts in the context: the one build's `binary`, else the project name. */
function binaryName(use: GoreleaserUse): string | undefined {
  const { binaries, projectName } = use.config;
  const literal = (s: string | undefined) => (s && !s.includes('{{') && /^[\w.-]+$/.test(s) ? s : undefined);
  if (binaries.length > 1) return undefined;
  return literal(binaries[0]) ?? literal(projectName);
}

/** The final stage rewritten for goreleaser's context: the go build's output copied from the context instead of a builder stage. */
function binaryOnlyDockerfile(ctx: DockerfileContext, final: Stage, binary: string, extra: Set<string>): string | undefined {
  const { model, text, eol } = ctx;
  if (final.parent !== undefined || final.image.includes('$')) return undefined;
  const lines = [
    '# Binary-only Dockerfile for goreleaser: its build context holds the binary it built and the extra_files, not the sources.',
    `FROM ${text.slice(final.imageStart, final.imageEnd)}`,
  ];
  let copiedBinary = false;
  for (const ins of final.instructions) {
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const from = flagValue(ins, 'from');
      const args = copyArgs(ins);
      if (args.length < 2) return undefined;
      const sources = args.slice(0, -1);
      if (from === undefined) {
        if (!sources.every((s) => extra.has(clean(s)))) return undefined;
        lines.push(text.slice(ins.start, ins.end));
        continue;
      }
      const src = model.stages.find((s) => s.name?.toLowerCase() === from.toLowerCase()) ?? (/^\d+$/.test(from) ? model.stages[Number(from)] : undefined);
      if (!src || sources.length !== 1) return undefined;
      const built = chainOf(model, src).some((s) => goBuilds(s).some((gb) => copySourceCovers(sources[0], goBuildOutput(gb)) && goBuildOutput(gb) !== undefined));
      if (!built) return undefined;
      const other = ins.flags.filter((f) => f.name !== 'from').map((f) => text.slice(f.start, f.end));
      lines.push(['COPY', ...other, binary, args[args.length - 1]].join(' '));
      copiedBinary = true;
      continue;
    }
    lines.push(text.slice(ins.start, ins.end));
  }
  return copiedBinary ? lines.join(eol) + eol : undefined;
}

/** Inserts `lines` as the last keys of a block map that is an item of a sequence (`- key: ...`), indented like its first key. */
function appendToMap(ft: { path: string; text: string; eol: '\n' | '\r\n' }, map: YAMLMap, lines: string[]): FileEdit | undefined {
  const first = (map.items[0]?.key as Node | undefined)?.range?.[0];
  if (first === undefined || map.flow || !map.range) return undefined;
  const indent = ' '.repeat(columnOf(ft.text, first));
  const at = Math.min(map.range[1], ft.text.length);
  const lead = at > 0 && ft.text[at - 1] !== '\n';
  const body = lines.map((l) => indent + l).join(ft.eol);
  return { path: ft.path, start: at, end: at, newText: (lead ? ft.eol : '') + body + (lead ? '' : ft.eol) };
}

/** Edits pointing every entry of the configuration that builds this Dockerfile at `file`. */
function pointAt(ctx: DockerfileContext, uses: GoreleaserUse[], file: string): FileEdit[] | undefined {
  const edits: FileEdit[] = [];
  for (const use of uses) {
    const text = ctx.project.text(use.configPath);
    if (text === undefined) return undefined;
    const rel = path.relative(use.base, file).split(path.sep).join('/');
    const d = use.docker;
    if (d.dockerfile) {
      edits.push({ path: use.configPath, start: d.dockerfile.start, end: d.dockerfile.end, newText: rel });
      continue;
    }
    const edit = appendToMap({ path: use.configPath, text, eol: detectEol(text) }, d.node, [`dockerfile: ${rel}`]);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}

/** Edits adding `names` to the `extra_files` of each entry. */
function addExtraFiles(ctx: DockerfileContext, uses: GoreleaserUse[], names: string[]): FileEdit[] | undefined {
  const edits: FileEdit[] = [];
  for (const use of uses) {
    const text = ctx.project.text(use.configPath);
    if (text === undefined) return undefined;
    const ft = { path: use.configPath, text, eol: detectEol(text) };
    const d = use.docker;
    const have = new Set(d.extraFiles.map((x) => clean(x.value)));
    const add = names.filter((n) => !have.has(n));
    if (!add.length) continue;
    let edit: FileEdit | undefined;
    if (d.extraFilesNode && isSeq(d.extraFilesNode) && !d.extraFilesNode.flow) edit = appendToBlock(ft, d.extraFilesNode, add.map((n) => `- ${n}`));
    else if (!d.extraFilesNode && isMap(d.node)) edit = appendToMap(ft, d.node, ['extra_files:', ...add.map((n) => `  - ${n}`)]);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}

export const goreleaserSourceBuild = dockerfileRule({
  id: 'DGT133',
  name: 'goreleaser-source-build',
  kind: 'dockerfile',
  severity: 'error',
  title: 'goreleaser image built from sources it does not have',
  messages: {
    copyGoMod:
      '{config} builds this image with goreleaser, whose build context is a temporary folder that holds only the binaries it built and the `extra_files`: `{file}` is not there, so this COPY fails with `failed to compute cache key: failed to calculate checksum of ref …: "/{file}": not found`. Copy the binary goreleaser built instead (a binary-only Dockerfile), or list the files in `extra_files`.',
    buildsSource:
      '{config} builds this image with goreleaser, whose build context is a temporary folder that holds only the binaries it built and the `extra_files`: `COPY . .` brings no sources, and this `go {verb}` stops with `go: go.mod file not found in current directory or any parent directory`. Use a binary-only Dockerfile that copies the binary goreleaser built.',
  },
  fixTitles: {
    generate: 'Generate {file} (binary only) and use it in {config}',
    extraFiles: 'Add {files} to extra_files in {config}',
  },
  relatedMessages: { entry: 'This goreleaser entry builds the image from {dockerfile}.' },
  docs: {
    what: 'Finds a Dockerfile that a goreleaser configuration (`.goreleaser.y(a)ml` or `goreleaser.y(a)ml` in its folder or above, `dockers` or `dockers_v2`) builds, and that copies go.mod or compiles the module after `COPY . .`.',
    why:
      'goreleaser builds the binaries first and then runs the Docker build in a temporary folder that holds only those binaries and the files listed in `extra_files` — not the repository. A multi-stage Dockerfile that compiles from source works with `docker build .` and fails in the release pipeline, usually on the day of a release.',
    errorText: [
      'failed to compute cache key: failed to calculate checksum of ref 5c4b…: "/go.mod": not found',
      'go: go.mod file not found in current directory or any parent directory; see \'go help modules\'',
    ],
    bad: '# .goreleaser.yaml: dockers: - image_templates: ["acme/app:{{ .Tag }}"]\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    good: '# .goreleaser.yaml: dockers: - image_templates: ["acme/app:{{ .Tag }}"]\n#                           dockerfile: Dockerfile.goreleaser\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    appliesTo: 'Dockerfiles that a goreleaser configuration builds',
    fixes:
      'Generates `Dockerfile.goreleaser` next to the Dockerfile from its final stage, with the binary copied from the context (named by the build\'s `binary` or the project name), and points the configuration\'s `dockerfile:` at it (preferred; offered for `dockers` entries when the final stage copies nothing else from a builder stage). For a Dockerfile that copies named files, adds them to `extra_files` instead.',
    notFlagged: [
      'Dockerfiles that copy only the binary and `extra_files`, and configurations whose `extra_files` list go.mod (a deliberate build from source).',
      'Templated Dockerfile paths, `templated_dockerfile`, entries with `skip_build: true`, and configurations that are not valid YAML.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (model.escapeDirective || !model.stages.length) return;
    const all = goreleaserUsesOf(ctx.project, ctx.path).filter((u) => !u.docker.skip);
    const byConfig = new Map<string, GoreleaserUse[]>();
    for (const u of all) byConfig.set(u.configPath, [...(byConfig.get(u.configPath) ?? []), u]);
    const final = model.stages[model.stages.length - 1];
    const stages = [...stagesFeeding(model, final)].sort((a, b) => a - b).map((i) => model.stages[i]);
    for (const [configPath, uses] of byConfig) {
      const extra = new Set(uses[0].docker.extraFiles.map((x) => clean(x.value)));
      if (uses.some((u) => u.docker.extraFiles.map((x) => clean(x.value)).join('\0') !== [...extra].join('\0'))) continue;
      if (extra.has('go.mod')) continue;
      const use = sourceUse(ctx, stages, extra);
      if (!use) continue;
      const config = path.relative(path.dirname(ctx.path), configPath).split(path.sep).join('/') || path.basename(configPath);
      const fixes: FixInput[] = [];
      const binary = binaryName(uses[0]);
      const newFile = path.join(path.dirname(ctx.path), GENERATED);
      // dockers_v2 lays the binaries out per platform in the context: only the classic layout is generated.
      const v1 = uses.every((u) => u.docker.kind === 'dockers');
      const content = binary && v1 && ctx.project.exists(newFile) === undefined ? binaryOnlyDockerfile(ctx, final, binary, extra) : undefined;
      const pointed = content ? pointAt(ctx, uses, newFile) : undefined;
      if (content && pointed) {
        fixes.push({ titleId: 'generate', titleData: { file: GENERATED, config }, preferred: true, edits: [{ path: newFile, start: 0, end: 0, newText: content, create: true }, ...pointed] });
      }
      if (use.messageId === 'copyGoMod') {
        // Only when every copy from the context names plain files or folders: then listing them is enough.
        const names = new Set<string>();
        let plain = true;
        for (const s of stages) for (const ins of s.instructions) if (fromContext(ins)) for (const src of copyArgs(ins).slice(0, -1)) {
          const c = clean(src);
          if (!c || c === '.' || /[*?[$]/.test(c) || c.startsWith('..') || path.isAbsolute(c)) plain = false;
          else if (!extra.has(c)) names.add(c);
        }
        const edits = plain && names.size ? addExtraFiles(ctx, uses, [...names]) : undefined;
        if (edits?.length) fixes.push({ titleId: 'extraFiles', titleData: { files: [...names].join(', '), config }, edits });
      }
      report({
        start: use.start,
        end: use.end,
        messageId: use.messageId,
        data: { config, file: use.missing.find((m) => m.endsWith('go.mod')) ?? 'go.mod', verb: use.cmd?.verb ?? 'build' },
        related: uses.map((u) => ({ path: u.configPath, start: u.docker.start, end: u.docker.end, messageId: 'entry' as const, data: { dockerfile: u.docker.dockerfile?.value ?? 'Dockerfile' } })),
        fixes,
      });
    }
  },
});
