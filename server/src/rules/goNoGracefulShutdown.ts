/**
 * DGT305 go-no-graceful-shutdown: a containerized HTTP server main with no signal handling, so
 * `docker stop` (SIGTERM, then SIGKILL after 10 s) drops the requests in flight.
 */
import { GoContext, goRule } from './context';
import type { FixInput } from '../core/types';
import type { ListenFact, ServeStatement } from '../parse/go';
import { addImports, NewImport } from './lib/goImports';
import { BUILT_HERE_MESSAGES, builtHere, containerizedMain } from '../model/goMain';
import type { MainPackage } from '../model/goPackage';

/** HTTP frameworks whose servers this rule knows how to stop. */
const HTTP_FRAMEWORKS = new Set(['net/http', 'gin', 'echo', 'fiber', 'chi']);

/** Imports that bring their own signal handling or graceful restarts. */
const MANAGED = [
  'github.com/cloudwego/hertz',
  'github.com/cloudwego/kitex',
  'github.com/go-kratos/kratos',
  'github.com/zeromicro/go-zero',
  'github.com/kataras/iris',
  'go.uber.org/fx',
  'go-micro.dev',
  'github.com/micro/go-micro',
  'github.com/asim/go-micro',
  'github.com/oklog/run',
  'github.com/fvbock/endless',
  'github.com/facebookgo/grace',
  'github.com/cloudflare/tableflip',
  'github.com/ory/graceful',
  'gopkg.in/tylerb/graceful',
  'knative.dev/pkg',
  'sigs.k8s.io/controller-runtime',
  'github.com/urfave/negroni',
];

const handles = new WeakMap<MainPackage, boolean>();

/** Asked by the analysis of every file of the package: answered once per package value. */
function handlesSignals(pkg: MainPackage): boolean {
  let h = handles.get(pkg);
  if (h === undefined) handles.set(pkg, (h = computeHandlesSignals(pkg)));
  return h;
}

/** Whether the package imports a framework or library that handles signals or graceful restarts itself. */
function managesShutdown(pkg: MainPackage): boolean {
  return pkg.imports.some((i) => /graceful|shutdown/i.test(i.path) || MANAGED.some((m) => i.path === m || i.path.startsWith(m + '/') || i.path.startsWith(m + '.')));
}

function computeHandlesSignals(pkg: MainPackage): boolean {
  if (pkg.signals.length || pkg.shutdowns.length) return true;
  return pkg.imports.some((i) => /signal/i.test(i.path)) || managesShutdown(pkg);
}

/** What a signal.Notify / NotifyContext call may name for Ctrl-C only. */
const INTERRUPT = /^(\w+\.Interrupt|\w+\.SIGINT)$/;

/**
 * The signal.Notify / NotifyContext calls of a package when every one catches only Ctrl-C
 * (os.Interrupt, SIGINT) and nothing else in it speaks of SIGTERM: the program stops gracefully
 * in a terminal, and dies at once on `docker stop`. Empty when SIGTERM is named anywhere, a call
 * catches every signal or one we cannot read, or a framework handles signals.
 */
function interruptOnly(ctx: GoContext, pkg: MainPackage): (MainPackage['signals'][number] & { args: { end: number } })[] {
  if (managesShutdown(pkg)) return [];
  const calls: (MainPackage['signals'][number] & { args: { end: number } })[] = [];
  for (const s of pkg.signals) {
    if (/\.SIGINT$/.test(s.api)) continue; // named in a call below, or compared against
    if (!/\.(Notify|NotifyContext)$/.test(s.api)) return []; // syscall.SIGTERM and the like
    const text = ctx.project.text(s.path)?.slice(s.start, s.end);
    const open = text?.indexOf('(') ?? -1;
    if (!text || open < 0 || !text.endsWith(')')) return [];
    const args = text.slice(open + 1, -1).split(',').map((a) => a.trim()).filter(Boolean);
    const signals = args.slice(1);
    if (!signals.length || !signals.every((a) => INTERRUPT.test(a))) return [];
    calls.push({ ...s, args: { end: s.end - 1 } });
  }
  return calls;
}

const NEW_NAMES = ['srv', 'ctx', 'stop', 'shutdownCtx', 'cancel'];

