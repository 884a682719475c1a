/**
 * Facts about the tools of the day-to-day loop of a Go service in a container: the file watchers
 * that rebuild it on a change (and how each is told to poll), the Delve debugger (its flags and
 * defaults, and which version supports which Go), and what Docker Desktop does with file events
 * and host names. Every entry names its source (repository@commit:path, or a documentation page).
 *
 * Data only: imports nothing, so every layer can use it.
 */

// ---- file watchers -------------------------------------------------------------------------------

/** How a watcher's configuration file says "poll". */
export type WatcherConfigFormat = 'air-toml' | 'realize-yaml' | 'nodemon-json';

export interface WatcherFacts {
  /** The tool's name, as its users write it. */
  tool: string;
  /** Program names (the binary `go install` or the package manager puts on PATH). */
  programs: readonly string[];
  /** Go module paths of the tool, for `go run <module>@<version>` (Go tools only). */
  modules: readonly string[];
  /** Flags that make it poll instead of waiting for inotify events (a value, if any, must not be false). */
  pollFlags: readonly string[];
  /**
   * The flag the quick fix adds, and the subcommand it goes after (realize's `start`); undefined when
   * the fix is not a flag (air: its config file) or the tool cannot poll.
   */
  addFlag?: { flag: string; after?: readonly string[] };
  /** Configuration files read from the working directory, in order, how polling is set there, and the flag that names another file. */
  config?: { files: readonly string[]; format: WatcherConfigFormat; flag?: readonly string[] };
  /** Environment variables that turn polling on (any value but false/0). */
  env?: readonly string[];
  /** Flags that name the folders it watches (default: the working directory). */
  watchFlags: readonly string[];
  /** The tool has no polling mode at all. */
  noPolling: boolean;
  source: string;
}

export const WATCHERS: readonly WatcherFacts[] = [
  {
    tool: 'air',
    programs: ['air'],
    modules: ['github.com/cosmtrek/air', 'github.com/air-verse/air'],
    pollFlags: ['--build.poll', '-build.poll'],
    config: { files: ['.air.toml', '.air.conf'], format: 'air-toml', flag: ['-c'] },
    watchFlags: ['--root', '-root'],
    noPolling: false,
    source:
      'air-verse/air@ced170e8:runner/config.go (`poll`, `poll_interval` in [build]; `.air.toml`, then `.air.conf`, in the working directory or $air_wd unless `-c <path>`; the file is merged over the defaults), runner/flag.go (every key as a flag, e.g. `--build.poll true`), runner/watcher.go (a polling watcher when poll is set); polling since v1.43.0 (air-verse/air@f6746cf, 2023-04-12)',
  },
  {
    tool: 'CompileDaemon',
    programs: ['CompileDaemon'],
    modules: ['github.com/githubnemo/CompileDaemon'],
    pollFlags: ['-polling', '--polling'],
    addFlag: { flag: '-polling' },
    watchFlags: ['-directory', '--directory'],
    noPolling: false,
    source: 'githubnemo/CompileDaemon@ffd1abe5:daemon.go (`-polling`: "Use polling method to watch file change instead of fsnotify", `-polling-interval` 100 ms, `-directory` default "."); since 1.3.0 (githubnemo/CompileDaemon@cd9ce0b, 2020-11-24)',
  },
  {
    tool: 'realize',
    programs: ['realize'],
    modules: ['github.com/oxequa/realize', 'github.com/tockins/realize'],
    pollFlags: ['--legacy', '-l'],
    addFlag: { flag: '--legacy', after: ['start', 'run'] },
    config: { files: ['.realize.yaml'], format: 'realize-yaml' },
    watchFlags: ['--path', '-p'],
    noPolling: false,
    source: 'oxequa/realize@498ce46d:realize.go (`start --legacy`/`-l`: "Legacy watch by polling instead fsnotify"), realize/settings.go (`.realize.yaml`, settings.legacy.force)',
  },
  {
    tool: 'reflex',
    programs: ['reflex'],
    modules: ['github.com/cespare/reflex'],
    pollFlags: [],
    watchFlags: [],
    noPolling: true,
    source: 'cespare/reflex@4ebe83d5:README.md (the options: no polling mode; it watches the working directory with fsnotify)',
  },
  {
    tool: 'gow',
    programs: ['gow'],
    modules: ['github.com/mitranim/gow'],
    pollFlags: [],
    watchFlags: [],
    noPolling: true,
    source: 'mitranim/gow@aad163e5:readme.md ("Better watcher: recursive, no delays, no polling; uses rjeczalik/notify")',
  },
  {
    tool: 'modd',
    programs: ['modd'],
    modules: ['github.com/cortesi/modd'],
    pollFlags: [],
    watchFlags: [],
    noPolling: true,
    source: 'cortesi/modd@487e7eaf (cmd/modd/main.go, moddwatch: no polling option)',
  },
  {
    tool: 'nodemon',
    programs: ['nodemon'],
    modules: [],
    pollFlags: ['-L', '--legacy-watch', '--legacyWatch'],
    addFlag: { flag: '--legacy-watch' },
    config: { files: ['nodemon.json'], format: 'nodemon-json', flag: ['--config'] },
    env: ['CHOKIDAR_USEPOLLING'],
    watchFlags: ['--watch', '-w'],
    noPolling: false,
    source: 'remy/nodemon@1d0a639b:doc/cli/options.txt (`-L, --legacy-watch`: use polling), lib/monitor/watch.js (usePolling from legacyWatch), README.md ("a container running nodemon reading across a mounted drive"); chokidar 3 reads CHOKIDAR_USEPOLLING',
  },
  {
    tool: 'watchexec',
    programs: ['watchexec'],
    modules: [],
    pollFlags: ['--poll', '--force-poll'],
    addFlag: { flag: '--poll=500ms' },
    watchFlags: ['--watch', '-w'],
    noPolling: false,
    source: 'watchexec/watchexec@8774f38f:crates/cli/src/args/events.rs (`--poll [INTERVAL]`, alias `--force-poll`, default interval 30 s; before 1.22 only `--force-poll <ms>`: watchexec@14f53a6b)',
  },
];

