/**
 * Which CPU a stage runs on and which one its `go build` compiles for: the `--platform` of a stage's
 * FROM (its own, else the stage it builds on), the platform a compose service asks for, and the
 * GOARCH a go command sees (inline, `export`, ENV, an ARG default, `go env -w`) with where it is set.
 */
import type { Project, ImageBuild } from '../project/project';
import type { DockerfileModel, GoBuildCommand, Stage } from '../parse/dockerfile';
import { goEnvWritten } from '../parse/dockerfile';
import type { Word } from '../parse/shell';
import { serviceString } from '../parse/compose';
import { lineageOf } from './stageGraph';

/** The `--platform` of a stage's FROM, or of the stage it builds on; undefined when none is given. */
export function platformOf(model: DockerfileModel, stage: Stage): string | undefined {
  for (const s of lineageOf(model, stage)) if (s.platform) return s.platform;
  return undefined;
}

/** Whether a platform value is the build machine's (`$BUILDPLATFORM`, `${BUILDPLATFORM}`). */
export function isBuildPlatform(platform: string | undefined): boolean {
  return !!platform && /^\$\{?BUILDPLATFORM\}?$/.test(platform.trim());
}

/** The `platform:` a compose service of the build asks for, when it is literal. */
export function composePlatform(project: Project, build: ImageBuild): string | undefined {
  const s = build.service;
  if (!s) return undefined;
  const svc = project.compose(s.composePath)?.services.find((x) => x.name === s.name);
  const p = svc ? serviceString(svc, 'platform') : undefined;
  return p && !p.includes('$') ? p : undefined;
}

export type GoVarSetting =
  | { via: 'inline'; value: string; word: Word }
  | { via: 'ENV' | 'ARG'; value: string; start: number; end: number }
  | { via: 'go env -w'; value: string };

/** Where a go command gets a variable (GOARCH, GOOS) and its value as written (`$TARGETARCH` kept). */
export function goVarOf(model: DockerfileModel, gb: GoBuildCommand, name: string): GoVarSetting | undefined {
  const w = gb.inlineEnv.get(name);
  if (w) return { via: 'inline', value: w.value.slice(w.value.indexOf('=') + 1), word: w };
  const e = gb.instruction.env.get(name);
  if (e && e.via !== 'image') return { via: e.via, value: e.value, start: e.start, end: e.end };
  const written = goEnvWritten(model, gb.stage, gb.instruction.start, name);
  return written !== undefined ? { via: 'go env -w', value: written } : undefined;
}
