/**
 * DGT123 user-name-without-passwd: `USER <name>` in a scratch stage (no /etc/passwd at all) or in a
 * distroless stage with a name its /etc/passwd does not have.
 */
import { dockerfileRule } from './context';
import { chainProvides, isGoogleDistroless, PASSWD_FILES, shellless, userSpec } from '../model/stages';
import { rootOf } from '../model/stageGraph';

/** The accounts of distroless's /etc/passwd and /etc/group (root 0, nonroot 65532, nobody 65534). */
const DISTROLESS_USERS = new Set(['root', 'nonroot', 'nobody']);
const DISTROLESS_GROUPS = new Set(['root', 'nonroot', 'nobody', 'tty', 'staff']);

const NUMERIC = /^\d+$/;

export const userNameWithoutPasswd = dockerfileRule({
  id: 'DGT123',
  name: 'user-name-without-passwd',
  kind: 'dockerfile',
  severity: 'error',
  title: 'USER names an account the image does not have',
  fixTitles: { numeric: 'Use numeric ids: USER {ids}' },
  messages: {
    scratchUser:
      '`FROM scratch` has no /etc/passwd, so Docker cannot resolve the user `{name}` and the container does not start: `unable to find user {name}: no matching entries in passwd file`. Use numeric ids: `USER {ids}`.',
    scratchGroup:
      '`FROM scratch` has no /etc/group, so Docker cannot resolve the group `{name}` and the container does not start: `unable to find group {name}: no matching entries in group file`. Use numeric ids: `USER {ids}`.',
    distrolessUser:
      '`{image}` only has the users root, nonroot (65532) and nobody (65534), so Docker cannot resolve the user `{name}`: `unable to find user {name}: no matching entries in passwd file`. Use numeric ids: `USER {ids}`.',
    distrolessGroup:
      '`{image}` has no group `{name}` (only root, nonroot, nobody, tty and staff), so the container does not start: `unable to find group {name}: no matching entries in group file`. Use numeric ids: `USER {ids}`.',
  },
  docs: {
    what: 'Finds `USER` with a user or group name in a stage built on `scratch`, which has no /etc/passwd, or on distroless with a name other than root, nonroot or nobody.',
    why:
      'Docker looks a user name up in the image\'s own /etc/passwd (and a group in /etc/group) when the container starts. scratch has neither file, and distroless has only root, nonroot and nobody, so the image builds fine and every `docker run` fails. Numeric ids need no lookup, and Kubernetes\' `runAsNonRoot` can only verify numeric ids anyway.',
    errorText: [
      'docker: Error response from daemon: unable to find user app: no matching entries in passwd file.',
      'unable to find group app: no matching entries in group file',
    ],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nUSER app\nENTRYPOINT ["/app"]\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Replaces the names with numeric ids: `USER app` → `USER 65532:65532`; a numeric user keeps its id and gets the same id as group (`USER 1000:app` → `USER 1000:1000`).',
    notFlagged: [
      'Numeric `USER 65532`, `USER 1000:1000`, and values with variables.',
      'Stages that copy /etc/passwd (or /etc/group) in, e.g. `COPY --from=build /etc/passwd /etc/passwd`, or copy a folder or root file system over /etc.',
      'distroless `USER nonroot`, `USER nobody`, `USER root`; Chainguard and other images whose accounts are unknown.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (model.escapeDirective) return;
    for (const stage of model.stages) {
      const root = rootOf(model, stage);
      const kind = shellless(root);
      if (!kind) continue;
      if (kind === 'distroless' && !isGoogleDistroless(root.repo)) continue;
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'USER') continue;
        const u = userSpec(ins);
        if (!u || u.value.includes('$')) continue;
        const badUser = !NUMERIC.test(u.user) && (kind === 'scratch' || !DISTROLESS_USERS.has(u.user));
        const badGroup =
          u.group !== undefined && u.group !== '' && !NUMERIC.test(u.group) && (kind === 'scratch' || !DISTROLESS_GROUPS.has(u.group));
        if (!badUser && !badGroup) continue;
        const files = badUser ? PASSWD_FILES : ['/etc/group'];
        if (chainProvides(model, stage, ins.start, [...files, ...(badGroup ? ['/etc/group'] : [])])) continue;
        const fixed = NUMERIC.test(u.user) ? `${u.user}:${u.user}` : '65532:65532';
        report({
          start: u.start,
          end: u.end,
          messageId: `${kind}${badUser ? 'User' : 'Group'}`,
          data: { name: badUser ? u.user : (u.group as string), image: root.image, ids: fixed },
          fixes: [
            {
              titleId: 'numeric',
              titleData: { ids: fixed },
              preferred: true,
              edits: [{ path: ctx.path, start: u.start, end: u.end, newText: fixed }],
            },
          ],
        });
      }
    }
  },
});
