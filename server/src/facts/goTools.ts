/**
 * Facts about installing Go tools with `go install <package>@<version>` (or `go run`): modules that
 * moved to a new path, where the go command refuses the old one ("module declares its path as"), and
 * the `go` line of the go.mod of each release of tools that Go service images commonly install,
 * which an image with an older Go and GOTOOLCHAIN=local cannot build ("requires go >= ...").
 * Every entry names its source: the tool's repository at a commit, read tag by tag.
 * `node scripts/goToolReleases.mjs <clone> <module>` prints a tool's entry from a clone of its
 * repository, to bring the table up to date when the tool releases.
 *
 * Data and small lookups only: imports nothing, so every layer can use it.
 */

export interface MovedModule {
  /** The path users still write. */
  from: string;
  /** The path the module's go.mod declares now. */
  to: string;
  /**
   * The first release whose go.mod declares {@link to}. Undefined when the repository has no
   * releases: then only `@latest` and branch names are judged.
   */
  since?: string;
  /** The first release whose go.mod declares {@link from} (before it there is no go.mod, and any path works). */
  fromSince?: string;
  /** Releases from {@link since} on whose go.mod still declares {@link from} (a tag put on an older commit). */
  stillFrom?: readonly string[];
  source: string;
}

export const MOVED_MODULES: readonly MovedModule[] = [
  {
    from: 'github.com/cosmtrek/air',
    to: 'github.com/air-verse/air',
    since: 'v1.52.2',
    fromSince: 'v1.11.1',
    stillFrom: ['v1.61.2'],
    source:
      'air-verse/air@ced170e8 tags: go.mod says `module github.com/cosmtrek/air` from v1.11.1 to v1.52.1 (2024-05-28) and `module github.com/air-verse/air` from v1.52.2 (2024-06-03, air-verse/air#602); tag v1.61.2 is on a 2023 commit that still says cosmtrek. The error: air-verse/air#621, go-gitea/gitea#31233; the other way round (air-verse/air@v1.51.0): a-h/templ#1278',
  },
  {
    from: 'github.com/derekparker/delve',
    to: 'github.com/go-delve/delve',
    since: 'v1.2.0',
    source: 'go-delve/delve@3b775986 tags: go.mod (`module github.com/go-delve/delve`) since v1.2.0 (2019-02-19); v1.0.0 and v1.1.0 have no go.mod; github.com/derekparker/delve redirects to the new repository',
  },
  {
    from: 'github.com/kyleconroy/sqlc',
    to: 'github.com/sqlc-dev/sqlc',
    since: 'v1.20.0',
    fromSince: 'v1.17.0',
    source: 'sqlc-dev/sqlc@99a7d7d0 tags: go.mod says `module github.com/kyleconroy/sqlc` at v1.17.0–v1.19.1 and `module github.com/sqlc-dev/sqlc` from v1.20.0 (2023-07-31); sqlc-dev/sqlc#2523 (the repository moved; older releases install under the old path), the error: sqlc-dev/sqlc#3231, woogles-io/liwords#1185',
  },
  {
    from: 'github.com/golang/lint',
    to: 'golang.org/x/lint',
    source: 'golang/lint@6edffad5:go.mod (`module golang.org/x/lint`, since d0100b6, 2019-03-13); the repository has no release tags',
  },
];

/** A run of releases of a tool that share one go.mod `go` line (and module path). */
export interface ToolReleases {
  /** The first and the last release of the run (the same for a single release). */
  first: string;
  last: string;
  /** The go.mod `go` line, as written. */
  go: string;
  /** The module path these releases' go.mod declares, when it is not the tool's {@link GoTool.module}. */
  module?: string;
  /** A tag put on an older commit, out of line with the releases around it: never suggested. */
  odd?: boolean;
}

