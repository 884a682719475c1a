/**
 * The language server: a thin shell over the engine. It keeps the project model in step with open
 * documents and file events, publishes diagnostics (re-checking the files that depend on a changed
 * one), and answers code actions from the fixes that travel in Diagnostic.data.
 *
 * Besides LSP it answers three requests of its own (any client may send them):
 * - `dockerGoTraps/scanWorkspace`: checks every relevant file of the workspace folders, open or not,
 *   and keeps the diagnostics of the files that are not open up to date from then on;
 * - `dockerGoTraps/debugInContainer`: proposes Dockerfile.debug, a compose overlay and a launch.json
 *   attach configuration to debug a containerized Go program with Delve (generate/debugContainer.ts);
 * - `dockerGoTraps/generateDockerfile`: proposes a Dockerfile, .dockerignore and compose.yaml for a
 *   Go module (the client decides what to write);
 * - `dockerGoTraps/containerMap`: every container of the workspace (compose services and the images
 *   of Dockerfiles no compose file builds) as model/containerView.ts sees it, with the findings last
 *   published in its files; `dockerGoTraps/containerMapChanged` (a notification) says when to ask again.
 *
 * Hovers show the container behind a service key, the FROM of a stage that becomes an image, or a Go
 * listen call, after the docs of a finding there; definition and references follow services and
 * stages across files (model/navigation.ts).
 */
import type { CancellationToken, Connection, TextDocuments, CodeAction, InitializeParams, Diagnostic, TextEdit, Hover, Location, LocationLink } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { DiskHost, Project } from '../project/project';
import { Boundary, BoundedHost } from '../project/boundary';
import { analyzeFile, ruleMeta, RuleBreaker, RULE_BUDGET_MS, AnalysisGuard, FILE_STEPS } from '../engine/analyze';
import { hangLimitFromEnv, hangRecordFile, readHangRecords, removeOldHangRecords, startHangGuard } from '../hangGuard';
import { initGoParser } from '../parse/go';
import { LineIndex } from '../core/text';
import { fileKind } from '../project/files';
import { collectEdits, preferredFix } from '../engine/fix';
import type { FileKind, SeveritySetting } from '../core/types';
import { docsUrl } from '../core/types';
import { renderRuleDoc } from '../docs';
import { toDiagnostic, fixEdit, UriMap, DiagnosticData, SOURCE } from './convert';
import type { Finding, HostMode } from '../core/types';
import { docLabels, localizeRule, resolveLocale, ui, Locale } from '../l10n';
import { resolveHostMode } from '../project/hostMode';
import { FIX_ALL_KIND } from './names';
import type { Protocol } from './protocol';
import { generateForModule, moduleDirFor } from '../generate/goDockerfile';
import { generateDebug } from '../generate/debugContainer';
import type { LaunchConfiguration } from '../generate/launchJson';
import { RULE_SET } from '../rules/registry';
import { validRuleSettings } from '../project/config';
import { containersAt, workspaceContainers, type Place } from '../model/containerView';
import { definitionAt, referencesAt } from '../model/navigation';
import { containersMarkdown, mapEntry, type ContainerMap, type PresentContext } from './containerPresent';
import { own } from '../core/table';

export const SCAN_REQUEST = 'dockerGoTraps/scanWorkspace';
export const GENERATE_REQUEST = 'dockerGoTraps/generateDockerfile';
export const CONTAINER_MAP_REQUEST = 'dockerGoTraps/containerMap';
export const CONTAINER_MAP_CHANGED = 'dockerGoTraps/containerMapChanged';
export const DEBUG_REQUEST = 'dockerGoTraps/debugInContainer';

export interface ScanResult {
  /** Files checked. */
  files: number;
  /** Findings published, over all of them. */
  findings: number;
  /** Findings per file URI (files without findings are left out). */
  byFile: Record<string, number>;
  message: string;
}

export interface GenerateParams {
  /** A file or folder inside the module (or above it, when it holds exactly one module). */
  uri: string;
  /** URI of the main package folder to build, when the module has several. */
  main?: string;
  /** Also propose compose.yaml. */
  compose?: boolean;
}

export type GenerateResponse =
  | { status: 'error'; message: string }
  | { status: 'chooseModule'; modules: string[] }
  | { status: 'chooseMain'; moduleUri: string; mains: { uri: string; rel: string; listens: boolean }[] }
  | { status: 'ok'; moduleUri: string; mainUri: string; files: { uri: string; name: string; text: string; exists: boolean }[]; notes: string[] };

