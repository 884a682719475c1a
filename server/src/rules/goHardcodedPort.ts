/**
 * DGT308 go-hardcoded-port: the server listens on a hard-coded port while the platform it is
 * deployed to tells it the port through $PORT (Cloud Run, App Engine, Heroku, Fly, Render,
 * Railway), or the container sets PORT to a different value.
 */
import * as path from 'node:path';
import { GoContext, goRule } from './context';
import type { Containerization, Project } from '../project/project';
import type { FixInput } from '../core/types';
import { compareGoVersions } from '../parse/gomod';
import type { ListenFact } from '../parse/go';
import { addImports, NewImport } from './lib/goImports';
import { BUILT_HERE_MESSAGES, builtHere, containerizedMain, LOOPBACK_HOST, runtimeSettings } from '../model/goMain';

/** Files whose presence says a platform injects PORT, with an optional content check. */
const PLATFORM_FILES: { name: string; platform: string; content?: RegExp }[] = [
  { name: 'fly.toml', platform: 'Fly.io (fly.toml)' },
  { name: 'Procfile', platform: 'Heroku (Procfile)' },
  { name: 'heroku.yml', platform: 'Heroku (heroku.yml)' },
  { name: 'render.yaml', platform: 'Render (render.yaml)' },
  { name: 'railway.toml', platform: 'Railway (railway.toml)' },
  { name: 'railway.json', platform: 'Railway (railway.json)' },
  { name: 'app.yaml', platform: 'App Engine (app.yaml)', content: /^runtime:/m },
  { name: 'service.yaml', platform: 'Cloud Run (service.yaml)', content: /serving\.knative\.dev/ },
  { name: 'cloudbuild.yaml', platform: 'Cloud Run (cloudbuild.yaml)', content: /\brun\b[\s\S]{0,200}\bdeploy\b/ },
  { name: 'cloudbuild.yml', platform: 'Cloud Run (cloudbuild.yml)', content: /\brun\b[\s\S]{0,200}\bdeploy\b/ },
];

interface PortSource {
  /** Who sets PORT, for the message. */
  who: string;
  /** The PORT value, when the container sets one. */
  value: string | undefined;
  /** A platform file (not only an ENV/environment entry) says PORT is injected. */
  platform: boolean;
}

function platformOf(project: Project, c: Containerization, dir: string): PortSource | undefined {
  const rt = runtimeSettings(project, c);
  const dirs = [...new Set([dir, c.build.context, path.dirname(c.build.dockerfile)])];
  for (const d of dirs) {
    for (const f of PLATFORM_FILES) {
      const p = path.join(d, f.name);
      if (project.exists(p) !== 'file') continue;
      if (f.content && !f.content.test(project.text(p) ?? '')) continue;
      return { who: f.platform, value: rt.env.get('PORT'), platform: true };
    }
  }
  if (rt.env.has('PORT')) {
    const v = rt.env.get('PORT');
    const fromCompose = rt.envFrom.get('PORT') === 'compose' && c.build.service;
    return { who: fromCompose ? `compose service "${c.build.service?.name}"` : 'the Dockerfile', value: v, platform: false };
  }
  return undefined;
}

/** `"H:P"` → `"H:"+cmp.Or(os.Getenv("PORT"), "P")`, when the module's Go has cmp.Or (1.22). */
function envFix(ctx: GoContext, site: ListenFact): FixInput | undefined {
  const pl = site.portLit;
  if (!pl || site.source !== 'literal' || pl.lit.quote !== '"' || pl.lit.inexact) return undefined;
  const modPath = ctx.project.nearestGoMod(path.dirname(ctx.path));
  const goVersion = modPath ? ctx.project.goMod(modPath)?.go?.value : undefined;
  if (!goVersion || compareGoVersions(goVersion, '1.22') < 0) return undefined;
  const names = new Set(ctx.facts.main?.names ?? []);
  const imported = new Map(ctx.facts.imports.map((i) => [i.path, i.name]));
  const need: NewImport[] = [];
  const local = (p: string): string | undefined => {
    if (imported.has(p)) {
      const n = imported.get(p);
      return n === undefined ? p : n === '_' || n === '.' ? undefined : n;
    }
    if (names.has(p) || ctx.facts.imports.some((i) => (i.name ?? i.path.split('/').pop()) === p)) return undefined;
    need.push({ path: p });
    return p;
  };
  const cmp = local('cmp');
  const os = local('os');
  if (!cmp || !os) return undefined;
  const value = pl.lit.value;
  const head = value.slice(0, pl.from);
  const port = value.slice(pl.from, pl.to);
  if (value.slice(pl.to) !== '') return undefined;
  const imports = addImports(ctx.text, ctx.facts, need, ctx.eol);
  if (!imports) return undefined;
  const expr = `${JSON.stringify(head)}+${cmp}.Or(${os}.Getenv("PORT"), "${port}")`;
  return {
    titleId: 'readPort',
    titleData: { port, expr },
    preferred: true,
    edits: [
      ...imports.map((e) => ({ ...e, path: ctx.path })),
      { path: ctx.path, start: pl.lit.start, end: pl.lit.end, newText: `${JSON.stringify(head)}+${cmp}.Or(${os}.Getenv("PORT"), "${port}")` },
    ],
  };
}