export interface GoTool {
  /** The module path the newest releases declare. */
  module: string;
  /** Paths below {@link module} that are modules of their own (not this tool's releases). */
  nested?: readonly string[];
  /** Runs of releases, oldest first, without gaps between the releases they list. */
  releases: readonly ToolReleases[];
  /**
   * When the table was read: `@latest` means the newest release then, or a later one, which needs
   * at least the same Go (a tool's go line does not go down).
   */
  asOf: string;
  source: string;
}

export const GO_TOOLS: readonly GoTool[] = [
  {
    module: 'github.com/air-verse/air',
    releases: [
      { first: 'v1.40.0', last: 'v1.40.4', go: '1.17', module: 'github.com/cosmtrek/air' },
      { first: 'v1.41.0', last: 'v1.41.0', go: '1.19', module: 'github.com/cosmtrek/air' },
      { first: 'v1.42.0', last: 'v1.44.0', go: '1.20', module: 'github.com/cosmtrek/air' },
      { first: 'v1.45.0', last: 'v1.49.0', go: '1.21', module: 'github.com/cosmtrek/air' },
      { first: 'v1.50.0', last: 'v1.52.1', go: '1.22', module: 'github.com/cosmtrek/air' },
      { first: 'v1.52.2', last: 'v1.52.3', go: '1.22' },
      { first: 'v1.60.0', last: 'v1.61.1', go: '1.23' },
      { first: 'v1.61.2', last: 'v1.61.2', go: '1.21', module: 'github.com/cosmtrek/air', odd: true },
      { first: 'v1.61.3', last: 'v1.61.7', go: '1.23' },
      { first: 'v1.62.0', last: 'v1.62.0', go: '1.24' },
      { first: 'v1.63.0', last: 'v1.67.1', go: '1.25' },
      { first: 'v1.67.2', last: 'v1.67.2', go: '1.26.0' },
    ],
    asOf: '2026-07-22',
    source: 'air-verse/air@ced170e8 (2026-07-22): go.mod `module` and `go` lines at every tag v1.40.0–v1.67.2. The error: getlago/lago#586 (`github.com/air-verse/air@v1.63.0 requires go >= 1.25 (running go 1.24.7; GOTOOLCHAIN=local)`)',
  },
  {
    module: 'github.com/go-delve/delve',
    releases: [
      { first: 'v1.20.0', last: 'v1.21.0', go: '1.16' },
      { first: 'v1.21.1', last: 'v1.21.2', go: '1.17' },
      { first: 'v1.22.0', last: 'v1.25.0', go: '1.21' },
      { first: 'v1.25.1', last: 'v1.25.2', go: '1.22.0' },
      { first: 'v1.26.0', last: 'v1.26.3', go: '1.24' },
      { first: 'v1.27.0', last: 'v1.27.0', go: '1.25' },
      { first: 'v1.27.1', last: 'v1.27.1', go: '1.25.0' },
    ],
    asOf: '2026-08-21',
    source: 'go-delve/delve@3b775986 (2026-08-21): go.mod `go` line at every tag v1.20.0–v1.27.1',
  },
  {
    module: 'github.com/golangci/golangci-lint',
    releases: [
      { first: 'v1.51.0', last: 'v1.53.3', go: '1.19' },
      { first: 'v1.54.0', last: 'v1.55.2', go: '1.20' },
      { first: 'v1.56.0', last: 'v1.59.1', go: '1.21' },
      { first: 'v1.60.0', last: 'v1.63.4', go: '1.22.1' },
      { first: 'v1.64.0', last: 'v1.64.8', go: '1.23.0' },
    ],
    asOf: '2026-08-22',
    source: 'golangci/golangci-lint@6fb5dee3 (2026-08-22): go.mod `go` line at every release tag v1.51.0–v1.64.8',
  },
  {
    module: 'github.com/golangci/golangci-lint/v2',
    releases: [
      { first: 'v2.0.0', last: 'v2.3.1', go: '1.23.0' },
      { first: 'v2.4.0', last: 'v2.8.0', go: '1.24.0' },
      { first: 'v2.9.0', last: 'v2.12.2', go: '1.25.0' },
      { first: 'v2.13.0', last: 'v2.13.1', go: '1.26.0' },
    ],
    asOf: '2026-08-22',
    source: 'golangci/golangci-lint@6fb5dee3 (2026-08-22): go.mod `go` line at every release tag v2.0.0–v2.13.1',
  },
  {
    module: 'google.golang.org/protobuf',
    releases: [
      { first: 'v1.29.0', last: 'v1.31.0', go: '1.11' },
      { first: 'v1.32.0', last: 'v1.34.1', go: '1.17' },
      { first: 'v1.34.2', last: 'v1.34.2', go: '1.20' },
      { first: 'v1.35.0', last: 'v1.36.5', go: '1.21' },
      { first: 'v1.36.6', last: 'v1.36.7', go: '1.22' },
      { first: 'v1.36.8', last: 'v1.36.11', go: '1.23' },
    ],
    asOf: '2026-01-20',
    source: 'protocolbuffers/protobuf-go@f2248ac9 (2026-01-20): go.mod `go` line at every release tag v1.29.0–v1.36.11',
  },
  {
    module: 'google.golang.org/grpc/cmd/protoc-gen-go-grpc',
    releases: [
      { first: 'v1.3.0', last: 'v1.3.0', go: '1.17' },
      { first: 'v1.4.0', last: 'v1.5.1', go: '1.21' },
      { first: 'v1.6.0', last: 'v1.6.1', go: '1.24.0' },
      { first: 'v1.6.2', last: 'v1.6.2', go: '1.25.0' },
    ],
    asOf: '2026-08-21',
    source: 'grpc/grpc-go@4793ad04 (2026-08-21): go.mod `go` line at every release tag v1.3.0–v1.6.2',
  },
  {
    module: 'golang.org/x/tools',
    nested: ['golang.org/x/tools/gopls'],
    releases: [
      { first: 'v0.5.0', last: 'v0.18.0', go: '1.18' },
      { first: 'v0.19.0', last: 'v0.24.1', go: '1.19' },
      { first: 'v0.25.0', last: 'v0.30.0', go: '1.22.0' },
      { first: 'v0.31.0', last: 'v0.36.0', go: '1.23.0' },
      { first: 'v0.37.0', last: 'v0.42.0', go: '1.24.0' },
      { first: 'v0.43.0', last: 'v0.49.0', go: '1.25.0' },
    ],
    asOf: '2026-08-20',
    source: 'golang/tools@8f0f8c7b (2026-08-20): go.mod `go` line at every release tag v0.5.0–v0.49.0',
  },
  {
    module: 'golang.org/x/vuln',
    releases: [
      { first: 'v0.1.0', last: 'v1.1.2', go: '1.18' },
      { first: 'v1.1.3', last: 'v1.1.3', go: '1.21' },
      { first: 'v1.1.4', last: 'v1.1.4', go: '1.22.0' },
      { first: 'v1.2.0', last: 'v1.6.0', go: '1.25.0' },
    ],
    asOf: '2026-07-09',
    source: 'golang/vuln@19b0bb6a (2026-07-09): go.mod `go` line at every release tag v0.1.0–v1.6.0',
  },
  {
    module: 'github.com/golang-migrate/migrate/v4',
    releases: [
      { first: 'v4.16.0', last: 'v4.17.1', go: '1.18' },
      { first: 'v4.18.0', last: 'v4.18.0', go: '1.21' },
      { first: 'v4.18.1', last: 'v4.18.2', go: '1.22.0' },
      { first: 'v4.18.3', last: 'v4.19.0', go: '1.23.0' },
      { first: 'v4.19.1', last: 'v4.19.1', go: '1.24.0' },
    ],
    asOf: '2026-07-05',
    source: 'golang-migrate/migrate@18966c75 (2026-07-05): go.mod `go` line at every release tag v4.16.0–v4.19.1',
  },
  {
    module: 'github.com/pressly/goose/v3',
    releases: [
      { first: 'v3.8.0', last: 'v3.9.0', go: '1.17' },
      { first: 'v3.10.0', last: 'v3.14.0', go: '1.18' },
      { first: 'v3.15.0', last: 'v3.17.0', go: '1.19' },
      { first: 'v3.18.0', last: 'v3.21.1', go: '1.20' },
      { first: 'v3.22.0', last: 'v3.24.1', go: '1.21.0' },
      { first: 'v3.24.2', last: 'v3.26.0', go: '1.23.0' },
      { first: 'v3.27.0', last: 'v3.27.0', go: '1.25.0' },
      { first: 'v3.27.1', last: 'v3.27.3', go: '1.25.7' },
    ],
    asOf: '2026-07-22',
    source: 'pressly/goose@520411a1 (2026-07-22): go.mod `go` line at every release tag v3.8.0–v3.27.3',
  },
  {
    module: 'github.com/sqlc-dev/sqlc',
    releases: [
      { first: 'v1.17.0', last: 'v1.17.2', go: '1.19', module: 'github.com/kyleconroy/sqlc' },
      { first: 'v1.18.0', last: 'v1.19.1', go: '1.20', module: 'github.com/kyleconroy/sqlc' },
      { first: 'v1.20.0', last: 'v1.20.0', go: '1.20' },
      { first: 'v1.21.0', last: 'v1.26.0', go: '1.21' },
      { first: 'v1.27.0', last: 'v1.27.0', go: '1.22' },
      { first: 'v1.28.0', last: 'v1.28.0', go: '1.22.9' },
      { first: 'v1.29.0', last: 'v1.30.0', go: '1.23.0' },
      { first: 'v1.31.0', last: 'v1.31.1', go: '1.26.0' },
    ],
    asOf: '2026-08-21',
    source: 'sqlc-dev/sqlc@99a7d7d0 (2026-08-21): go.mod `go` line at every release tag v1.17.0–v1.31.1',
  },
  {
    module: 'github.com/a-h/templ',
    releases: [
      { first: 'v0.2.194', last: 'v0.2.202', go: '1.19' },
      { first: 'v0.2.208', last: 'v0.2.590', go: '1.20' },
      { first: 'v0.2.598', last: 'v0.2.793', go: '1.21' },
      { first: 'v0.3.819', last: 'v0.3.833', go: '1.23' },
      { first: 'v0.3.850', last: 'v0.3.1001', go: '1.23.0' },
      { first: 'v0.3.1020', last: 'v0.3.1020', go: '1.25.0' },
    ],
    asOf: '2026-07-15',
    source: 'a-h/templ@04abee53 (2026-07-15): go.mod `go` line at every release tag v0.2.194–v0.3.1020',
  },
  {
    module: 'honnef.co/go/tools',
    releases: [
      { first: 'v0.4.0', last: 'v0.4.7', go: '1.19' },
      { first: 'v0.5.0', last: 'v0.5.1', go: '1.22.1' },
      { first: 'v0.6.0', last: 'v0.6.1', go: '1.23' },
      { first: 'v0.7.0', last: 'v0.7.0', go: '1.25.0' },
    ],
    asOf: '2026-06-30',
    source: 'dominikh/go-tools@d69e7ee1 (2026-06-30): go.mod `go` line at every release tag v0.4.0–v0.7.0',
  },
  {
    module: 'mvdan.cc/gofumpt',
    releases: [
      { first: 'v0.5.0', last: 'v0.5.0', go: '1.19' },
      { first: 'v0.6.0', last: 'v0.6.0', go: '1.20' },
      { first: 'v0.7.0', last: 'v0.7.0', go: '1.22' },
      { first: 'v0.8.0', last: 'v0.8.0', go: '1.23.0' },
      { first: 'v0.9.0', last: 'v0.9.2', go: '1.24.0' },
      { first: 'v0.10.0', last: 'v0.10.0', go: '1.25.0' },
    ],
    asOf: '2026-06-21',
    source: 'mvdan/gofumpt@2d7b4e68 (2026-06-21): go.mod `go` line at every release tag v0.5.0–v0.10.0',
  },
  {
    module: 'github.com/cespare/reflex',
    releases: [
      { first: 'v0.3.0', last: 'v0.3.1', go: '1.15' },
      { first: 'v0.3.2', last: 'v0.3.2', go: '1.24.0' },
    ],
    asOf: '2026-02-26',
    source: 'cespare/reflex@4ebe83d5 (2026-02-26): go.mod `go` line at tags v0.3.0, v0.3.1 and v0.3.2',
  },
];