/** The statements that replace a blocking serve call; undefined when inserting them is not safe. */
function rewrite(ctx: GoContext, serve: ServeStatement): FixInput | undefined {
  const main = ctx.facts.main;
  if (!main) return undefined;
  const names = new Set(main.names);
  if (NEW_NAMES.some((n) => names.has(n))) return undefined;
  const imported = new Map<string, string | undefined>(ctx.facts.imports.map((i) => [i.path, i.name]));
  const need: NewImport[] = [];
  const localName = (p: string, dflt: string): string | undefined => {
    if (imported.has(p)) {
      const n = imported.get(p);
      return n === undefined ? dflt : n === '_' || n === '.' ? undefined : n;
    }
    // Not imported: the default name must be free in this file.
    if (names.has(dflt) || ctx.facts.imports.some((i) => (i.name ?? i.path.split('/').pop()) === dflt)) return undefined;
    need.push({ path: p });
    return dflt;
  };
  const context = localName('context', 'context');
  const errors = localName('errors', 'errors');
  const os = localName('os', 'os');
  const signal = localName('os/signal', 'signal');
  const syscall = localName('syscall', 'syscall');
  const time = localName('time', 'time');
  const http = localName('net/http', 'http');
  const log = serve.kind === 'echo' ? 'log' : localName('log', 'log');
  if (!context || !errors || !os || !signal || !syscall || !time || !http || !log) return undefined;
  const i = serve.indent;
  const nl = ctx.eol;
  let lines: string[];
  if (serve.kind === 'echo') {
    const e = serve.handler as string;
    lines = [
      `${signalSetup(i, context, signal, os, syscall)}`,
      `${i}go func() {`,
      `${i}\tif err := ${e}.Start(${serve.addr}); err != nil && !${errors}.Is(err, ${http}.ErrServerClosed) {`,
      `${i}\t\t${e}.Logger.Fatal(err)`,
      `${i}\t}`,
      `${i}}()`,
      `${i}<-ctx.Done()`,
      `${i}shutdownCtx, cancel := ${context}.WithTimeout(${context}.Background(), 10*${time}.Second)`,
      `${i}defer cancel()`,
      `${i}if err := ${e}.Shutdown(shutdownCtx); err != nil {`,
      `${i}\t${e}.Logger.Error(err)`,
      `${i}}`,
    ];
  } else {
    const fields = [`Addr: ${serve.addr}`, ...(serve.handler ? [`Handler: ${serve.handler}`] : [])].join(', ');
    lines = [
      `srv := &${http}.Server{${fields}}`.replace(/^/, i),
      `${signalSetup(i, context, signal, os, syscall)}`,
      `${i}go func() {`,
      `${i}\tif err := srv.ListenAndServe(); err != nil && !${errors}.Is(err, ${http}.ErrServerClosed) {`,
      `${i}\t\t${log}.Fatal(err)`,
      `${i}\t}`,
      `${i}}()`,
      `${i}<-ctx.Done()`,
      `${i}shutdownCtx, cancel := ${context}.WithTimeout(${context}.Background(), 10*${time}.Second)`,
      `${i}defer cancel()`,
      `${i}if err := srv.Shutdown(shutdownCtx); err != nil {`,
      `${i}\t${log}.Print(err)`,
      `${i}}`,
    ];
  }
  const body = lines.join('\n').replace(/\n/g, nl);
  const importEdits = addImports(ctx.text, ctx.facts, need, ctx.eol);
  if (!importEdits) return undefined;
  return {
    titleId: 'graceful',
    preferred: true,
    edits: [
      ...importEdits.map((e) => ({ ...e, path: ctx.path })),
      { path: ctx.path, start: serve.start - i.length, end: serve.end, newText: body },
    ],
  };
}

function signalSetup(i: string, context: string, signal: string, os: string, syscall: string): string {
  return `${i}ctx, stop := ${signal}.NotifyContext(${context}.Background(), ${os}.Interrupt, ${syscall}.SIGTERM)\n${i}defer stop()`;
}

