/**
 * DGT213 compose-memory-limit-gomemlimit: a memory limit on a Go service while nothing tells the Go
 * runtime about it (no GOMEMLIMIT in compose or the Dockerfile, no debug.SetMemoryLimit).
 */
import { composeRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { child, scalarOf } from '../model/composeView';
import type { MScalar } from '../model/composeView';
import { addEnvVar, composeScope, relatedMsg, serviceEnv, titled } from './lib/composeKit';
import { gomemlimitFor, humanBytes, memoryBytes } from '../model/composeSpecs';
import { finalImageLocation, mainLocation } from './lib/goService';

const FIX_TITLES: Record<string, string> = {
  set: 'Set GOMEMLIMIT={value}',
};

const RELATED: Record<string, string> = {
  program: 'The Go program that runs in this container.',
  image: 'The image of the service.',
};

export const composeMemoryLimitGomemlimit = composeRule({
  id: 'DGT213',
  name: 'compose-memory-limit-gomemlimit',
  kind: 'compose',
  severity: 'warning',
  title: 'Memory limit on a Go service without GOMEMLIMIT',
  fixTitles: FIX_TITLES,
  relatedMessages: RELATED,
  messages: {
    noLimit:
      'This Go service is limited to {limit}, but nothing sets GOMEMLIMIT (compose environment, Dockerfile ENV or debug.SetMemoryLimit): the garbage collector does not know the limit, lets the heap grow to twice the live data, and the kernel kills the container (`OOMKilled`, exit code 137) instead of the GC working harder. Set GOMEMLIMIT={value} (about 90 % of the limit).',
  },
  docs: {
    what: 'Finds compose services whose image runs a Go program of the workspace and that have a memory limit (`mem_limit` or `deploy.resources.limits.memory`) while GOMEMLIMIT is set nowhere.',
    why:
      'By default the Go garbage collector lets the heap grow to twice the live data (GOGC=100) and knows nothing about cgroup limits. Under a container memory limit a load spike therefore ends with the kernel\'s OOM killer rather than with a few more GC cycles. Since Go 1.19, GOMEMLIMIT gives the runtime a soft limit; set it a little below the container limit to leave room for non-heap memory.',
    errorText: ['OOMKilled', 'exited with code 137', 'Memory cgroup out of memory: Killed process 1 (api)'],
    bad: 'services:\n  api:\n    build: .\n    mem_limit: 512m\n',
    good: 'services:\n  api:\n    build: .\n    mem_limit: 512m\n    environment:\n      GOMEMLIMIT: 460MiB\n',
    exampleLanguage: 'yaml',
    fixes: 'Adds `GOMEMLIMIT` at about 90 % of the limit to the service\'s `environment`, in MiB (or GiB when that is a whole number).',
    notFlagged: [
      'Services whose image does not run a Go main package of the workspace (postgres, redis, ...).',
      'GOMEMLIMIT set in `environment`, an `env_file` or the Dockerfile (ENV), or `debug.SetMemoryLimit` called in the main package.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      const candidates = [scalarOf(child(s.merged, 'deploy', 'resources', 'limits', 'memory')), scalarOf(child(s.merged, 'mem_limit'))];
      const limit = candidates.find((c): c is MScalar => !!c && c.path === ctx.path && memoryBytes(c.value) !== undefined);
      if (!limit) continue;
      const image = scope.image(s.name);
      if (!image?.go) continue;
      if (serviceEnv(ctx.project, scope.view, s.merged).has('GOMEMLIMIT') || image.env.has('GOMEMLIMIT') || image.go.setMemoryLimit) continue;
      const bytes = memoryBytes(limit.value) as number;
      const value = gomemlimitFor(bytes);
      if (!value) continue;
      const related: RelatedInput[] = [];
      const main = mainLocation(ctx.project, image);
      if (main) related.push(relatedMsg(RELATED, 'program', main));
      related.push(relatedMsg(RELATED, 'image', finalImageLocation(image)));
      const fixes: FixInput[] = [];
      const edit = addEnvVar(ctx, s.local, 'GOMEMLIMIT', value);
      if (edit) fixes.push({ ...titled(FIX_TITLES, 'set', { value }), preferred: true, edits: [edit] });
      report({ start: limit.node.range?.[0] ?? limit.start, end: limit.node.range?.[1] ?? limit.end, messageId: 'noLimit', data: { limit: humanBytes(bytes), value }, fixes, related });
    }
  },
});
