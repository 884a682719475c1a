/**
 * What `go install <tool>@<version>` gets in a stage: whether the go command there refuses the path
 * (the module moved), whether the release needs a newer Go than the stage's golang image runs with
 * GOTOOLCHAIN=local, and the package@version that does install there. Used by DGT156, which reports
 * both, and by DGT107, whose fix turns `go get` into a `go install` that must work.
 */
import type { DockerfileModel } from '../parse/dockerfile';
import { compareVer, GoCmd, goEnv, goModVersion, GoVer, toolchainAllows } from './goCommands';
import { compareReleases, GoTool, movedPackagePath, releasesOf, ToolReleases, toolOfPackage } from '../facts/goTools';

const INF = Number.POSITIVE_INFINITY;
/** The golang images set GOTOOLCHAIN=local from their 1.21.2 builds on (1.21.0 and 1.21.1 were built before). */
const GO1212: GoVer = [1, 21, 2, INF];

/**
 * Whether a required Go version stops `cmd` in a golang image of Go `go`: with GOTOOLCHAIN=local
 * (1.21.2 and later, not overridden) it does, for certain; undefined for older images, where the
 * go line is not enforced the same way (use {@link mustMeet} to be safe).
 */
export function toolchainLocal(model: DockerfileModel, cmd: GoCmd, go: GoVer): ((required: GoVer) => boolean) | undefined {
  if (compareVer(go, GO1212) < 0) return undefined;
  return (required) => !toolchainAllows(goEnv(model, cmd, 'GOTOOLCHAIN'), required);
}

/** For choosing a version to suggest: every go line must be met (no toolchain is fetched). */
export const mustMeet = (): boolean => true;

/** The newest release of `tool` whose go line the image's Go meets (odd tags left out). */
export function newestBuildable(tool: GoTool, go: GoVer): ToolReleases | undefined {
  let best: ToolReleases | undefined;
  for (const r of tool.releases) {
    const need = goModVersion(r.go);
    if (r.odd || !need || compareVer(need, go) > 0) continue;
    if (!best || compareReleases(r.last, best.last) > 0) best = r;
  }
  return best;
}

export interface TooNew {
  tool: GoTool;
  /** The run of releases `version` is in (the newest for `latest`). */
  releases: ToolReleases;
  /** The newest release the image's Go builds, and its package path; undefined when the table has none. */
  pin: ToolReleases | undefined;
  pinPkg: string | undefined;
  /** "1.23": the image's Go, for messages. */
  goMinor: string;
}

/**
 * Whether `pkg@version` (a tool of the table) needs a newer Go than `go` where `stops` says a
 * required version stops the build, with the newest release `go` builds.
 */
export function tooNewFor(pkg: string, version: string, go: GoVer, stops: (required: GoVer) => boolean): TooNew | undefined {
  const found = toolOfPackage(pkg);
  if (!found) return undefined;
  const { tool, rest } = found;
  const releases = version === 'latest' ? tool.releases[tool.releases.length - 1] : releasesOf(tool, version);
  // Under the path this release does not declare, the go command refuses it for that reason first.
  if (!releases || (releases.module ?? tool.module) !== found.modulePath) return undefined;
  const required = goModVersion(releases.go);
  if (!required || compareVer(required, go) <= 0 || !stops(required)) return undefined;
  const pin = newestBuildable(tool, go);
  return { tool, releases, pin, pinPkg: pin ? (pin.module ?? tool.module) + rest : undefined, goMinor: `${go[0]}.${go[1]}` };
}

/**
 * The `package@version` to install instead of `pkg@version` in an image of Go `go` (`latest`: the
 * newest Go), so that it installs: under the path that version declares, and at the newest release
 * the image builds when the one asked for needs a newer Go. Undefined when `pkg@version` is fine
 * as far as the tables know, or when nothing in them would do.
 */
export function installableInstead(pkg: string, version: string, go: GoVer | 'latest'): string | undefined {
  const moved = movedPackagePath(pkg, version);
  const path = moved?.fixed ?? pkg;
  const tooNew = go !== 'latest' ? tooNewFor(path, version, go, mustMeet) : undefined;
  if (tooNew) return tooNew.pin && tooNew.pinPkg ? `${tooNew.pinPkg}@${tooNew.pin.last}` : undefined;
  return moved ? `${path}@${version}` : undefined;
}