export const goNoGracefulShutdown = goRule({
  id: 'DGT305',
  name: 'go-no-graceful-shutdown',
  kind: 'go',
  severity: 'info',
  title: 'Containerized HTTP server without graceful shutdown',
  fixTitles: { graceful: 'Stop the server gracefully on SIGTERM (signal.NotifyContext + Shutdown)', addSigterm: 'Catch syscall.SIGTERM as well' },
  messages: {
    noShutdown:
      '{api} serves HTTP, but the program never handles SIGTERM: `docker stop` sends SIGTERM, waits 10 s, then kills the process (`exited with code 137`), and requests in flight are cut off. Catch the signal with signal.NotifyContext and call Shutdown.',
    interruptOnly:
      '{api} catches only os.Interrupt (SIGINT, Ctrl-C): the server stops gracefully in a terminal, but `docker stop` sends SIGTERM, which nothing catches, so the process dies at once and requests in flight are cut off. Catch syscall.SIGTERM too.',
  },
  relatedMessages: { ...BUILT_HERE_MESSAGES },
  docs: {
    what: 'Finds a Go main package, built into an image by the workspace, that serves HTTP (net/http, gin, echo, fiber, chi) and has no signal handling and no Shutdown call; and one whose signal.Notify / NotifyContext calls catch only os.Interrupt (Ctrl-C) while nothing in it names SIGTERM.',
    why:
      '`docker stop`, `docker compose down`, rolling updates and Kubernetes all stop a container with SIGTERM and, after a grace period (10 s by default), SIGKILL. A Go program that does not handle SIGTERM dies at once (or after the grace period if it runs under a shell), dropping open connections and half-done requests; every deploy produces a burst of 502s.',
    errorText: ['exited with code 137', 'upstream prematurely closed connection while reading response header from upstream', 'http: Server closed'],
    bad: 'package main\n\nimport (\n\t"log"\n\t"net/http"\n)\n\nfunc main() {\n\tlog.Fatal(http.ListenAndServe(":8080", nil))\n}\n',
    good:
      'package main\n\nimport (\n\t"context"\n\t"errors"\n\t"log"\n\t"net/http"\n\t"os"\n\t"os/signal"\n\t"syscall"\n\t"time"\n)\n\nfunc main() {\n\tsrv := &http.Server{Addr: ":8080"}\n\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)\n\tdefer stop()\n\tgo func() {\n\t\tif err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {\n\t\t\tlog.Fatal(err)\n\t\t}\n\t}()\n\t<-ctx.Done()\n\tshutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)\n\tdefer cancel()\n\tif err := srv.Shutdown(shutdownCtx); err != nil {\n\t\tlog.Print(err)\n\t}\n}\n',
    exampleLanguage: 'go',
    fixes:
      'When main ends with `log.Fatal(http.ListenAndServe(addr, handler))`, `r.Run(addr)` (gin) or `e.Logger.Fatal(e.Start(addr))` (echo), the code action replaces that statement with the signal.NotifyContext + Shutdown pattern and adds the imports it needs. Otherwise there is no automatic fix; the message describes the pattern. For a signal.Notify / NotifyContext that catches only os.Interrupt, the fix adds `syscall.SIGTERM` to the call (and imports syscall).',
    notFlagged: [
      'Programs that catch SIGTERM: syscall.SIGTERM named anywhere in the main package, a signal.Notify / NotifyContext with no signal list (every signal) or with a signal other than os.Interrupt and SIGINT, and programs that call Shutdown / GracefulStop without signal.Notify.',
      'Frameworks that handle signals themselves (hertz, kitex, kratos, go-zero, iris, fx, go-micro, oklog/run, endless, tableflip, ...), gRPC-only servers, and servers started outside the main package.',
      'Servers started in a goroutine or callback (a pprof or metrics side port): main then does something else, which may handle the signals.',
      'Main packages no Dockerfile of the workspace builds, tests and generated files.',
    ],
  },
  check(ctx, report) {
    const main = containerizedMain(ctx);
    if (!main) return;
    if (handlesSignals(main.pkg)) {
      // Ctrl-C only: graceful in a terminal, killed by `docker stop`.
      const calls = interruptOnly(ctx, main.pkg);
      if (!calls.length || !main.pkg.listens.some((l) => HTTP_FRAMEWORKS.has(l.framework))) return;
      const first = [...calls].sort((a, b) => a.path.localeCompare(b.path) || a.start - b.start)[0];
      if (first.path !== ctx.path) return;
      const syscallName = ctx.facts.imports.find((i) => i.path === 'syscall');
      const name = syscallName ? (syscallName.name ?? 'syscall') : 'syscall';
      const importEdits = name === '_' || name === '.' ? undefined : addImports(ctx.text, ctx.facts, syscallName ? [] : [{ path: 'syscall' }], ctx.eol);
      const callText = ctx.text.slice(first.start, first.end);
      const fixes: FixInput[] = importEdits && !/,\s*\)$/.test(callText)
        ? [{ titleId: 'addSigterm', preferred: true, edits: [...importEdits.map((e) => ({ ...e, path: ctx.path })), { path: ctx.path, start: first.args.end, end: first.args.end, newText: `, ${name}.SIGTERM` }] }]
        : [];
      report({ start: first.start, end: first.end, messageId: 'interruptOnly', data: { api: first.api }, fixes, related: builtHere(main.uses) });
      return;
    }
    // Only servers that block main: a server in a goroutine (a pprof or metrics side port) leaves
    // main to do something else, which may well handle the signals.
    const http = main.pkg.listens.filter((l) => HTTP_FRAMEWORKS.has(l.framework) && !l.async);
    if (!http.length) return;
    // One finding per package: at main's own serve call when it has one, else at the first HTTP listen.
    const mainFile = main.pkg.files.find((f) => f.facts.main);
    const serve = mainFile?.facts.main?.serve;
    let target: ListenFact | undefined;
    if (serve && mainFile) target = http.find((l) => l.path === mainFile.path && l.start >= serve.start && l.end <= serve.end);
    if (!target) target = [...http].sort((a, b) => (a.path ?? '').localeCompare(b.path ?? '') || a.start - b.start)[0];
    if (target.path !== ctx.path) return;
    const fix = serve && mainFile?.path === ctx.path && target.start >= serve.start && target.end <= serve.end ? rewrite(ctx, serve) : undefined;
    report({ start: target.start, end: target.calleeEnd, messageId: 'noShutdown', data: { api: target.api }, fixes: fix ? [fix] : [], related: builtHere(main.uses) });
  },
});