/** The watcher a program name (or a Go module path) starts. */
export function watcherByProgram(name: string): WatcherFacts | undefined {
  return WATCHERS.find((w) => w.programs.includes(name));
}

export function watcherByModule(modulePath: string): WatcherFacts | undefined {
  const m = modulePath.split('@')[0];
  return WATCHERS.find((w) => w.modules.some((x) => m === x || m.startsWith(x + '/')));
}

/** Images that run a watcher as their ENTRYPOINT, by repository. */
export const WATCHER_IMAGES: Readonly<Record<string, string>> = {
  'cosmtrek/air': 'air',
  'air-verse/air': 'air',
};

/** The polling interval the generated settings use, in milliseconds. */
export const POLL_INTERVAL_MS = 500;

/**
 * Docker Desktop and file events. On Windows, a bind mount of a folder on a Windows drive reaches the
 * Linux VM through a file share that carries no inotify events: a watcher in the container never
 * hears of a change. Files in the WSL 2 file system (`\\wsl$\...`, `/home/...` in the distribution)
 * do produce them. Docker Desktop for macOS passes events on (virtiofs / gRPC FUSE).
 */
export const INOTIFY_SOURCE =
  'https://docs.docker.com/desktop/features/wsl/best-practices/ ("Linux containers only receive file change events, \'inotify events\', if the original files are stored in the Linux filesystem"); microsoft/WSL#2672; fsnotify/fsnotify#292';

/** Compose Watch: `develop.watch` rules, `docker compose watch` / `up --watch` (Compose 2.22 and later). */
export const COMPOSE_WATCH_SOURCE =
  'https://docs.docker.com/compose/how-tos/file-watch/ (actions sync, rebuild, sync+restart; the image needs stat, mkdir and rmdir; services with a `build` section); docker/compose@f7297942:pkg/compose/watch.go';

// ---- Delve ---------------------------------------------------------------------------------------

/**
 * dlv's command line: subcommands that start a target (and so need `--headless` to serve a remote
 * debugger), the flags that matter in a container, and their defaults.
 */
export const DELVE = {
  /** Subcommands that start or attach to a program and then serve a debugger. */
  targetCommands: ['debug', 'exec', 'attach', 'test', 'run', 'core', 'replay'] as readonly string[],
  /** `dlv dap` is always a server (DAP), without --headless, --accept-multiclient or --continue. */
  dapCommand: 'dap',
  /** Where a server listens without --listen: a random port on loopback. */
  defaultListen: '127.0.0.1:0',
  /** Flags that take a value (as `--flag value` or `--flag=value`). */
  valueFlags: ['--listen', '-l', '--api-version', '--backend', '--build-flags', '--init', '--log-dest', '--log-output', '--wd', '--tty', '-r', '--redirect', '--output', '-o'] as readonly string[],
  /** The messages a user meets. */
  errors: {
    continueNeedsMulti: 'Error: --continue requires --accept-multiclient',
    notTerminal: "Stdin is not a terminal, use '-r' to specify redirects for the target process or --allow-non-terminal-interactive=true if you really want to specify a redirect for Delve",
    noDebugInfo: 'Warning: no debug info found, some functionality will be missing such as stack traces and variable evaluation.',
  },
  source:
    'go-delve/delve@3b775986:Documentation/usage/dlv_exec.md (--listen default "127.0.0.1:0", --headless, --accept-multiclient, --continue), cmd/dlv/cmds/commands.go (execute(): "--continue requires --accept-multiclient", "--continue only works with --headless", "Stdin is not a terminal"), service/rpccommon/server.go (without --accept-multiclient the server stops, killing the program it started, when the client disconnects), Documentation/faq.md#docker, pkg/proc/bininfo.go ("no debug info found" for a binary without DWARF: `-ldflags=-w`)',
} as const;

/** The Go packages that install dlv. */
export const DELVE_PACKAGES = ['github.com/go-delve/delve/cmd/dlv', 'github.com/derekparker/delve/cmd/dlv'];

/** The package name of Delve in Alpine (community) and Debian. */
export const DELVE_OS_PACKAGE = 'delve';