/** A release version (v1.2.3) as numbers; undefined for anything else (pre-releases, pseudo-versions, branches). */
export function releaseNumbers(v: string): [number, number, number] | undefined {
  const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Orders two release versions (see {@link releaseNumbers}); both must be releases. */
export function compareReleases(a: string, b: string): number {
  const x = releaseNumbers(a);
  const y = releaseNumbers(b);
  if (!x || !y) throw new Error(`not a release version: ${x ? b : a}`);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

/** The run of a tool's releases that holds `version`, if the table lists it. */
export function releasesOf(tool: GoTool, version: string): ToolReleases | undefined {
  if (!releaseNumbers(version)) return undefined;
  return tool.releases.find((r) => compareReleases(r.first, version) <= 0 && compareReleases(version, r.last) <= 0);
}

function holds(modulePath: string, pkg: string): boolean {
  return pkg === modulePath || pkg.startsWith(modulePath + '/');
}

/**
 * The tool whose module (under any path it has had) holds the package `pkg`, and the rest of the
 * package path. The longest module path wins: github.com/golangci/golangci-lint/v2/... is the v2
 * module, not a package of the v1 one.
 */
export function toolOfPackage(pkg: string): { tool: GoTool; modulePath: string; rest: string } | undefined {
  let best: { tool: GoTool; modulePath: string; rest: string } | undefined;
  for (const tool of GO_TOOLS) {
    if (tool.nested?.some((n) => holds(n, pkg))) continue;
    const paths = new Set([tool.module, ...tool.releases.flatMap((r) => (r.module ? [r.module] : []))]);
    for (const m of paths) {
      if (holds(m, pkg) && (!best || m.length > best.modulePath.length)) best = { tool, modulePath: m, rest: pkg.slice(m.length) };
    }
  }
  return best;
}

/** The moved module that holds `pkg` under its old or its new path. */
export function movedModuleOf(pkg: string): { moved: MovedModule; underOld: boolean; rest: string } | undefined {
  for (const moved of MOVED_MODULES) {
    if (pkg === moved.from || pkg.startsWith(moved.from + '/')) return { moved, underOld: true, rest: pkg.slice(moved.from.length) };
    if (pkg === moved.to || pkg.startsWith(moved.to + '/')) return { moved, underOld: false, rest: pkg.slice(moved.to.length) };
  }
  return undefined;
}

/** Versions that name the newest code rather than a release. */
const NEWEST = new Set(['latest', 'master', 'main', 'HEAD']);

/**
 * When `pkg@version` asks for a moved module under the path that version does not declare: the
 * module, which way round, and the package path that version installs under.
 */
export function movedPackagePath(pkg: string, version: string): { moved: MovedModule; underOld: boolean; fixed: string } | undefined {
  const found = movedModuleOf(pkg);
  if (!found) return undefined;
  const { moved: m, underOld, rest } = found;
  const release = releaseNumbers(version) !== undefined;
  if (underOld) {
    const declaresNew = NEWEST.has(version) || (m.since !== undefined && release && compareReleases(version, m.since) >= 0 && !m.stillFrom?.includes(version));
    return declaresNew ? { moved: m, underOld, fixed: m.to + rest } : undefined;
  }
  if (!release || m.since === undefined || m.fromSince === undefined) return undefined;
  const declaresOld = (compareReleases(version, m.fromSince) >= 0 && compareReleases(version, m.since) < 0) || m.stillFrom?.includes(version);
  return declaresOld ? { moved: m, underOld, fixed: m.from + rest } : undefined;
}