export const goHardcodedPort = goRule({
  id: 'DGT308',
  name: 'go-hardcoded-port',
  kind: 'go',
  severity: 'info',
  title: 'Hard-coded listen port while the platform sets PORT',
  fixTitles: { readPort: 'Listen on $PORT, else {port}: {expr}' },
  messages: {
    platform:
      '{api} listens on the hard-coded port {port}, but {who} gives the container its port in $PORT: when the two differ, the platform\'s health check finds nothing listening (Cloud Run: `The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable`). Read $PORT and fall back to {port}.',
    mismatch:
      '{api} listens on the hard-coded port {port}, but {who} sets PORT={value}: whatever routes to port {value} finds nothing listening (`connection refused`). Read $PORT and fall back to {port}.',
  },
  relatedMessages: { ...BUILT_HERE_MESSAGES },
  docs: {
    what: 'Finds a listen address with a hard-coded port (no environment variable or flag involved) in a containerized Go main package that never reads $PORT, when the container or its platform sets PORT: a platform file next to the code or the Dockerfile (fly.toml, Procfile, heroku.yml, render.yaml, railway.toml/json, App Engine app.yaml, a Cloud Run service.yaml or cloudbuild.yaml), or a PORT in the Dockerfile or compose service that differs from the hard-coded one.',
    why:
      'Cloud Run, App Engine, Heroku, Fly, Render and Railway route traffic to the port they put in $PORT and check that the container listens there. A server that ignores PORT works while the numbers happen to match and fails the deploy as soon as the platform or a colleague changes them.',
    errorText: [
      'The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable.',
      'Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch',
    ],
    bad: 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    good: 'package main\n\nimport (\n\t"cmp"\n\t"net/http"\n\t"os"\n)\n\nfunc main() {\n\thttp.ListenAndServe(":"+cmp.Or(os.Getenv("PORT"), "8080"), nil)\n}\n',
    exampleLanguage: 'go',
    fixes: 'When the address is a literal in the call and the module uses Go 1.22 or later, rewrites `":8080"` as `":"+cmp.Or(os.Getenv("PORT"), "8080")` and adds the imports.',
    notFlagged: [
      'Programs that read PORT anywhere in the main package, ports that come from a flag or another environment variable, gin `Run()` without an address (it reads PORT itself), and loopback addresses (DGT301 reports those).',
      'A PORT in the Dockerfile or compose file equal to the hard-coded port, when no platform file is present.',
      'Main packages no Dockerfile of the workspace builds, tests and generated files.',
    ],
  },
  check(ctx, report) {
    const main = containerizedMain(ctx);
    if (!main || main.pkg.envReads.has('PORT')) return;
    let src: PortSource | undefined;
    for (const c of main.uses) if ((src = platformOf(ctx.project, c, main.dir))) break;
    if (!src) return;
    const seen = new Set<number>();
    for (const site of main.pkg.listens) {
      const pl = site.portLit;
      if (!pl || pl.path !== ctx.path || site.port === undefined || site.port === 0 || site.env.length || site.flags.length || seen.has(pl.lit.start)) continue;
      if (site.host === undefined || LOOPBACK_HOST.test(site.host)) continue;
      if (pl.env.length || pl.flags.length) continue;
      const isPlatform = src.platform;
      if (!isPlatform && (src.value === undefined || src.value === String(site.port))) continue;
      seen.add(pl.lit.start);
      const fix = envFix(ctx, site);
      // Point at the port digits when the literal's source text is its value; else at the literal.
      const exact = ctx.text.slice(pl.lit.start + 1, pl.lit.end - 1) === pl.lit.value;
      const start = exact ? pl.lit.start + 1 + pl.from : pl.lit.start;
      report({
        start,
        end: exact ? start + (pl.to - pl.from) : pl.lit.end,
        messageId: isPlatform ? 'platform' : 'mismatch',
        data: { api: site.api, port: site.port, who: src.who, value: src.value ?? '' },
        fixes: fix ? [fix] : [],
        related: builtHere(main.uses),
      });
    }
  },
});