export interface DebugParams {
  /** A compose file, Dockerfile, Go file or folder of the program to debug. */
  uri: string;
  /** The compose service, when the file has several (the `service` of a `chooseService` answer). */
  service?: string;
  /** The workspace folder: `.vscode/launch.json` goes there, and its paths are relative to it. */
  workspaceFolder?: string;
}

export type DebugResponse =
  | { status: 'error'; message: string }
  | { status: 'chooseService'; targets: { service: string | undefined; composeUri: string | undefined; dockerfileUri: string }[] }
  | { status: 'ok'; files: { uri: string; name: string; text: string; exists: boolean }[]; notes: string[]; launch: LaunchConfiguration; up: string; port: number };

interface Settings {
  enable: boolean;
  rules: Record<string, SeveritySetting>;
  hostMode: HostMode;
}

const defaultSettings = (): Settings => ({ enable: true, rules: {}, hostMode: resolveHostMode('auto') });

const ANALYSED_KINDS = new Set<FileKind>(['dockerfile', 'compose', 'go']);

const LANGUAGE_KINDS: Record<string, FileKind> = { dockerfile: 'dockerfile', dockercompose: 'compose', go: 'go' };

/**
 * Serves on a connection that has already answered `initialize` (main.ts does, from
 * capabilities.ts) and received `initialized`; `params` are those of `initialize`. `documents`
 * already listens on the connection; `lsp` holds vscode-languageserver's run-time values.
 */
