/** Which files the project cares about, by name. */
import * as path from 'node:path';
import type { FileKind } from '../core/types';

const NOT_DOCKERFILE_EXT = new Set(['cs', 'go', 'md', 'txt', 'json', 'yml', 'yaml', 'sh', 'ps1', 'py', 'js', 'ts', 'bak', 'orig', 'swp', 'tmp']);

export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower === 'dockerfile' || lower === 'containerfile') return true;
  if (lower.endsWith('.dockerfile') && lower.length > '.dockerfile'.length) return true;
  const m = /^(?:dockerfile|containerfile)\.(.+)$/.exec(lower);
  if (m) return !NOT_DOCKERFILE_EXT.has(m[1]) && !m[1].endsWith('.md');
  // Dockerfile-build, Dockerfile_test, Dockerfile-dev.arm64 (but not Dockerfile-notes.md).
  const d = /^(?:dockerfile|containerfile)[-_]([\w.-]+)$/.exec(lower);
  if (d) return !/\.(md|txt|json|ya?ml|sh|ps1|go|bak|orig|swp|tmp)$/.test(d[1]);
  return false;
}

export function isComposeName(name: string): boolean {
  return /^(docker-)?compose([.\-_][\w.\-]*)?\.ya?ml$/i.test(name);
}

export function isOverrideCompose(name: string): boolean {
  return /^(docker-)?compose\.override\.ya?ml$/i.test(name);
}

export function fileKind(filePath: string): FileKind | undefined {
  const name = path.basename(filePath);
  if (isDockerfileName(name)) return 'dockerfile';
  if (isComposeName(name)) return 'compose';
  if (name === 'go.mod') return 'gomod';
  if (name === '.dockerignore' || name.endsWith('.dockerignore')) return 'dockerignore';
  if (name.endsWith('.go')) return 'go';
  return undefined;
}

/**
 * Folder names a recursive scan never enters: dependencies, git's own folder, and `testdata`, which
 * the go command ignores and Go projects fill with test fixtures (Dockerfiles and compose files
 * their tests parse, never build or start).
 */
export const SKIPPED_DIRS = new Set(['node_modules', '.git', 'vendor', 'testdata']);

/** Files larger than this (bytes) are not read: they are skipped with a notice. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