/**
 * Delve releases and the Go versions each supports (pkg/goversion/compat.go: a newer Go makes it
 * stop with "Version of Delve is too old for Go version …", an older one with "Go version … is too
 * old for this version of Delve") and needs to be built (go.mod). The generated debug image pins the
 * newest release that supports and builds with the project's Go.
 */
export interface DelveRelease {
  version: string;
  date: string;
  /** Oldest and newest Go minor version (1.N) it debugs. */
  minGo: number;
  maxGo: number;
  /** The Go minor version its go.mod needs to build it. */
  buildGo: number;
}

export const DELVE_RELEASES: readonly DelveRelease[] = [
  { version: 'v1.27.1', date: '2026-08-01', minGo: 25, maxGo: 27, buildGo: 25 },
  { version: 'v1.26.3', date: '2026-04-27', minGo: 24, maxGo: 26, buildGo: 24 },
  { version: 'v1.25.2', date: '2025-08-27', minGo: 22, maxGo: 25, buildGo: 22 },
  { version: 'v1.25.0', date: '2025-06-13', minGo: 21, maxGo: 24, buildGo: 21 },
  { version: 'v1.22.1', date: '2024-02-21', minGo: 19, maxGo: 22, buildGo: 21 },
  { version: 'v1.21.2', date: '2023-10-30', minGo: 19, maxGo: 21, buildGo: 17 },
  { version: 'v1.20.2', date: '2023-04-04', minGo: 18, maxGo: 20, buildGo: 16 },
];

export const DELVE_RELEASES_SOURCE = 'go-delve/delve tags v1.20.2–v1.27.1: pkg/goversion/compat.go (MinSupportedVersionOfGoMinor, MaxSupportedVersionOfGoMinor) and go.mod (`go` line) at each tag';

/** The Delve release for a Go minor version (1.N): the newest that debugs it and builds with it. */
export function delveFor(goMinor: number): DelveRelease | undefined {
  return DELVE_RELEASES.find((r) => goMinor >= r.minGo && goMinor <= r.maxGo && goMinor >= r.buildGo);
}

/** The port Delve conventionally listens on (the Go extension's default `port` of an attach configuration). */
export const DELVE_PORT = 2345;

/**
 * The Go extension for VS Code: a remote attach configuration (`"request": "attach"`, `"mode":
 * "remote"`) connects to `dlv --headless`; `"debugAdapter": "dlv-dap"` needs Delve 1.7.3 or later;
 * `substitutePath` maps the editor's paths to the paths compiled into the binary.
 */
export const VSCODE_GO_SOURCE = 'golang/vscode-go@28e27ffd:docs/debugging.md (Remote debugging: "Connect to headless delve with target specified at server start-up"; `host` default 127.0.0.1, `port` default 2345; substitutePath)';

/**
 * ptrace in a container: Docker's default seccomp profile allows ptrace on Linux 4.8 and later,
 * and a process may trace its own children without CAP_SYS_PTRACE — so `dlv exec` / `dlv debug`
 * work with the defaults; `dlv attach` to another process needs `cap_add: [SYS_PTRACE]`, and
 * `--disable-aslr` (personality ADDR_NO_RANDOMIZE) needs `seccomp:unconfined`.
 */
export const PTRACE_SOURCE =
  'docker/docs:content/manuals/engine/security/seccomp.md (ptrace: "Blocked in Linux kernel versions before 4.8 … Tracing/profiling arbitrary processes is already blocked by dropping CAP_SYS_PTRACE"; personality is limited); go-delve/delve@9a3c9eba (ASLR is disabled only with --disable-aslr, since v1.6.0)';

// ---- reaching the host ---------------------------------------------------------------------------

/** The name Docker Desktop resolves to the host, and the mapping that makes Docker Engine on Linux do the same. */
export const HOST_DOCKER_INTERNAL = 'host.docker.internal';
export const HOST_GATEWAY_MAPPING = 'host.docker.internal:host-gateway';
export const HOST_GATEWAY_SOURCE =
  'https://docs.docker.com/reference/cli/docker/container/run/#add-host ("It\'s conventional to use host.docker.internal as the hostname referring to host-gateway. Docker Desktop automatically resolves this hostname"); moby/moby#40007 (`host-gateway`, Docker Engine 20.10)';

/** Host networking on Docker Desktop: off unless enabled in Settings (4.34 and later); the "host" is the VM otherwise. */
export const HOST_NETWORK_SOURCE =
  'https://docs.docker.com/engine/network/drivers/host/ ("The host networking driver is supported on: Docker Engine on Linux; Docker Desktop version 4.34 and later (requires enabling the feature in Settings)")';

// ---- line endings --------------------------------------------------------------------------------

/** Git for Windows installs with core.autocrlf=true: text files are checked out with CRLF unless .gitattributes says otherwise. */
export const AUTOCRLF_SOURCE = 'https://git-scm.com/docs/gitattributes ("eol=lf": always LF in the working tree); Git for Windows installer default "Checkout Windows-style, commit Unix-style line endings" (core.autocrlf=true)';