export function startServer(connection: Connection, params: InitializeParams, documents: TextDocuments<TextDocument>, lsp: Protocol): void {
  const { CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, LSPErrorCodes, MarkupKind, ResponseError, WatchKind } = lsp;
  /**
   * The answer to a request the client cancelled while it waited (a hover or code action the
   * cursor has left, a scan given up): the work is dropped. A request cancelled before it was
   * dispatched is answered by the connection itself (main.ts).
   */
  const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
  /** The local path of a workspace folder's URI; undefined for other schemes and URIs that name no local path. */
  const folderPath = (uri: string): string | undefined => {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  };
  const folderPaths = () => folders.map(folderPath).filter((p): p is string => p !== undefined);
  const uris = new UriMap();
  const settingsCache = new Map<string, Promise<Settings>>();
  const pending = new Map<string, number>();
  // What `initialize` told (main.ts answered it before it loaded this module).
  const hasConfiguration = !!params.capabilities.workspace?.configuration;
  const canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  // Fixes that create a file (a .dockerignore) need `documentChanges` with create operations.
  const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
  const canCreateFiles = !!workspaceEdit?.documentChanges && !!workspaceEdit.resourceOperations?.includes('create');
  const showsMap = (params.initializationOptions as { containerMap?: unknown } | null | undefined)?.containerMap === true;
  const definitionLinks = !!params.capabilities.textDocument?.definition?.linkSupport;
  const locale: Locale = resolveLocale(params.locale);
  let folders: string[] = (params.workspaceFolders ?? []).map((f) => f.uri).concat(params.workspaceFolders ? [] : params.rootUri ? [params.rootUri] : []);
  /**
   * Only the workspace folders (and the git checkouts that hold them) are read, and fixes offered
   * in one click write only inside the folders (engine/boundary.ts). Without a folder (a file opened
   * on its own) nothing is restricted.
   */
  const boundaryOf = (): Boundary | undefined => {
    const paths = folderPaths();
    return paths.length ? new Boundary(paths) : undefined;
  };
  const initialBoundary = boundaryOf();
  const boundedHost = initialBoundary ? new BoundedHost(new DiskHost(), initialBoundary) : undefined;
  const project = new Project(boundedHost ?? new DiskHost());
  project.boundary = initialBoundary;
  let flushScheduled = false;
  /** A document was queued since the last look (see schedule()). */
  let changedThisTurn = false;
  let generation = 0;
  /** Files that are not open but whose diagnostics are published (after a workspace scan). */
  const scanned = new Set<string>();
  let scanActive = false;
  const DEFAULT_SETTINGS = defaultSettings();

  project.log = (m) => connection.console.warn(m);


  /** Scans workspace folders for relevant files; a folder that cannot be read is logged and skipped. */
  function scanFolders(uris_: string[]): void {
    for (const uri of uris_) {
      const p = folderPath(uri);
      if (p === undefined) continue;
      try {
        project.scan(p);
      } catch (e) {
        connection.console.error(`docker-go-traps: could not scan ${uri}: ${e}`);
      }
    }
  }

  const kindOf = (doc: TextDocument): FileKind | undefined => fileKind(uris.toPath(doc.uri)) ?? own(LANGUAGE_KINDS, doc.languageId);

  const ready = initGoParser().then(() => scanFolders(folders));

  function settingsFor(uri: string): Promise<Settings> {
    if (!hasConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'dockerGoTraps' })
        .then((c: (Partial<Omit<Settings, 'hostMode'>> & { hostMode?: unknown }) | null) => ({
          enable: c?.enable !== false,
          rules: validRuleSettings(c?.rules, (key, value) =>
            connection.console.warn(`docker-go-traps: dockerGoTraps.rules: ${JSON.stringify(key)} has no valid severity (${JSON.stringify(value)}); the rule keeps its default. Use error, warning, info, hint or off.`),
          ),
          hostMode: resolveHostMode(c?.hostMode),
        }))
        .catch(() => DEFAULT_SETTINGS);
      settingsCache.set(uri, s);
    }
    return s;
  }

  /**
   * The findings last published for each open document, by version: hover and "fix all" use them
   * instead of analysing again. Dropped whenever the document is queued for analysis (an edit, a
   * change in a file it depends on, new settings).
   */
  const published = new Map<string, { version: number; findings: Finding[] }>();

  function findingsFor(doc: TextDocument, settings: Settings): Finding[] {
    const hit = published.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.findings;
    return analyze(uris.toPath(doc.uri), settings, kindOf(doc));
  }

  /**
   * What was last sent for each URI. An analysis that gives the same diagnostics for the same version
   * again (a file it depends on changed, but not its findings) sends nothing: replacing the markers
   * with identical ones makes the editor close a quick-fix menu the user just opened.
   */
  const lastSent = new Map<string, { version: number | undefined; diagnostics: Diagnostic[] }>();

  /** The diagnostics last published per URI: the container map counts them. */
  const shown = new Map<string, Diagnostic[]>();

  function publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    // Compared as JSON only when the version is the one last sent: an edit always publishes.
    const last = lastSent.get(uri);
    if (last && last.version === version && JSON.stringify(last.diagnostics) === JSON.stringify(diagnostics)) return;
    lastSent.set(uri, { version, diagnostics });
    if (diagnostics.length) shown.set(uri, diagnostics);
    else shown.delete(uri);
    void connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /**
   * Tells the client that what the container map shows may have changed (files were analysed, or
   * changed on disk): it asks again when the map is on screen. Only a client that said it shows the
   * map (`initializationOptions: { containerMap: true }`, as the VS Code client does) is told: other
   * editors would get a notification after every analysis that they do not know.
   */
  function notifyMapChanged(): void {
    if (showsMap) void connection.sendNotification(CONTAINER_MAP_CHANGED, {});
  }

  /**
   * Queues a document for analysis. The queued documents are analysed together once a turn of the
   * event loop has passed without a new change: vscode-jsonrpc hands over one message per turn, so
   * edits that arrived together (typed while the server was busy) are all applied first, and only the
   * newest version is analysed — the older ones would be stale before they were published.
   */
  function schedule(uri: string): void {
    published.delete(uri);
    pending.set(uri, generation);
    changedThisTurn = true;
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(settle);
  }

  function settle(): void {
    if (changedThisTurn) {
      changedThisTurn = false;
      setImmediate(settle);
      return;
    }
    flushScheduled = false;
    void flush();
  }

  async function flush(): Promise<void> {
    await ready;
    const uris_ = [...pending.keys()];
    pending.clear();
    for (const uri of uris_) {
      const doc = documents.get(uri);
      try {
        if (doc) await validate(doc);
        else if (scanned.has(uris.toPath(uri))) await validateOnDisk(uris.toPath(uri));
      } catch (e) {
        connection.console.error(`docker-go-traps: analysis of ${uri} failed: ${(e as Error).stack ?? e}`);
      }
    }
    if (uris_.length) notifyMapChanged();
  }

  /**
   * Rules that went over their time budget on a file twice in a row stop running there (a DGT001
   * finding says so) until the file is closed or the settings change. The budget can be set with
   * DOCKER_GO_TRAPS_RULE_BUDGET_MS (in ms), e.g. to see whether a slow machine is the cause.
   */
  const breaker = new RuleBreaker();
  const budgetMs = ruleBudgetFromEnv(process.env.DOCKER_GO_TRAPS_RULE_BUDGET_MS);

  /**
   * A rule that never returns: the watch (hangGuard.ts) stops this process and leaves a record; the
   * client starts a new server, which reads the record here and does not run that rule on that file.
   */
  const hangLimitMs = hangLimitFromEnv(process.env.DOCKER_GO_TRAPS_HANG_MS);
  const hangFile = hangRecordFile(params.processId, folders);
  removeOldHangRecords(hangFile);
  for (const r of readHangRecords(hangFile)) {
    const when = `(an earlier server, ${r.at ?? 'time unknown'})`;
    if (FILE_STEPS.includes(r.step)) {
      // Not a rule: the file is left out, so that the new server does not walk into the same step.
      breaker.hungFile(r.path, r.step, r.limitMs);
      connection.console.warn(`docker-go-traps: ${r.step} did not finish on ${r.path} within ${r.limitMs} ms ${when}; that file is not analysed until the window is reloaded`);
      if (r.step === 'model') {
        project.modelOff = true;
        connection.console.warn('docker-go-traps: the project model is not built until the window is reloaded; findings that need it (which compose service builds which Dockerfile, which main package an image holds) are not shown');
      }
    } else if (RULE_SET.steps.includes(r.step)) {
      breaker.hung(r.path, r.step, r.limitMs);
      connection.console.warn(`docker-go-traps: ${r.step} did not finish on ${r.path} within ${r.limitMs} ms ${when}; it does not run on that file until the window is reloaded`);
    } else {
      connection.console.warn(`docker-go-traps: the earlier server stopped: ${r.step} did not finish on ${r.path} within ${r.limitMs} ms (${r.at ?? 'time unknown'})`);
    }
  }
  // Started when the Go parser and the folder scan are done, just before the first analysis (every
  // analysis waits for `ready`): started with the engine, its own start-up on the second core delays
  // the first diagnostics several times more than started here (docs/benchmarks.md).
  let guard: AnalysisGuard | undefined;
  ready.then(
    () => {
      guard = startHangGuard({
        limitMs: hangLimitMs,
        steps: RULE_SET.steps,
        recordFile: hangFile,
        then: 'stopping the language server (the editor starts it again, and a rule that did not finish is left out on that file).',
        log: (m) => connection.console.warn(m),
      });
    },
    () => undefined, // no parser, no analyses: nothing to watch (flush() reports the failure)
  );

  /** The engine with the settings of the file's folder, in the client's language. */
  function analyze(p: string, settings: Settings, kind: FileKind | undefined): Finding[] {
    return analyzeFile(RULE_SET, project, p, { settings: { rules: settings.rules }, kind, hostMode: settings.hostMode, locale, breaker, budgetMs, guard });
  }

  const indexOf = (other: string) => {
    const t = project.text(other);
    return t === undefined ? undefined : LineIndex.of(t);
  };

  /** Publishes the diagnostics of a file that is not open, from its text on disk. Returns their number. */
  async function validateOnDisk(p: string): Promise<number> {
    const uri = uris.toUri(p);
    if (documents.get(uri)) return 0;
    const settings = await settingsFor(uri);
    const text = project.text(p);
    if (!settings.enable || text === undefined) {
      publish(uri, undefined, []);
      return 0;
    }
    const index = LineIndex.of(text);
    const diagnostics = analyze(p, settings, undefined).map((f) => toDiagnostic(f, index, indexOf, uris, undefined));
    publish(uri, undefined, diagnostics);
    return diagnostics.length;
  }

  async function validate(doc: TextDocument): Promise<number> {
    const settings = await settingsFor(doc.uri);
    const current = documents.get(doc.uri);
    if (!current || current.version !== doc.version) return 0; // a newer version is queued
    if (!settings.enable) {
      publish(doc.uri, doc.version, []);
      return 0;
    }
    const p = uris.toPath(doc.uri);
    const kind = kindOf(doc);
    if (!kind) return 0;
    const findings = analyze(p, settings, kind);
    published.set(doc.uri, { version: doc.version, findings });
    const text = doc.getText();
    const index = LineIndex.of(text);
    const diagnostics = findings.map((f) => toDiagnostic(f, index, indexOf, uris, doc.version));
    publish(doc.uri, doc.version, diagnostics);
    return diagnostics.length;
  }

  function revalidateDependents(p: string, all: boolean): void {
    const deps = new Set(project.dependents(p));
    for (const doc of documents.all()) {
      const dp = uris.toPath(doc.uri);
      if (dp !== p && (all || deps.has(dp))) schedule(doc.uri);
    }
    for (const sp of scanned) if (sp !== p && (all || deps.has(sp))) schedule(uris.toUri(sp));
  }

  /** Checks every relevant file of the workspace folders and publishes the results. */
  async function scanWorkspace(token?: CancellationToken): Promise<ScanResult> {
    await ready;
    scanActive = true;
    scanFolders(folders);
    const targets = [...project.files].filter((f) => ANALYSED_KINDS.has(fileKind(f) as FileKind) && !f.startsWith(path.sep + '\0')).sort();
    const byFile: Record<string, number> = {};
    let findings = 0;
    for (let i = 0; i < targets.length; i++) {
      // Stay responsive to edits while a large workspace is checked.
      if (i % 25 === 24) {
        await new Promise((r) => setImmediate(r));
        if (token?.isCancellationRequested) throw cancelled();
      }
      const p = targets[i];
      const uri = uris.toUri(p);
      const doc = documents.get(uri);
      let n = 0;
      try {
        if (doc) n = await validate(doc);
        else {
          scanned.add(p);
          n = await validateOnDisk(p);
        }
      } catch (e) {
        connection.console.error(`docker-go-traps: analysis of ${p} failed: ${(e as Error).stack ?? e}`);
      }
      if (n) byFile[uri] = n;
      findings += n;
    }
    return { files: targets.length, findings, byFile, message: ui('scanDone', locale, { files: targets.length, findings }) };
  }

  connection.onRequest(SCAN_REQUEST, (_params: unknown, token: CancellationToken) => scanWorkspace(token));

  connection.onRequest(GENERATE_REQUEST, async (params: GenerateParams): Promise<GenerateResponse> => {
    await ready;
    if (!params?.uri?.startsWith('file:')) return { status: 'error', message: ui('genNoModule', locale, { folder: String(params?.uri) }) };
    const start = uris.toPath(params.uri);
    let moduleDir = moduleDirFor(project, start);
    if (!moduleDir && project.exists(start) === 'dir') {
      // A folder above the module(s): the modules found below it.
      const below = [...project.files]
        .filter((f) => path.basename(f) === 'go.mod' && f.startsWith(start + path.sep))
        .map((f) => path.dirname(f))
        .sort();
      if (below.length > 1) return { status: 'chooseModule', modules: below.map((d) => uris.toUri(d)) };
      moduleDir = below[0];
    }
    if (!moduleDir) return { status: 'error', message: ui('genNoModule', locale, { folder: start }) };
    const r = generateForModule(project, moduleDir, { main: params.main ? uris.toPath(params.main) : undefined, compose: !!params.compose, locale });
    if (r.status === 'error') return r;
    if (r.status === 'chooseMain') {
      return { status: 'chooseMain', moduleUri: uris.toUri(r.moduleDir), mains: r.mains.map((m) => ({ uri: uris.toUri(m.dir), rel: m.rel, listens: m.listens })) };
    }
    return {
      status: 'ok',
      moduleUri: uris.toUri(r.moduleDir),
      mainUri: uris.toUri(r.main),
      files: r.files.map((f) => ({ uri: uris.toUri(f.path), name: path.basename(f.path), text: f.text, exists: f.exists })),
      notes: r.notes,
    };
  });

  connection.onRequest(DEBUG_REQUEST, async (params: DebugParams): Promise<DebugResponse> => {
    await ready;
    if (!params?.uri?.startsWith('file:')) return { status: 'error', message: ui('dbgNothing', locale, { path: String(params?.uri) }) };
    const start = uris.toPath(params.uri);
    // The disk as it is now: files written a moment ago (by another command, a terminal) may not
    // have reached the cache that file events keep.
    const dir = project.host.stat(start) === 'dir' ? start : path.dirname(start);
    project.changed(dir);
    project.scan(dir);
    const folder = params.workspaceFolder?.startsWith('file:') ? uris.toPath(params.workspaceFolder) : folderPaths().find((f) => start === f || start.startsWith(f + path.sep));
    const r = generateDebug(project, start, { service: params.service, workspaceFolder: folder, locale });
    if (r.status === 'error') return r;
    if (r.status === 'chooseService') {
      return { status: 'chooseService', targets: r.targets.map((t) => ({ service: t.service, composeUri: t.composePath ? uris.toUri(t.composePath) : undefined, dockerfileUri: uris.toUri(t.dockerfile) })) };
    }
    return {
      status: 'ok',
      files: r.files.map((f) => ({ uri: uris.toUri(f.path), name: folder ? path.relative(folder, f.path).split(path.sep).join('/') : path.basename(f.path), text: f.text, exists: f.exists })),
      notes: r.notes,
      launch: r.launch,
      up: r.up,
      port: r.port,
    };
  });

  documents.onDidOpen((e) => {
    const p = uris.toPath(e.document.uri);
    project.setOverlay(p, e.document.getText());
    schedule(e.document.uri);
    revalidateDependents(p, fileKind(p) === 'dockerfile' || fileKind(p) === 'compose');
  });

  documents.onDidChangeContent((e) => {
    const p = uris.toPath(e.document.uri);
    project.setOverlay(p, e.document.getText());
    schedule(e.document.uri);
    revalidateDependents(p, false);
  });

  documents.onDidClose((e) => {
    published.delete(e.document.uri);
    const p = uris.toPath(e.document.uri);
    breaker.reset(p);
    project.removeOverlay(p);
    project.forget(p);
    if (!p.startsWith(path.sep + '\0')) revalidateDependents(p, false);
    // A file the workspace scan covers keeps its diagnostics, now from the text on disk.
    if (scanned.has(p) || (scanActive && ANALYSED_KINDS.has(fileKind(p) as FileKind) && project.exists(p) === 'file')) {
      scanned.add(p);
      schedule(e.document.uri);
    } else publish(e.document.uri, undefined, []);
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      if (!change.uri.startsWith('file:')) continue;
      const p = uris.toPath(change.uri);
      if (documents.get(change.uri)) continue; // the editor's text wins while open
      // A Dockerfile, compose file, go.mod or Go file that appears or goes (or a folder with such
      // files) can change which builds exist: every open file is re-checked. Any other path that
      // appears or goes (a COPY source, a build output) re-checks only the files that looked at it.
      let structural = change.type !== FileChangeType.Changed && fileKind(p) !== undefined;
      if (change.type === FileChangeType.Deleted) {
        const below = p + path.sep;
        if (!structural) for (const f of project.files) if (f.startsWith(below)) structural = true;
        project.deleted(p);
        // A deleted folder (when a client reports those) takes its scanned files with it.
        for (const sp of [...scanned]) {
          if (sp !== p && !sp.startsWith(p + path.sep)) continue;
          scanned.delete(sp);
          if (sp !== p) project.deleted(sp);
          publish(uris.toUri(sp), undefined, []);
        }
      } else {
        if (fileKind(p)) project.files.add(p);
        project.changed(p, true, change.type === FileChangeType.Changed);
        if (change.type === FileChangeType.Created && !fileKind(p) && project.exists(p) === 'dir') {
          // A folder that arrives whole (moved, checked out): find the relevant files in it.
          const found = project.scan(p);
          if (found.length) structural = true;
          for (const f of found) {
            if (!scanActive || !ANALYSED_KINDS.has(fileKind(f) as FileKind)) continue;
            scanned.add(f);
            schedule(uris.toUri(f));
          }
        }
        if (scanActive && ANALYSED_KINDS.has(fileKind(p) as FileKind)) {
          scanned.add(p);
          schedule(uris.toUri(p));
        }
      }
      revalidateDependents(p, structural);
    }
    notifyMapChanged();
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    breaker.reset();
    generation++;
    for (const doc of documents.all()) schedule(doc.uri);
    for (const p of scanned) schedule(uris.toUri(p));
  });

  connection.onCodeAction(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const actions: CodeAction[] = [];
    const only = params.context.only;
    const wantsFixAll = !!only?.some((k) => FIX_ALL_KIND.startsWith(k) || k === FIX_ALL_KIND);
    const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
    if (wantsQuickFix) {
      for (const d of params.context.diagnostics) {
        if (d.source !== SOURCE) continue;
        const data = d.data as DiagnosticData | undefined;
        if (!data) continue;
        const rule = ruleMeta(RULE_SET, data.ruleId);
        // Edits computed for an older version of the document would land in the wrong place.
        if (data.version === undefined || data.version === doc.version) {
          for (const fix of data.fixes) {
            // A fix that would change a file outside the workspace folders (other than an open document) is not offered.
            if (project.boundary && Object.keys(fix.changes).some((u) => !documents.get(u) && !project.boundary?.mayWrite(uris.toPath(u)))) continue;
            const edit = fixEdit(fix, canCreateFiles);
            if (edit) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.preferred, edit });
          }
          // What the engine reports about its own analysis (DGT000, DGT001) cannot be suppressed.
          if (!rule?.engine) actions.push(...ignoreActions(doc, d, data, locale, CodeActionKind.QuickFix));
        }
        if (rule) {
          actions.push({
            title: ui('showDocs', locale, { rule: rule.id, name: rule.name }),
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            command: { title: 'Show documentation', command: 'vscode.open', arguments: [docsUrl(rule)] },
          });
        }
      }
    }
    if (wantsFixAll) {
      await ready;
      const settings = await settingsFor(doc.uri);
      if (token.isCancellationRequested) throw cancelled();
      if (!settings.enable) return actions;
      const p = uris.toPath(doc.uri);
      const fixes = findingsFor(doc, settings)
        .map(preferredFix)
        .filter((f): f is NonNullable<typeof f> => !!f && f.edits.every((e) => e.path === p));
      const edits = collectEdits(fixes).get(p) ?? [];
      if (edits.length) {
        const index = LineIndex.of(doc.getText());
        actions.push({
          title: ui('fixAll', locale),
          kind: FIX_ALL_KIND,
          edit: { changes: { [doc.uri]: edits.map((e) => ({ range: index.rangeOf(e.start, e.end), newText: e.newText })) } },
        });
      }
    }
    return actions;
  });

  // ---- the container model, shown ---------------------------------------------------------------

  /** The LSP form of model places and what the user calls the files, with line indexes read once per request. */
  function presentContext(): PresentContext {
    const indexes = new Map<string, LineIndex | undefined>();
    const index = (p: string) => {
      if (!indexes.has(p)) indexes.set(p, indexOf(p));
      return indexes.get(p);
    };
    const location = (place: Place): Location | undefined => {
      const idx = index(place.path);
      return idx ? { uri: uris.toUri(place.path), range: idx.rangeOf(place.start, place.end) } : undefined;
    };
    const name = (p: string): string => {
      for (const f of folderPaths()) {
        const rel = path.relative(f, p);
        if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
      }
      return p.startsWith(path.sep + '\0') ? path.basename(p) : p;
    };
    const findings = (scope: { path: string; start?: number; end?: number }): number => {
      const ds = shown.get(uris.toUri(scope.path));
      if (!ds) return 0;
      if (scope.start === undefined) return ds.length;
      const idx = index(scope.path);
      if (!idx) return 0;
      const r = idx.rangeOf(scope.start, scope.end ?? scope.start);
      const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
      return ds.filter((d) => before(r.start, d.range.start) && before(d.range.start, r.end)).length;
    };
    return { locale, location, name, findings };
  }

  /** Runs a question to the model; an exception costs the answer, not the server. */
  function guarded<T>(what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      connection.console.error(`docker-go-traps: ${what} failed: ${(e as Error)?.stack ?? e}`);
      return undefined;
    }
  }

  connection.onHover(async (params, token) => {
    await ready;
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const settings = await settingsFor(doc.uri);
    if (token.isCancellationRequested) throw cancelled();
    if (!settings.enable) return null;
    const index = LineIndex.of(doc.getText());
    const at = index.offsetAt(params.position);
    const sections: string[] = [];
    let range: Hover['range'];
    // The docs of our rule under the cursor, from the findings last published, come first.
    const hit = findingsFor(doc, settings).find((f) => f.start <= at && at <= f.end);
    const rule = hit && ruleMeta(RULE_SET, hit.ruleId);
    if (hit && rule) {
      sections.push(renderRuleDoc(localizeRule(rule, locale), { heading: 3, labels: docLabels(locale) }));
      range = index.rangeOf(hit.start, hit.end);
    }
    // Then the container behind a service key, a final FROM or a listen call.
    const p = uris.toPath(doc.uri);
    const found = guarded('the container hover', () => {
      const c = containersAt(project, p, kindOf(doc), at);
      return c && { origin: c.origin, markdown: containersMarkdown(c.items, presentContext()) };
    });
    if (found) {
      sections.push(found.markdown);
      range ??= index.rangeOf(found.origin.start, found.origin.end);
    }
    if (!sections.length) return null;
    const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range };
    return hover;
  });

  /** The document, its path and the offset of a request's position; undefined when not open or checks are off here. */
  async function positionOf(uri: string, position: { line: number; character: number }, token: CancellationToken): Promise<{ doc: TextDocument; p: string; at: number } | undefined> {
    await ready;
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const settings = await settingsFor(doc.uri);
    if (token.isCancellationRequested) throw cancelled();
    if (!settings.enable) return undefined;
    return { doc, p: uris.toPath(doc.uri), at: LineIndex.of(doc.getText()).offsetAt(position) };
  }

  connection.onDefinition(async (params, token): Promise<Location[] | LocationLink[] | null> => {
    const here = await positionOf(params.textDocument.uri, params.position, token);
    if (!here) return null;
    const nav = guarded('go to definition', () => definitionAt(project, here.p, kindOf(here.doc), here.at));
    if (!nav) return null;
    const ctx = presentContext();
    const origin = ctx.location(nav.origin);
    const targets = nav.targets.map((t) => ctx.location(t)).filter((l): l is Location => !!l);
    if (!targets.length) return null;
    if (definitionLinks && origin) return targets.map((l) => ({ originSelectionRange: origin.range, targetUri: l.uri, targetRange: l.range, targetSelectionRange: l.range }));
    return targets;
  });

  connection.onReferences(async (params, token): Promise<Location[] | null> => {
    const here = await positionOf(params.textDocument.uri, params.position, token);
    if (!here) return null;
    const places = guarded('find references', () => referencesAt(project, here.p, kindOf(here.doc), here.at, !!params.context?.includeDeclaration));
    if (!places) return null;
    const ctx = presentContext();
    return places.map((pl) => ctx.location(pl)).filter((l): l is Location => !!l);
  });

  connection.onRequest(CONTAINER_MAP_REQUEST, async (_params: unknown, token: CancellationToken): Promise<ContainerMap> => {
    await ready;
    if (token?.isCancellationRequested) throw cancelled();
    const ctx = presentContext();
    const found = guarded('the container map', () => workspaceContainers(project)) ?? { items: [], truncated: false };
    const entries = found.items.map((item) => guarded(`the container map entry ${item.id}`, () => mapEntry(item, ctx))).filter((e) => e !== undefined);
    return { version: 1, entries, truncated: found.truncated, message: found.truncated ? ui('viewTruncated', locale, { count: entries.length }) : undefined };
  });

  // `initialized` has come (main.ts loads this module when it does), and every handler above is in
  // place: now register for more with the client.
  if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dockerGoTraps' });
  // Rules ask whether paths exist (COPY sources, build contexts, main packages) on every analysis.
  // A client that reports every file and folder created or deleted in the workspace lets the
  // server cache those answers for the workspace folders, instead of asking the disk per keystroke.
  if (canWatchFiles) {
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }] })
      .then(
        () => {
          project.cacheBelow(folderPaths());
        },
        () => undefined,
      );
  }
  // vscode-languageserver throws here for a client that does not announce workspace folders.
  if (params.capabilities.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => f.uri));
      folders = folders.filter((f) => !removed.has(f)).concat(e.added.map((f) => f.uri));
      const next = boundaryOf();
      if (boundedHost && next) {
        boundedHost.boundary = next;
        project.setBoundary(next);
      }
      if (project.cacheFileSystem) project.cacheBelow(folderPaths());
      void ready.then(() => {
        scanFolders(e.added.map((f) => f.uri));
      });
    });
  }
}

