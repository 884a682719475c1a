// A status bar item that shows whether the language server is up and how many
// docker-go-traps findings VS Code currently holds. Clicking it opens the output.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './selectors';

export type ServerState = 'starting' | 'running' | 'stopped';

export class TrapsStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly counts = new Map<string, { errors: number; others: number }>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: ServerState = 'starting';
  private crashed = false;

  constructor(clickCommand: string) {
    this.item = vscode.window.createStatusBarItem('dockerGoTraps.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Docker Go Traps';
    this.item.command = clickCommand;
    this.subscriptions.push(vscode.languages.onDidChangeDiagnostics((e) => this.recount(e.uris)));
    this.recountAll();
    this.item.show();
  }

  setState(state: ServerState, crashed = false): void {
    this.state = state;
    this.crashed = state === 'stopped' && crashed;
    this.render();
  }

  /** Findings of this extension across all files VS Code knows diagnostics for. */
  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c.errors + c.others;
    return n;
  }

  private recountAll(): void {
    this.counts.clear();
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) this.store(uri, diagnostics);
    this.render();
  }

  private recount(uris: readonly vscode.Uri[]): void {
    for (const uri of uris) this.store(uri, vscode.languages.getDiagnostics(uri));
    this.render();
  }

  private store(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): void {
    let errors = 0;
    let others = 0;
    for (const d of diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
      else others++;
    }
    const key = uri.toString();
    if (errors + others === 0) this.counts.delete(key);
    else this.counts.set(key, { errors, others });
  }

  private render(): void {
    let errors = 0;
    let others = 0;
    for (const c of this.counts.values()) {
      errors += c.errors;
      others += c.others;
    }
    const total = errors + others;
    const files = this.counts.size;

    let icon: string;
    let headline: string;
    switch (this.state) {
      case 'starting':
        icon = '$(loading~spin)';
        headline = vscode.l10n.t('Docker Go Traps: server starting');
        break;
      case 'stopped':
        icon = '$(circle-slash)';
        headline = this.crashed
          ? vscode.l10n.t('Docker Go Traps: server stopped after repeated crashes')
          : vscode.l10n.t('Docker Go Traps: server stopped');
        break;
      case 'running':
        icon = total === 0 ? '$(pass)' : errors > 0 ? '$(error)' : '$(warning)';
        headline = vscode.l10n.t('Docker Go Traps: server running');
        break;
    }
    this.item.text = total > 0 ? `${icon} Go Traps ${total}` : `${icon} Go Traps`;
    this.item.backgroundColor =
      this.state === 'stopped' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;

    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${headline}**\n\n`);
    if (total === 0) tooltip.appendMarkdown(vscode.l10n.t('No findings in the files checked so far.') + '\n\n');
    else tooltip.appendMarkdown(vscode.l10n.t('Findings: {0} in {1} file(s), {2} of them errors.', total, files, errors) + '\n\n');
    tooltip.appendMarkdown(vscode.l10n.t('Click to show the output.'));
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
