/**
 * The language server: a thin shell over the engine. It keeps the project model in step with open
 * documents and file events, publishes diagnostics (re-checking the files that depend on a changed
 * one), and answers code actions from the fixes that travel in Diagnostic.data.
 */
import {
  Connection,
  TextDocuments,
  TextDocumentSyncKind,
  CodeAction,
  CodeActionKind,
  InitializeResult,
  FileChangeType,
  DidChangeConfigurationNotification,
  Diagnostic,
  TextEdit,
  Hover,
  MarkupKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { Project } from '../engine/project';
import { analyzeFile } from '../engine/analyze';
import { initGoParser } from '../parse/go';
import { LineIndex, detectEol } from '../engine/text';
import { fileKind } from '../engine/files';
import { collectEdits, preferredFix } from '../engine/fix';
import type { FileKind, SeveritySetting } from '../engine/types';
import { docsUrl } from '../engine/types';
import { findRule } from '../rules/registry';
import { renderRuleDoc } from '../docs';
import { toDiagnostic, UriMap, DiagnosticData, SOURCE } from './convert';
import { VERSION } from '../version';

export const FIX_ALL_KIND = 'source.fixAll.dockerGoTraps';

interface Settings {
  enable: boolean;
  rules: Record<string, SeveritySetting>;
}

const DEFAULT_SETTINGS: Settings = { enable: true, rules: {} };

const LANGUAGE_KINDS: Record<string, FileKind> = { dockerfile: 'dockerfile', dockercompose: 'compose', go: 'go' };

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const project = new Project();
  const uris = new UriMap();
  const settingsCache = new Map<string, Promise<Settings>>();
  const pending = new Map<string, number>();
  let hasConfiguration = false;
  let ready: Promise<void> = Promise.resolve();
  let flushScheduled = false;
  let generation = 0;

  project.log = (m) => connection.console.warn(m);

  const kindOf = (doc: TextDocument): FileKind | undefined => fileKind(uris.toPath(doc.uri)) ?? LANGUAGE_KINDS[doc.languageId];

  connection.onInitialize((params): InitializeResult => {
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    const folders = (params.workspaceFolders ?? []).map((f) => f.uri).concat(params.workspaceFolders ? [] : params.rootUri ? [params.rootUri] : []);
    ready = initGoParser().then(() => {
      for (const uri of folders) {
        if (!uri.startsWith('file:')) continue;
        try {
          project.scan(fileURLToPath(uri));
        } catch (e) {
          connection.console.error(`docker-go-traps: could not scan ${uri}: ${e}`);
        }
      }
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'docker-go-traps', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dockerGoTraps' });
  });

  function settingsFor(uri: string): Promise<Settings> {
    if (!hasConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'dockerGoTraps' })
        .then((c: Partial<Settings> | null) => ({ enable: c?.enable !== false, rules: { ...(c?.rules ?? {}) } }))
        .catch(() => DEFAULT_SETTINGS);
      settingsCache.set(uri, s);
    }
    return s;
  }

  /** Queues a document for analysis; all queued documents are analysed together on the next turn. */
  function schedule(uri: string): void {
    pending.set(uri, generation);
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      void flush();
    });
  }

  async function flush(): Promise<void> {
    await ready;
    const uris_ = [...pending.keys()];
    pending.clear();
    for (const uri of uris_) {
      const doc = documents.get(uri);
      if (!doc) continue;
      try {
        await validate(doc);
      } catch (e) {
        connection.console.error(`docker-go-traps: analysis of ${uri} failed: ${(e as Error).stack ?? e}`);
      }
    }
  }

  async function validate(doc: TextDocument): Promise<void> {
    const settings = await settingsFor(doc.uri);
    const current = documents.get(doc.uri);
    if (!current || current.version !== doc.version) return; // a newer version is queued
    if (!settings.enable) {
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
      return;
    }
    const p = uris.toPath(doc.uri);
    const kind = kindOf(doc);
    if (!kind) return;
    const findings = analyzeFile(project, p, { settings: { rules: settings.rules }, kind });
    const text = doc.getText();
    const index = new LineIndex(text);
    const indexOf = (other: string) => {
      const t = project.text(other);
      return t === undefined ? undefined : new LineIndex(t);
    };
    const diagnostics = findings.map((f) => toDiagnostic(f, index, indexOf, uris, doc.version));
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  function revalidateDependents(p: string, all: boolean): void {
    const deps = new Set(project.dependents(p));
    for (const doc of documents.all()) {
      const dp = uris.toPath(doc.uri);
      if (dp !== p && (all || deps.has(dp))) schedule(doc.uri);
    }
  }

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
    const p = uris.toPath(e.document.uri);
    project.removeOverlay(p);
    project.forget(p);
    if (!p.startsWith(path.sep + '\0')) revalidateDependents(p, false);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles((params) => {
    let structural = false;
    for (const change of params.changes) {
      if (!change.uri.startsWith('file:')) continue;
      const p = uris.toPath(change.uri);
      if (documents.get(change.uri)) continue; // the editor's text wins while open
      if (change.type === FileChangeType.Deleted) project.deleted(p);
      else {
        if (fileKind(p)) project.files.add(p);
        project.changed(p);
      }
      if (change.type !== FileChangeType.Changed) structural = true;
      revalidateDependents(p, structural);
    }
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    generation++;
    for (const doc of documents.all()) schedule(doc.uri);
  });

  connection.onCodeAction(async (params) => {
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
        // Edits computed for an older version of the document would land in the wrong place.
        if (data.version === undefined || data.version === doc.version) {
          for (const fix of data.fixes) {
            actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.preferred, edit: { changes: fix.changes } });
          }
          actions.push(...ignoreActions(doc, d, data));
        }
        const rule = findRule(data.ruleId);
        if (rule) {
          actions.push({
            title: `Show documentation for ${rule.id} (${rule.name})`,
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
      if (!settings.enable) return actions;
      const p = uris.toPath(doc.uri);
      const fixes = analyzeFile(project, p, { settings: { rules: settings.rules }, kind: kindOf(doc) })
        .map(preferredFix)
        .filter((f): f is NonNullable<typeof f> => !!f && f.edits.every((e) => e.path === p));
      const edits = collectEdits(fixes).get(p) ?? [];
      if (edits.length) {
        const index = new LineIndex(doc.getText());
        actions.push({
          title: 'Fix all Docker Go Traps problems',
          kind: FIX_ALL_KIND,
          edit: { changes: { [doc.uri]: edits.map((e) => ({ range: index.rangeOf(e.start, e.end), newText: e.newText })) } },
        });
      }
    }
    return actions;
  });

  connection.onHover(async (params) => {
    await ready;
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const settings = await settingsFor(doc.uri);
    if (!settings.enable) return null;
    // Hover shows the docs of our rule under the cursor; the analysis reuses the cached parses.
    const p = uris.toPath(doc.uri);
    const index = new LineIndex(doc.getText());
    const at = index.offsetAt(params.position);
    const hit = analyzeFile(project, p, { kind: kindOf(doc), settings: { rules: settings.rules } }).find((f) => f.start <= at && at <= f.end);
    const rule = hit && findRule(hit.ruleId);
    if (!hit || !rule) return null;
    const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: renderRuleDoc(rule, { heading: 3 }) }, range: index.rangeOf(hit.start, hit.end) };
    return hover;
  });

  documents.listen(connection);
  connection.listen();
}

/** "Ignore for this line" and "for this file", written in the file's own comment syntax and line ending. */
function ignoreActions(doc: TextDocument, d: Diagnostic, data: DiagnosticData): CodeAction[] {
  const text = doc.getText();
  const eol = detectEol(text);
  const index = new LineIndex(text);
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
    { title: `Ignore ${data.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [doc.uri]: [lineEdit] } } },
    { title: `Ignore ${data.ruleId} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [doc.uri]: [fileEdit] } } },
  ];
}
