/**
 * DGT129 go-private-module-credentials: private modules (GOPRIVATE/GONOPROXY) fetched in a build
 * that no credentials reach; and tokens passed as build arguments into git's configuration, where
 * they stay in a layer and in the image history.
 */
import { dockerfileRule, type DockerfileContext } from './context';
import type { FileEdit, FixInput } from '../core/types';
import { finalStage, variableSettings, DInstruction, DockerfileModel, Stage } from '../parse/dockerfile';
import type { Word } from '../parse/shell';
import { buildsOfDockerfile } from '../model/buildContext';
import { baseOf, chainInstructions, chainOf } from '../model/stageGraph';
import { effectiveUser, isRootUser } from '../model/stages';
import { fetchDetails, FETCH_RELATED, firstDirectFetches, moduleHost } from './lib/moduleFetch';
import { commandWords, textBefore } from './lib/buildTools';
import { buildEntryEdit, topLevelEntryEdit } from './lib/composeBuild';
import { isScalar } from '../parse/compose';

/** Anything that may give git credentials: a secret or ssh mount, .netrc, insteadOf, a credential helper, a token. */
const CREDENTIALS = /--mount=\S*type=(secret|ssh)|netrc|insteadof|credential|GIT_ASKPASS|GIT_SSH|ssh-agent|\.ssh\b|id_rsa|id_ed25519|id_ecdsa|GOAUTH|TOKEN|PASSWORD|PASSWD|git\s+config/i;

const SECRET_MOUNT = '--mount=type=secret,id=netrc,target=/root/.netrc ';

/** A build argument written into git's configuration or a credentials file by a RUN. */
interface TokenWrite {
  ins: DInstruction;
  stage: Stage;
  name: string;
  file: string;
  start: number;
  end: number;
}

/** Whether `name` is a build argument (ARG, with or without a default) for this instruction. */
function isBuildArg(model: DockerfileModel, stage: Stage, ins: DInstruction, name: string): boolean {
  const env = ins.env.get(name);
  if (env) return env.via === 'ARG';
  return chainInstructions(model, stage, ins.start).some((i) => i.keyword === 'ARG' && variableSettings(model, i).some((v) => v.name === name));
}

/** The variables a word refers to, with the offset of each reference in the text. */
function varRefs(text: string, w: Word): { name: string; start: number; end: number }[] {
  const raw = text.slice(w.start, w.end);
  const out: { name: string; start: number; end: number }[] = [];
  const re = /\$\{([A-Za-z_]\w*)[^}]*\}|\$([A-Za-z_]\w*)/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) out.push({ name: m[1] ?? m[2], start: w.start + m.index, end: w.start + m.index + m[0].length });
  return out;
}

/** The variables a RUN's secret mounts set (`--mount=type=secret,...,env=NAME`). */
function secretMountEnv(ins: DInstruction): Set<string> {
  const names = new Set<string>();
  for (const f of ins.flags) if (f.name === 'mount' && /type=secret/.test(f.value ?? '')) for (const m of (f.value ?? '').matchAll(/env=(\w+)/g)) names.add(m[1]);
  return names;
}

function tokenWrites(text: string, model: DockerfileModel): TokenWrite[] {
  const out: TokenWrite[] = [];
  for (const stage of model.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      // A token mounted as a secret is not a build argument here (read only for a RUN that writes a token).
      let secretEnv: Set<string> | undefined;
      for (const c of ins.commands) {
        const words = commandWords(c);
        const tool = words[0]?.value.replace(/^.*\//, '');
        let targets: Word[] = [];
        let file = '';
        if (tool === 'git' && words.some((w) => w.value === 'config')) {
          targets = words.filter((w) => /^url\..*\.insteadof$/i.test(w.value));
          file = words.some((w) => w.value === '--system') ? '/etc/gitconfig' : '~/.gitconfig';
        } else if (tool === 'echo' || tool === 'printf') {
          const redirect = words.findIndex((w) => /^>>?$/.test(w.value) || /^>>?.*(netrc|git-credentials)$/.test(w.value));
          const dest = redirect < 0 ? undefined : words[redirect].value.replace(/^>>?/, '') || words[redirect + 1]?.value;
          if (dest && /(^|\/)(\.netrc|_netrc|\.git-credentials)$/.test(dest)) {
            targets = words.slice(1, redirect);
            file = dest;
          }
        }
        for (const w of targets) {
          for (const ref of varRefs(text, w)) {
            if ((secretEnv ??= secretMountEnv(ins)).has(ref.name) || !isBuildArg(model, stage, ins, ref.name)) continue;
            out.push({ ins, stage, name: ref.name, file, start: ref.start, end: ref.end });
          }
        }
      }
    }
  }
  return out;
}

