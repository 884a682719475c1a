/**
 * DGT143 secret-in-env-or-arg: ENV or ARG with a password/token/secret/key name and a literal value.
 */
import { dockerfileRule } from './context';
import type { DockerfileModel, Stage, VariableSetting } from '../parse/dockerfile';
import { finalStage, globalArgSettings, variableSettings } from '../parse/dockerfile';
import { buildsOfDockerfile } from '../model/buildContext';
import { isPlaceholder, secretKind, urlPassword } from '../facts/secrets';
import { chainOf } from '../model/stageGraph';

/** Stages whose ENV ends up in an image: the final stages of the builds and their parents. */
function imageStages(model: DockerfileModel, finals: Stage[]): Set<Stage> {
  const out = new Set<Stage>();
  for (const f of finals) for (const s of chainOf(model, f)) out.add(s);
  return out;
}

export const secretInEnv = dockerfileRule({
  id: 'DGT143',
  name: 'secret-in-env-or-arg',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Literal secret in ENV or ARG',
  messages: {
    env:
      '`{name}` puts a literal {kind} into the image: ENV values are stored in the image config, and anyone who can pull the image reads them with `docker inspect` or `docker history`. {advice}',
    arg:
      '`{name}` gives a literal {kind} as the ARG default: it is committed with the Dockerfile, and build arguments used by RUN are recorded in the image history (`docker history --no-trunc`). {advice}',
    source:
      '`{name}` holds a literal {kind} in the Dockerfile: it is committed with the source and kept in the build cache (this stage is not part of the final image). {advice}',
  },
  docs: {
    what: 'Finds ENV and ARG instructions whose name ends in PASSWORD, PASSWD, PASS, TOKEN, SECRET, API_KEY, PRIVATE_KEY, ACCESS_KEY, SECRET_KEY, CREDENTIALS (and similar) and whose value is a literal.',
    why:
      'Image layers and the image config are not secret: every ENV value and every build argument used by a RUN is readable by anyone who can pull the image, and the Dockerfile itself sits in the repository. A database password or an access token written there leaks with every push.',
    errorText: ['$ docker inspect --format "{{.Config.Env}}" myapp\n[PATH=/usr/local/sbin:... DB_PASSWORD=s3cr3t-prod]'],
    bad: 'FROM alpine:3.20\nENV DB_PASSWORD=s3cr3t-prod\nARG GITHUB_TOKEN=ghp_0123456789abcdef\n',
    good: '# syntax=docker/dockerfile:1\nFROM golang:1.22 AS build\n# a token for private modules, mounted for one RUN only\nRUN --mount=type=secret,id=github_token \\\n    GITHUB_TOKEN=$(cat /run/secrets/github_token) go mod download\n\nFROM alpine:3.20\n# DB_PASSWORD comes at run time: docker run -e DB_PASSWORD=... or compose secrets\n',
    exampleLanguage: 'dockerfile',
    fixes: 'None: removing the value would change what the build or the container does. The message says where the value should come from instead.',
    notFlagged: [
      'Values with variables (`ENV DB_PASSWORD=$DB_PASSWORD`), ARG without a default, and empty values.',
      'Obvious placeholders and switches: `changeme`, `xxx`, `<your-token>`, `your_token_here`, `secret`, `password`, `true`, `0`, paths such as `/run/secrets/db_password`.',
      'Names where the secret word is not the last word: TOKEN_URL, PASSWORD_FILE, PASSWORD_MIN_LENGTH, SECRET_NAME, HSM_TOKEN_LABEL, ACCESS_KEY_ID; and PWD, the working directory.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (!model.stages.length) return;
    const finals = buildsOfDockerfile(ctx)
      .map((b) => finalStage(model, b.target))
      .filter((s): s is Stage => !!s);
    const inImage = imageStages(model, finals);
    const linuxAdvice =
      'Pass build-time secrets with BuildKit (`RUN --mount=type=secret,id=...`) and run-time ones with `docker run -e`, compose `environment:` or `secrets:`.';
    const windowsAdvice = 'Pass it at run time instead, with `docker run -e` or compose `environment:`.';

    const visit = (keyword: 'ENV' | 'ARG', settings: VariableSetting[], stage: Stage | undefined) => {
      for (const p of settings) {
        const name = p.name;
        const value = p.value;
        if (value === undefined || p.valueStart === undefined || p.valueEnd === undefined) continue;
        if (value.includes('$')) continue;
        let kind = secretKind(name);
        let start = p.valueStart;
        let end = p.valueEnd;
        if (kind) {
          if (isPlaceholder(value)) continue;
        } else {
          // Any ENV/ARG: a connection string with a password in it.
          const pw = urlPassword(value);
          const raw = ctx.text.slice(start, end);
          if (!pw || isPlaceholder(value.slice(pw.start, pw.end)) || raw.indexOf(value) < 0) continue;
          const base = start + raw.indexOf(value);
          start = base + pw.start;
          end = base + pw.end;
          kind = 'password (in a connection string)';
        }
        const advice = stage?.family === 'windows' || model.escapeDirective ? windowsAdvice : linuxAdvice;
        let messageId: 'source' | 'env' | 'arg';
        if (!stage) messageId = 'arg';
        else if (!inImage.has(stage)) messageId = 'source';
        else messageId = keyword === 'ENV' ? 'env' : 'arg';
        report({ start, end, messageId, data: { name, kind, advice } });
      }
    };

    visit('ARG', globalArgSettings(model), undefined);
    for (const stage of model.stages) {
      for (const ins of stage.instructions) {
        if (ins.keyword === 'ENV' || ins.keyword === 'ARG') visit(ins.keyword, variableSettings(model, ins), stage);
      }
    }
  },
});