/** DOCKER_GO_TRAPS_RULE_BUDGET_MS: a whole number of milliseconds; anything else means the default. */
function ruleBudgetFromEnv(value: string | undefined): number {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : RULE_BUDGET_MS;
}

/** "Ignore for this line" and "for this file", written in the file's own comment syntax and line ending. */
function ignoreActions(doc: TextDocument, d: Diagnostic, data: DiagnosticData, locale: Locale, quickFix: string): CodeAction[] {
  const text = doc.getText();
  const index = LineIndex.of(text);
  const eol = index.eol;
  const isGo = doc.uri.endsWith('.go') || doc.languageId === 'go';
  const marker = isGo ? '//' : '#';
  const line = d.range.start.line;
  const lineText = text.slice(index.lineStart(line), index.lineContentEnd(line));
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const at = { line, character: 0 };
  const lineEdit: TextEdit = { range: { start: at, end: at }, newText: `${indent}${marker} docker-go-traps ignore=${data.ruleId}${eol}` };
  // File-level comments go at the top, but after a Dockerfile's parser directives (which must come first).
  let firstLine = 0;
  if (!isGo) while (firstLine < index.lineCount - 1 && /^\s*#\s*[a-z]+\s*=/i.test(text.slice(index.lineStart(firstLine), index.lineContentEnd(firstLine))) && !/docker-go-traps/.test(text.slice(index.lineStart(firstLine), index.lineContentEnd(firstLine)))) firstLine++;
  const top = { line: firstLine, character: 0 };
  const fileEdit: TextEdit = { range: { start: top, end: top }, newText: `${marker} docker-go-traps ignore-file=${data.ruleId}${eol}` };
  return [
    { title: ui('ignoreLine', locale, { rule: data.ruleId }), kind: quickFix, diagnostics: [d], edit: { changes: { [doc.uri]: [lineEdit] } } },
    { title: ui('ignoreFile', locale, { rule: data.ruleId }), kind: quickFix, diagnostics: [d], edit: { changes: { [doc.uri]: [fileEdit] } } },
  ];
}
