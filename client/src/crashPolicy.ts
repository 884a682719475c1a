// Decides what happens when the connection to the language server breaks.
//
// The default handler of vscode-languageclient shows a notification for every crash
// and gives up after five in three minutes with yet another one. Here a crash restarts
// the server quietly (it is logged in the output channel and shown in the status bar);
// the user hears about it once, and once more only if the server keeps crashing and
// is left stopped.
import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  Message,
} from 'vscode-languageclient/node';

export interface CrashPolicyOptions {
  /** Restarts allowed inside `windowMs` before the server is left stopped. */
  maxRestarts: number;
  windowMs: number;
  /** Runs the command that restarts the server (offered on the final notification). */
  restartCommand: string;
  showOutputCommand: string;
}

export class CrashPolicy implements ErrorHandler {
  private crashTimes: number[] = [];
  private toldAboutCrash = false;
  private toldAboutGivingUp = false;

  constructor(
    private readonly log: (line: string) => void,
    private readonly options: CrashPolicyOptions,
  ) {}

  /** True when the last close was answered with "do not restart". */
  gaveUp = false;

  /** Forget earlier crashes, e.g. after the user restarted the server by hand. */
  reset(): void {
    this.crashTimes = [];
    this.gaveUp = false;
    this.toldAboutGivingUp = false;
  }

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    // Read/write errors come in bursts when the server process dies (every queued
    // message fails). Shutting down from here would make the client report the close
    // itself, with a notification of its own; instead keep going and let closed(),
    // which follows when the process is gone, decide about restarting.
    const n = count ?? 1;
    if (n <= 3 || n % 100 === 0) this.log(`Connection error (${n}): ${error.message}`);
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashTimes = this.crashTimes.filter((t) => now - t < this.options.windowMs);
    this.crashTimes.push(now);

    if (this.crashTimes.length > this.options.maxRestarts) {
      this.gaveUp = true;
      const minutes = Math.round(this.options.windowMs / 60_000);
      if (!this.toldAboutGivingUp) {
        this.toldAboutGivingUp = true;
        this.notify('error', vscode.l10n.t('Docker Go Traps: the language server keeps crashing and was stopped. See the output for details.'), true);
      }
      return {
        action: CloseAction.DoNotRestart,
        message: `The server stopped ${this.crashTimes.length} times in ${minutes} minutes; it will not be restarted. Run "Docker Go Traps: Restart Server" to try again.`,
        handled: true,
      };
    }

    this.gaveUp = false;
    if (!this.toldAboutCrash) {
      this.toldAboutCrash = true;
      this.notify('warning', vscode.l10n.t('Docker Go Traps: the language server stopped unexpectedly and was restarted.'), false);
    }
    // The client logs this message in the output channel itself.
    return { action: CloseAction.Restart, message: 'The server stopped unexpectedly; restarting it.', handled: true };
  }

  private notify(kind: 'warning' | 'error', text: string, offerRestart: boolean): void {
    const show = kind === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    const restart = vscode.l10n.t('Restart Server');
    const showOutput = vscode.l10n.t('Show Output');
    const actions = offerRestart ? [restart, showOutput] : [showOutput];
    // Not awaited: the client waits for closed() before it restarts.
    void Promise.resolve(show(text, ...actions)).then((picked) => {
      if (picked === restart) void vscode.commands.executeCommand(this.options.restartCommand);
      else if (picked === showOutput) void vscode.commands.executeCommand(this.options.showOutputCommand);
    });
  }
}