export const goPrivateModuleCredentials = dockerfileRule({
  id: 'DGT129',
  name: 'go-private-module-credentials',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Private modules without credentials, or a token in a build argument',
  messages: {
    noCredentials:
      '{gomod} requires `{module}`, which `{setting}` makes this `go {verb}` clone from {host} with git, but no credentials reach this build step: no `--mount=type=secret` or `--mount=type=ssh`, no .netrc, no git `insteadOf`. For a private repository git stops with `fatal: could not read Username for \'https://{host}\': terminal prompts disabled`. Mount a .netrc as a build secret (`RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download`, and `docker build --secret id=netrc,src=$HOME/.netrc` or compose `build.secrets`).',
    argTokenImage:
      'The build argument `{name}` is written into {file} here, so the token is in a layer of the image you ship, and `docker history` shows the value of every build argument a RUN uses. Pass it as a build secret instead (`RUN --mount=type=secret,id={name},env={name} ...`) in the RUN that fetches the modules, so that it never lands in a layer.',
    argToken:
      'The build argument `{name}` is written into {file} here, so the token is stored in this stage\'s layer, which the build cache keeps (and pushes, with `--cache-to`). Pass it as a build secret instead (`RUN --mount=type=secret,id={name},env={name} ...`) in the RUN that fetches the modules, so that it never lands in a layer.',
  },
  fixTitles: { secretMount: 'Mount ~/.netrc as the build secret "netrc" for this RUN' },
  relatedMessages: FETCH_RELATED,
  docs: {
    what: 'Finds the first go command of a stage that clones modules matched by GOPRIVATE or GONOPROXY when nothing in the build gives git credentials (no secret or ssh mount, no .netrc, no `insteadOf`, no token); and build arguments written into git\'s configuration (`git config url."https://${TOKEN}@github.com/".insteadOf`) or into a .netrc by a RUN.',
    why:
      'A build has none of the developer\'s credentials: not their SSH agent, not the Git credential manager of Windows, not ~/.netrc. git then cannot ask for a password and fails. The common workaround, a token in a build argument, leaves the token in the layer that wrote it and in the image\'s history; a BuildKit secret mount gives the token to one RUN without storing it.',
    errorText: [
      "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
      'go: github.com/acme/private@v1.2.0: invalid version: git ls-remote -q origin in /go/pkg/mod/cache/vcs/…: exit status 128',
    ],
    bad: 'FROM golang:1.22 AS build\nARG GH_TOKEN\nENV GOPRIVATE=github.com/acme\nRUN git config --global url."https://${GH_TOKEN}:x-oauth-basic@github.com/".insteadOf "https://github.com/"\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n',
    good: '# docker build --secret id=netrc,src=$HOME/.netrc .\nFROM golang:1.22 AS build\nENV GOPRIVATE=github.com/acme\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Adds `--mount=type=secret,id=netrc,target=/root/.netrc` to the RUN and, for each compose service that builds the Dockerfile, `secrets: [netrc]` under `build:` and a top-level `secrets: netrc: file: ~/.netrc` (put a `machine github.com login <user> password <token>` line in that file). Offered when the RUN runs as root and every compose file involved can be edited.',
    notFlagged: [
      'Builds with any sign of credentials before or in the RUN: a secret or ssh mount, .netrc, `insteadOf`, a credential helper, GIT_ASKPASS or GIT_SSH, SSH keys, GOAUTH, or a variable or argument named like a token or password.',
      'Modules that only GOPROXY=direct sends to their repositories (they are public), vendored modules, and settings from variables.',
      'Tokens from a secret mount (`--mount=type=secret,...,env=TOKEN`), and literal tokens in ENV or ARG defaults (DGT143 reports those).',
    ],
  },
  check(ctx, report) {
    const { model, text } = ctx;
    if (model.escapeDirective) return;
    for (const { cmd, fetch } of firstDirectFetches(ctx)) {
      if (fetch.via !== 'private') continue;
      const before = textBefore(ctx, cmd.stage, cmd.instruction.start);
      if (CREDENTIALS.test(before) || CREDENTIALS.test(text.slice(cmd.instruction.start, cmd.instruction.end))) continue;
      const { module: m, gomod, related } = fetchDetails(ctx, fetch);
      const verbWord = cmd.verbWord ?? cmd.goWord;
      report({
        start: cmd.goWord.start,
        end: verbWord.end,
        messageId: 'noCredentials',
        data: { gomod, module: m.path, setting: fetch.setting, verb: cmd.verb, host: moduleHost(m.path) },
        related,
        fixes: secretMountFix(ctx, cmd.stage, cmd.instruction),
      });
    }
    const inImage = new Set<Stage>();
    for (const b of buildsOfDockerfile(ctx)) {
      const f = finalStage(model, b.target);
      if (f) for (const s of chainOf(model, f)) inImage.add(s);
    }
    for (const t of tokenWrites(text, model)) {
      report({ start: t.start, end: t.end, messageId: inImage.has(t.stage) ? 'argTokenImage' : 'argToken', data: { name: t.name, file: t.file } });
    }
  },
});

/** The secret mount on the RUN, and the compose `build.secrets` and top-level `secrets` entries for every service that builds the file. */
function secretMountFix(ctx: DockerfileContext, stage: Stage, ins: DInstruction): FixInput[] {
  const user = effectiveUser(ctx.model, stage, ins.start);
  const root = user ? isRootUser(user) : baseOf(ctx.model, stage)?.user?.uid === 0;
  if (!root) return [];
  const keyword = /^RUN[ \t]+/i.exec(ctx.text.slice(ins.start, ins.argsEnd));
  if (!keyword) return [];
  const at = ins.start + keyword[0].length;
  const edits: FileEdit[] = [{ path: ctx.path, start: at, end: at, newText: SECRET_MOUNT }];
  // The services' entries first: a top-level section appended at the end of the file comes after them.
  const seen = new Set<string>();
  const tops: FileEdit[] = [];
  for (const b of buildsOfDockerfile(ctx)) {
    if (!b.service) continue;
    const key = `${b.service.composePath}\0${b.service.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = buildEntryEdit(ctx.project, b.service, 'secrets', '- netrc', (n) => isScalar(n) && n.value === 'netrc');
    if (entry === undefined) return [];
    if (entry) edits.push(entry);
    if (!seen.has(b.service.composePath)) {
      seen.add(b.service.composePath);
      const top = topLevelEntryEdit(ctx.project, b.service, 'secrets', 'netrc', ['file: ~/.netrc']);
      if (top === undefined) return [];
      if (top) tops.push(top);
    }
  }
  return [{ titleId: 'secretMount', preferred: true, edits: [...edits, ...tops] }];
}
