/**
 * Facts about Docker Compose itself: the keys a compose file may have at the top, and how Compose
 * fills `$PWD`. Each with its source.
 *
 * This module is data only: it imports nothing, so every layer can use it.
 */

/**
 * The top-level keys of the Compose Specification; anything else (except `x-` extensions) makes
 * `docker compose` refuse the file. Source: compose-spec/compose-spec@b2835e8a:schema/compose-spec.json
 * (`properties`, `patternProperties: {"^x-": {}}`, `additionalProperties: false`); `models` was
 * added to the specification in 2025 (Compose v2.38).
 */
export const COMPOSE_TOP_LEVEL_KEYS: readonly string[] = ['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'];

/** The keys of a service that say what it runs: a top-level key holding one of these is a service out of place. */
export const SERVICE_DEFINING_KEYS: readonly string[] = ['image', 'build', 'command', 'ports', 'environment', 'depends_on', 'container_name', 'restart', 'extends'];

/**
 * `$PWD` in a compose file: Compose takes it from the environment of the shell that runs it. cmd.exe
 * and PowerShell set no PWD variable, so Compose before v2.35.0 substitutes an empty string (`The
 * "PWD" variable is not set. Defaulting to a blank string.`); v2.35.0 sets PWD to the folder Compose
 * runs in when the shell did not. Source: docker/compose@f38f3f75 (v2.35.0) and docker/compose#13265,
 * docker/compose#13268 (set only when unset).
 */
export const COMPOSE_SETS_PWD_SINCE = 'v2.35.0';
