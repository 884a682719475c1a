/**
 * Whether an image has a program on its PATH that a health check or an entry script calls (curl,
 * wget, a shell, nc): from the base image's table entry (facts/baseImages.ts: true, a busybox applet,
 * or absent), then what the stage chain does to it — a package install that names it, a COPY that may
 * bring it, a RUN we cannot see through.
 *
 * `no` only when the table says the base lacks it and nothing in the chain may add it; anything we
 * cannot see through (a script, `make`, an archive, an image we do not know) is `unknown`.
 */
import * as path from 'node:path';
import type { DInstruction, DockerfileModel, Stage } from '../parse/dockerfile';
import { copyArgs, packageInstall, packageName } from '../parse/dockerfile';
import { splitAssignments } from '../parse/shell';
import type { Tool } from '../facts/baseImages';
import { baseOf, chainInstructions } from './stageGraph';
import { mayProvide } from './stages';
import { searchPath } from './pid1';
import { own } from '../core/table';

export type ToolPresence =
  | { has: 'yes'; via: 'base' | 'busybox' | 'install'; at: DInstruction | undefined }
  | { has: 'no' }
  | { has: 'unknown' };

/** Packages that put the program on the PATH (Alpine, Debian and the RHEL family use the same names). */
const PACKAGES: Partial<Record<Tool, string[]>> = {
  curl: ['curl', 'curl-minimal'],
  wget: ['wget', 'busybox', 'busybox-static'],
  sh: ['busybox', 'busybox-static', 'dash', 'bash'],
  bash: ['bash'],
  nc: ['netcat', 'netcat-openbsd', 'netcat-traditional', 'ncat', 'nmap-ncat', 'busybox-extras'],
};

/** RUN commands that put no program on the PATH (package tools are read separately). */
const NO_PROGRAMS = new Set([
  'true', 'false', 'echo', 'printf', 'set', 'export', 'unset', 'test', '[', 'sleep', 'chmod', 'chown', 'chgrp', 'rm', 'rmdir', 'addgroup', 'adduser',
  'groupadd', 'useradd', 'usermod', 'deluser', 'delgroup', 'update-ca-certificates', 'ldconfig', 'id', 'whoami', 'ls', 'cat', 'env', 'which', 'sed',
  'dos2unix', 'setcap', 'strip', 'upx', 'file', 'ldd', 'du', 'df', 'uname', 'date', 'hostname', 'exit', 'cd', 'mkdir', 'touch', 'ln', 'cp', 'mv',
  'install', 'cron', 'crontab', 'locale-gen', 'update-locale', 'dpkg-reconfigure', 'ulimit', 'umask',
]);

/** Whether the program `tool` is on the PATH of `stage` (see the module comment). */
export function toolIn(model: DockerfileModel, stage: Stage, tool: Tool): ToolPresence {
  const base = baseOf(model, stage);
  const fact = base?.tools[tool];
  if (!base || fact === undefined) return { has: 'unknown' };
  const dirs = searchPath(model, stage);
  let installed: DInstruction | undefined;
  for (const ins of chainInstructions(model, stage)) {
    if (ins.keyword === 'ONBUILD') return { has: 'unknown' };
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      if (dirs.some((d) => mayProvide(ins, d + '/' + tool))) return { has: 'unknown' };
      // busybox copied in brings its applets (and a shell) once linked; a whole root file system may hold anything.
      const sources = copyArgs(ins).slice(0, -1).map((s) => path.posix.basename(s.replace(/\/+$/, '')));
      if (sources.some((s) => s === 'busybox' || s === tool || s === '' || s === '.')) return { has: 'unknown' };
      continue;
    }
    if (ins.keyword !== 'RUN') continue;
    if (!ins.commands.length) {
      if (ins.argsEnd > ins.argsStart) return { has: 'unknown' }; // exec form or heredoc
      continue;
    }
    for (const cmd of ins.commands) {
      const pkg = packageInstall(cmd);
      if (pkg) {
        if (pkg.packages.some((w) => w.value.includes('$'))) return { has: 'unknown' };
        if (pkg.packages.some((w) => (own(PACKAGES, tool) ?? [tool]).includes(packageName(w.value)))) installed ??= ins;
        continue;
      }
      const words = splitAssignments(cmd).rest.map((w) => w.value);
      while (words[0] === 'sudo' || words[0] === 'exec') words.shift();
      const program = words[0] ? path.posix.basename(words[0]) : undefined;
      if (!program) continue;
      // Package tools that do anything but install (update, clean, remove) put no new program there.
      if (/^(apk|apt|apt-get|yum|dnf|microdnf|dpkg|rpm)$/.test(program)) {
        if (words.some((w) => /\.(deb|rpm|apk)$/.test(w))) return { has: 'unknown' };
        continue;
      }
      if (!NO_PROGRAMS.has(program) || words.some((w) => path.posix.basename(w) === tool || w.includes('busybox') || w.includes('$'))) return { has: 'unknown' };
    }
  }
  if (installed) return { has: 'yes', via: 'install', at: installed };
  if (fact === 'busybox') return { has: 'yes', via: 'busybox', at: undefined };
  if (fact) return { has: 'yes', via: 'base', at: undefined };
  return { has: 'no' };
}

/** The tool a command word names (`curl`, `/usr/bin/wget`, `/bin/sh`), when the table records it. */
export function toolNamed(word: string): Tool | undefined {
  const name = path.posix.basename(word);
  return (['sh', 'bash', 'curl', 'wget', 'nc'] as const).find((t) => t === name);
}
