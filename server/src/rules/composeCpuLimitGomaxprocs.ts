/**
 * DGT214 compose-cpu-limit-gomaxprocs: a CPU limit on a Go service built by a module whose go.mod
 * `go` line is below 1.25, while nothing sets GOMAXPROCS.
 */
import { composeRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { child, scalarOf } from '../model/composeView';
import type { MScalar } from '../model/composeView';
import { compareGoVersions } from '../parse/gomod';
import { addEnvVar, composeScope, relatedMsg, serviceEnv, titled } from './lib/composeKit';
import { cpuCount } from '../model/composeSpecs';

const FIX_TITLES: Record<string, string> = {
  set: 'Set GOMAXPROCS={value}',
};

const RELATED: Record<string, string> = {
  goLine: "The module's go line: GOMAXPROCS follows the CPU limit only from go 1.25.",
};

export const composeCpuLimitGomaxprocs = composeRule({
  id: 'DGT214',
  name: 'compose-cpu-limit-gomaxprocs',
  kind: 'compose',
  severity: 'info',
  title: 'CPU limit on a Go service that ignores it (go < 1.25)',
  fixTitles: FIX_TITLES,
  relatedMessages: RELATED,
  messages: {
    cpus:
      'This Go service is limited to {cpus} CPU, but its module says `go {go}`: before Go 1.25 (and with a go.mod below 1.25 even on a newer toolchain) GOMAXPROCS is the host\'s CPU count, not the container\'s quota, so the runtime runs more threads than the quota allows and gets throttled (latency spikes). Set GOMAXPROCS={procs}.',
  },
  docs: {
    what: 'Finds compose services running a Go program of the workspace with a CPU limit (`cpus` or `deploy.resources.limits.cpus`) when the module\'s go.mod `go` line is below 1.25 and GOMAXPROCS is not set.',
    why:
      'Go 1.25 made GOMAXPROCS follow the cgroup CPU limit, but only for modules whose go.mod says `go 1.25` or later (the default comes from the go line). Older modules size GOMAXPROCS by the host\'s cores: on a 16-core host a service limited to 1 CPU runs 16 threads, burns its quota early in each period and is throttled for the rest of it.',
    errorText: ['(no error: requests slow down; the container\'s cpu.stat shows a high nr_throttled)'],
    bad: 'services:\n  api:\n    build: .\n    cpus: "1.5"\n',
    good: 'services:\n  api:\n    build: .\n    cpus: "1.5"\n    environment:\n      GOMAXPROCS: "2"\n',
    exampleLanguage: 'yaml',
    fixes: 'Adds `GOMAXPROCS` (the CPU limit rounded up) to the service\'s `environment`.',
    notFlagged: [
      'Modules with `go 1.25` or later.',
      'GOMAXPROCS set in the environment or the Dockerfile, runtime.GOMAXPROCS called in the main package, or go.uber.org/automaxprocs used.',
      'Services whose image does not run a Go main package of the workspace.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      const candidates = [scalarOf(child(s.merged, 'deploy', 'resources', 'limits', 'cpus')), scalarOf(child(s.merged, 'cpus'))];
      const limit = candidates.find((c): c is MScalar => !!c && c.path === ctx.path && cpuCount(c.value) !== undefined);
      if (!limit) continue;
      const image = scope.image(s.name);
      const go = image?.go;
      if (!image || !go?.goVersion || compareGoVersions(go.goVersion.value, '1.25') >= 0) continue;
      if (serviceEnv(ctx.project, scope.view, s.merged).has('GOMAXPROCS') || image.env.has('GOMAXPROCS') || go.gomaxprocs || go.automaxprocs) continue;
      const cpus = cpuCount(limit.value) as number;
      const procs = String(Math.max(1, Math.ceil(cpus)));
      const related: RelatedInput[] = [relatedMsg(RELATED, 'goLine', go.goVersion)];
      const fixes: FixInput[] = [];
      const edit = addEnvVar(ctx, s.local, 'GOMAXPROCS', procs);
      if (edit) fixes.push({ ...titled(FIX_TITLES, 'set', { value: procs }), preferred: true, edits: [edit] });
      report({ start: limit.node.range?.[0] ?? limit.start, end: limit.node.range?.[1] ?? limit.end, messageId: 'cpus', data: { cpus: limit.value ?? '', go: go.goVersion.value, procs }, fixes, related });
    }
  },
});
