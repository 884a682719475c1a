/**
 * The GOOS/GOARCH pairs the gc toolchain builds for: the output of `go tool dist list` for the Go
 * releases still in use (1.21 onwards), including ports that were later marked broken or removed
 * (windows/arm, openbsd/mips64), so that no version's valid pair is reported.
 */
import { own } from '../core/table';
export const GO_DIST_LIST: readonly string[] = [
  'aix/ppc64',
  'android/386', 'android/amd64', 'android/arm', 'android/arm64',
  'darwin/amd64', 'darwin/arm64',
  'dragonfly/amd64',
  'freebsd/386', 'freebsd/amd64', 'freebsd/arm', 'freebsd/arm64', 'freebsd/riscv64',
  'illumos/amd64',
  'ios/amd64', 'ios/arm64',
  'js/wasm',
  'linux/386', 'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/loong64', 'linux/mips', 'linux/mips64',
  'linux/mips64le', 'linux/mipsle', 'linux/ppc64', 'linux/ppc64le', 'linux/riscv64', 'linux/s390x',
  'netbsd/386', 'netbsd/amd64', 'netbsd/arm', 'netbsd/arm64',
  'openbsd/386', 'openbsd/amd64', 'openbsd/arm', 'openbsd/arm64', 'openbsd/mips64', 'openbsd/ppc64', 'openbsd/riscv64',
  'plan9/386', 'plan9/amd64', 'plan9/arm',
  'solaris/amd64',
  'wasip1/wasm',
  'windows/386', 'windows/amd64', 'windows/arm', 'windows/arm64',
];

const PAIRS = new Set(GO_DIST_LIST);
export const GOOS_VALUES = new Set(GO_DIST_LIST.map((p) => p.split('/')[0]));
export const GOARCH_VALUES = new Set(GO_DIST_LIST.map((p) => p.split('/')[1]));

export function validPair(goos: string, goarch: string): boolean {
  return PAIRS.has(`${goos}/${goarch}`);
}

/** Names other tools use for an architecture (uname, Docker, Debian, Rust), mapped to Go's. */
const ARCH_TYPOS: Record<string, string> = {
  x86_64: 'amd64', 'x86-64': 'amd64', x64: 'amd64', amd: 'amd64', x86_64h: 'amd64',
  aarch64: 'arm64', arm64v8: 'arm64', armv8: 'arm64', 'arm64/v8': 'arm64', aarch_64: 'arm64',
  i386: '386', i486: '386', i586: '386', i686: '386', x86: '386', ia32: '386',
  armv7: 'arm', armv7l: 'arm', armhf: 'arm', armv6: 'arm', armv6l: 'arm', armel: 'arm', 'arm/v7': 'arm', 'arm/v6': 'arm',
  ppc64el: 'ppc64le', powerpc64le: 'ppc64le', riscv: 'riscv64', loongarch64: 'loong64',
};

/** Names other tools use for an operating system, mapped to Go's. */
const OS_TYPOS: Record<string, string> = {
  win: 'windows', win32: 'windows', win64: 'windows', windows_nt: 'windows', window: 'windows',
  macos: 'darwin', osx: 'darwin', mac: 'darwin', macosx: 'darwin',
  'linux-gnu': 'linux', gnu: 'linux',
};

/** The Go name meant by an invalid GOARCH, when it is a known alias or differs only in case. */
export function suggestArch(value: string): string | undefined {
  const lower = value.toLowerCase();
  if (GOARCH_VALUES.has(lower)) return lower;
  return own(ARCH_TYPOS, lower);
}

export function suggestOs(value: string): string | undefined {
  const lower = value.toLowerCase();
  if (GOOS_VALUES.has(lower)) return lower;
  return own(OS_TYPOS, lower);
}

/**
 * The platform arguments BuildKit sets for every build (docs.docker.com/build/building/variables/,
 * "Multi-platform build arguments"). They are global: a stage sees one only after an `ARG NAME`
 * without a value. An ARG with a default keeps its default: only `--build-arg` values replace a
 * stage ARG's default, and the platform values are global arguments, which fill in an ARG only when
 * it has no default (moby/buildkit frontend/dockerfile/dockerfile2llb/convert.go, `dispatchArg`:
 * `buildArgValues` are the `--build-arg`s only; docker/buildx#510; fixed that way in
 * apache/skywalking-swck#215, which checked the ELF header of the published arm64 image).
 */
export const PLATFORM_ARGS = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT'] as const;

/** The GOARCH of an OCI platform string (`linux/arm64/v8` → arm64, `linux/arm/v7` → arm); undefined when not literal or unknown. */
export function goArchOfPlatform(platform: string | undefined): string | undefined {
  if (!platform || platform.includes('$')) return undefined;
  const parts = platform.toLowerCase().split('/');
  if (parts.length < 2) return undefined;
  const arch = parts[1] === 'aarch64' ? 'arm64' : parts[1] === 'x86_64' ? 'amd64' : parts[1];
  return GOARCH_VALUES.has(arch) ? arch : undefined;
}
