/**
 * The `dockerGoTraps.hostMode` setting (and the CLI's `--host-mode`): where Docker runs, for path
 * advice. `auto` looks at the environment of the process — for the language server, which
 * (extensionKind "workspace") runs where the files are, under Remote-WSL that is the WSL
 * distribution, not Windows.
 */
import * as fs from 'node:fs';
import type { HostMode } from '../core/types';

export type HostModeSetting = HostMode | 'auto';

export const HOST_MODES: readonly HostModeSetting[] = ['auto', 'windows', 'wsl', 'linux', 'mac'];

export interface HostEnvironment {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** Contents of /proc/version (Linux), or undefined. */
  procVersion: () => string | undefined;
}

function readProcVersion(): string | undefined {
  try {
    return fs.readFileSync('/proc/version', 'utf8');
  } catch {
    return undefined;
  }
}

export const PROCESS_ENVIRONMENT: HostEnvironment = { platform: process.platform, env: process.env, procVersion: readProcVersion };

/** What `auto` means in this environment. */
export function detectHostMode(e: HostEnvironment = PROCESS_ENVIRONMENT): HostMode {
  if (e.platform === 'win32') return 'windows';
  if (e.platform === 'darwin') return 'mac';
  if (e.platform === 'linux') {
    if (e.env.WSL_DISTRO_NAME || e.env.WSL_INTEROP) return 'wsl';
    if (/microsoft/i.test(e.procVersion() ?? '')) return 'wsl';
  }
  return 'linux';
}

/** The host mode for a setting value (anything unknown counts as `auto`). */
export function resolveHostMode(setting: unknown, e: HostEnvironment = PROCESS_ENVIRONMENT): HostMode {
  if (setting === 'windows' || setting === 'wsl' || setting === 'linux' || setting === 'mac') return setting;
  return detectHostMode(e);
}
