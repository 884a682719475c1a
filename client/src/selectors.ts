// What the client hands to the language server: which documents, which file events.
// Kept apart from extension.ts so the lists can be read (and checked) in one place.
import type { DocumentFilter } from 'vscode-languageclient/node';

/** Diagnostic.source of every finding this extension's server publishes. */
export const DIAGNOSTIC_SOURCE = 'docker-go-traps';

/** Settings section read by the server through workspace/configuration. */
export const CONFIG_SECTION = 'dockerGoTraps';

const SCHEMES = ['file', 'untitled'] as const;

/** Language ids served no matter what the file is called. */
const LANGUAGES = ['dockerfile', 'dockercompose', 'go'] as const;

/**
 * Compose files are plain `yaml` unless the Docker extension is installed, and
 * Dockerfiles with unusual names may have no language at all: match those by name.
 */
const COMPOSE_PATTERN = '**/{compose,docker-compose}*.{yml,yaml}';
const DOCKERFILE_PATTERN = '**/{Dockerfile,Dockerfile.*,Dockerfile-*,Dockerfile_*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*,Containerfile-*,Containerfile_*}';

export function documentSelector(): DocumentFilter[] {
  const filters: DocumentFilter[] = [];
  for (const scheme of SCHEMES) {
    for (const language of LANGUAGES) filters.push({ scheme, language });
    filters.push({ scheme, language: 'yaml', pattern: COMPOSE_PATTERN });
    filters.push({ scheme, pattern: DOCKERFILE_PATTERN });
  }
  return filters;
}

/**
 * Files whose changes on disk can change a finding somewhere else: a compose file
 * points at a Dockerfile, a Dockerfile builds a Go main, .dockerignore decides what
 * COPY sees, and so on. The server is told about creations, changes and deletions.
 */
export const WATCHED_FILES =
  '**/{Dockerfile,Dockerfile.*,Dockerfile-*,Dockerfile_*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*,Containerfile-*,Containerfile_*,compose*.y*ml,docker-compose*.y*ml,*.go,go.mod,go.sum,.dockerignore,.docker-go-traps.y*ml,.env,*.sh}';
