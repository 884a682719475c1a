/**
 * DGT241 compose-delve-command: a compose service runs its program under Delve (its own
 * `command`/`entrypoint`, or the image's) in a way no debugger on the host can use: the command line
 * itself (as DGT170 for a Dockerfile), the debug port not published, dependants waiting for a
 * program that waits for a debugger, or a dlv the image does not have.
 */
import { composeRule } from './context';
import type { FixInput } from '../core/types';
import { DELVE_PORT } from '../facts/devTools';
import { child, entry, scalarOf } from '../model/composeView';
import { portMappings } from '../model/composeSpecs';
import { serviceCommand } from '../model/containerCommand';
import { delveInImage, delveRun, servedPort, startsTarget, unreachable } from '../model/delve';
import { rootOf } from '../model/stageGraph';
import { composeScope, networkMode, sharesNetwork } from './lib/composeKit';
import { delveAt, delveData, DELVE_FIX_TITLES, DELVE_MESSAGES, WAITS_DEPENDS_MESSAGE, multiEdit, publishEdit, reachEdits, startEdit } from './lib/delveKit';

export const composeDelveCommand = composeRule({
  id: 'DGT241',
  name: 'compose-delve-command',
  kind: 'compose',
  severity: 'error',
  title: 'Delve in a compose service: no debugger can attach, or the program never starts',
  fixTitles: { ...DELVE_FIX_TITLES, publish: 'Publish the debug port on the host\'s loopback: "127.0.0.1:{port}:{port}"' },
  messages: {
    ...DELVE_MESSAGES,
    ...WAITS_DEPENDS_MESSAGE,
    notPublished:
      'dlv listens on port {port} in the container of "{service}", but the service does not publish it: a debugger on the host (VS Code\'s attach configuration, `dlv connect 127.0.0.1:{port}`) gets `connection refused`. Publish it on the host\'s loopback: `"127.0.0.1:{port}:{port}"` (the Delve API has no authentication).',
  },
  relatedMessages: { dlv: 'dlv is started here, listening on {listen}.', waits: 'Service "{service}" waits for it to be healthy.' },
  docs: {
    what:
      'Finds compose services whose container runs the program under Delve — from the service\'s `command`/`entrypoint` or the image\'s ENTRYPOINT/CMD — in a way no debugger on the host can use: the command line itself (no `--headless`, no or a loopback `--listen`, `--continue` without `--accept-multiclient`, dlv missing from the image; as DGT170 for a Dockerfile), the port dlv listens on not published, a healthcheck or `depends_on: condition: service_healthy` while the program waits for a debugger (no `--continue`), and a server that ends with the first debug session.',
    why:
      'The debugger on the host reaches dlv only through a published port, and only when dlv listens on the container\'s network interface. A compose service with dlv is also a service other services wait for: without `--continue` the program is paused before `main` until someone attaches, so its healthcheck fails and its dependants never start, although the container is "running".',
    severity: 'Error when no debugger can attach or dlv does not start; warning when the debug port is not published or dependants wait for a program that waits for a debugger; information when the server serves one session only.',
    errorText: [
      'Failed to attach to remote debugger: connect ECONNREFUSED 127.0.0.1:2345',
      'Error: --continue requires --accept-multiclient',
      "Stdin is not a terminal, use '-r' to specify redirects for the target process or --allow-non-terminal-interactive=true if you really want to specify a redirect for Delve",
      'dependency failed to start: container api is unhealthy',
    ],
    bad: 'services:\n  api:\n    build:\n      context: .\n      target: debug\n    command: ["dlv", "exec", "/app", "--headless", "--listen=:2345", "--accept-multiclient", "--continue"]\n    ports:\n      - "8080:8080"\n',
    good: 'services:\n  api:\n    build:\n      context: .\n      target: debug\n    command: ["dlv", "exec", "/app", "--headless", "--listen=:2345", "--accept-multiclient", "--continue"]\n    ports:\n      - "8080:8080"\n      - "127.0.0.1:2345:2345"\n',
    exampleLanguage: 'yaml',
    fixes:
      'Adds what makes the server reachable (`--headless`, `--listen=:2345` or the loopback address turned into `:<port>`, `--accept-multiclient` next to `--continue`) and publishes the port; publishes the port on the host\'s loopback (`"127.0.0.1:2345:2345"`); adds `--continue --accept-multiclient`, or `--accept-multiclient`.',
    notFlagged: [
      'The command line of an image\'s own ENTRYPOINT/CMD (DGT170 reports it in the Dockerfile); here only what the compose file adds: the port, the services that wait.',
      '`network_mode: host`, `service:...` and `container:...` (nothing to publish); services with `tty: true` and `stdin_open: true` for `--headless` (an interactive dlv, used with `docker attach`).',
      '`dlv connect`, `dlv version` and other subcommands that start no program; a missing dlv when the image is not built from a Dockerfile of the workspace or its base is not one the table knows.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      const image = child(s.merged, 'build') ? scope.image(s.name) : undefined;
      const cmd = serviceCommand(ctx.project, s.merged, image);
      const run = cmd ? delveRun(cmd) : undefined;
      if (!cmd || !run || (!run.dap && !startsTarget(run))) continue;
      const mine = cmd.from === 'compose' && run.program.path === ctx.path;
      const interactive = scalarOf(child(s.merged, 'tty'))?.value === 'true' && scalarOf(child(s.merged, 'stdin_open'))?.value === 'true';
      const mode = networkMode(s.merged);
      const shared = sharesNetwork(mode);
      // Findings about the service as a whole go to one file: the one that publishes its ports or builds it.
      const home = (entry(s.merged, 'ports') ?? entry(s.merged, 'build') ?? entry(s.merged, 'image'))?.path ?? ctx.path;
      const svcAt = home === ctx.path ? { path: ctx.path, start: s.local.keyStart, end: s.local.keyEnd } : undefined;
      // The command line: only where the compose file writes it (a Dockerfile's is DGT170's).
      let problem = unreachable(run);
      if (problem === 'notHeadless' && interactive) problem = undefined;
      if (mine && problem) {
        const reach = reachEdits(ctx.project, run);
        const port = reach?.port ?? DELVE_PORT;
        const fixes: FixInput[] = [];
        if (reach) {
          const edits = [...reach.edits];
          if (!shared && !portMappings(child(s.merged, 'ports')).some((p) => p.target === port)) {
            const pub = publishEdit(ctx.project, ctx.path, s.local, port);
            if (pub) edits.push(pub);
          }
          fixes.push({ titleId: 'reach', titleData: { port }, preferred: true, edits });
        }
        report({ ...delveAt(run, problem), messageId: problem, data: delveData(run, port), fixes });
      }
      // The port, once dlv serves one on the network.
      const port = problem || !run.headless ? undefined : servedPort(run, DELVE_PORT);
      if (port !== undefined && !shared && !problem && !portMappings(child(s.merged, 'ports')).some((p) => p.target === port)) {
        const at = mine ? delveAt(run, 'loopback') : svcAt;
        if (at && at.path === ctx.path) {
          const pub = publishEdit(ctx.project, ctx.path, s.local, port);
          report({
            ...at,
            messageId: 'notPublished',
            data: { port, service: s.name },
            severity: 'warning',
            fixes: pub ? [{ titleId: 'publish', titleData: { port }, preferred: true, edits: [pub] }] : [],
            related: mine ? [] : [{ path: run.program.path, start: run.program.start, end: run.program.end, messageId: 'dlv', data: { listen: run.listen?.flag.value ?? '' } }],
          });
        }
      }
      if (!run.dap && !run.cont) {
        // What waits for the program: this service's healthcheck (the compose file's) and services that need it healthy.
        const dependants = scope.services.filter((o) => {
          const dep = child(o.merged, 'depends_on', s.name);
          return o.name !== s.name && dep?.kind === 'map' && scalarOf(child(dep, 'condition'))?.value === 'service_healthy';
        });
        const health = entry(s.merged, 'healthcheck');
        const disabled = scalarOf(child(s.merged, 'healthcheck', 'disable'))?.value === 'true';
        const anchor = mine ? delveAt(run, 'waits') : svcAt;
        const e = mine ? startEdit(ctx.project, run) : undefined;
        const fixes: FixInput[] = e ? [{ titleId: 'start', preferred: true, edits: [e] }] : [];
        if (anchor && dependants.length) {
          report({
            ...anchor,
            messageId: 'waitsDepends',
            data: { ...delveData(run, undefined), services: dependants.map((d) => `"${d.name}"`).join(', ') },
            severity: 'warning',
            fixes,
            related: dependants.slice(0, 3).map((d) => {
              const dep = entry(child(d.merged, 'depends_on'), s.name);
              return { path: dep?.path ?? ctx.path, start: dep?.keyStart ?? 0, end: dep?.keyEnd ?? 0, messageId: 'waits', data: { service: d.name } };
            }),
          });
        } else if (anchor && health && !disabled && health.path === ctx.path) {
          report({ ...anchor, messageId: 'waitsHealth', data: delveData(run, undefined), severity: 'warning', fixes });
        } else if (mine && run.headless && !run.acceptMulti) {
          const m = multiEdit(ctx.project, run);
          report({ ...delveAt(run, 'noMulticlient'), messageId: 'noMulticlient', data: delveData(run, undefined), severity: 'info', fixes: m ? [{ titleId: 'multi', edits: [m] }] : [] });
        }
      }
      // dlv missing from the image the compose command runs it in.
      if (mine && image && !run.program.value.includes('$')) {
        const found = delveInImage(image.model, image.final, run.program.value);
        if (found.has === 'no') report({ ...delveAt(run, 'notInImage'), messageId: 'notInImage', data: { program: run.program.value, image: rootOf(image.model, image.final).image } });
      }
    }
  },
});
