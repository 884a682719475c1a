/**
 * What the base images Go services are built on and shipped in contain, as one table: C library,
 * shell, package tool, users, CA bundle, zone database, tools on PATH, the environment and working
 * directory the image sets, and when a release's package repositories went away.
 *
 * Every fact comes from the images' own build files or root file systems; each entry names its
 * source (repository@commit:path). Where a fact could not be read it is left out (undefined), and
 * the rules then stay quiet: an unknown is never taken for an absence.
 *
 * This module is data and string matching only: it imports nothing but other fact tables, so every
 * layer can use it.
 */
import { bitnamiUser } from './bitnamiImages';
import { own } from '../core/table';

export type ImageFamily = 'scratch' | 'alpine' | 'busybox' | 'distroless-static' | 'distroless' | 'debian' | 'windows' | 'unknown';

export type Libc = 'glibc' | 'musl' | 'uclibc' | 'none';

/** The tools whose presence the table records. */
export type Tool = 'sh' | 'bash' | 'curl' | 'wget' | 'git' | 'gcc' | 'make' | 'tar' | 'ssh' | 'nc';

export interface BaseImage {
  /** What the facts describe, e.g. "golang on Debian 12 (bookworm)". */
  name: string;
  family: ImageFamily;
  os: 'linux' | 'windows';
  /** The distribution release, e.g. "debian 12", "alpine 3.20", "ubuntu 24.04". */
  release?: string;
  libc?: Libc;
  /** glibc or musl version, when known. */
  libcVersion?: string;
  /** The POSIX shell's path; null when the image has no shell at all. */
  shell?: string | null;
  shellKind?: 'dash' | 'bash' | 'busybox';
  packageTool?: 'apk' | 'apt' | 'dnf' | 'yum' | 'microdnf' | null;
  /** The user the image runs as when nothing sets USER. */
  user?: { name: string; uid: number };
  /** Names in /etc/passwd (null: no /etc/passwd); complete only when {@link usersComplete}. */
  users?: readonly string[] | null;
  usersComplete?: boolean;
  /** How users are created: shadow's useradd (and Debian's adduser wrapper), busybox's adduser, or not at all. */
  userAdd?: 'shadow' | 'busybox' | null;
  caBundle?: boolean;
  zoneinfo?: boolean;
  /** Tools on PATH: true, 'busybox' (a busybox applet), false (absent). A tool not listed is unknown. */
  tools: Readonly<Partial<Record<Tool, boolean | 'busybox'>>>;
  /** Environment variables the image sets (not PATH). */
  env: Readonly<Record<string, string>>;
  workdir?: string;
  /** When the release's package repositories left the mirrors (`apt-get update` then fails). */
  reposGone?: ReposGone;
  /** Where the facts come from. */
  source: string;
}

/**
 * A release whose package repositories left the distribution's mirrors: from that day on,
 * `apt-get update` (or yum/dnf) in an image of that release fails unless its sources point at the
 * archive. `source` is where the removal was announced or first reported.
 */
export interface ReposGone {
  /** The release, as users know it: "Debian 9 (stretch)", "CentOS Linux 7". */
  release: string;
  since: string;
  what: string;
  /** What the package tool then prints (the line users search for). */
  error: string;
  /** The distribution's package tool and where the packages live now. */
  tool: 'apt' | 'yum' | 'dnf';
  archive: string;
  source: string;
}

// ---- sources -------------------------------------------------------------------------------------

const GOLANG_SRC = 'docker-library/golang@7c8c182b:<ver>/<variant>/Dockerfile; docker-library/buildpack-deps@8330ca1d:debian/<suite>/{curl,scm}/Dockerfile';
const GOLANG_ALPINE_SRC = 'docker-library/golang@7c8c182b:<ver>/alpine3.N/Dockerfile (FROM alpine:3.N; apk add ca-certificates only)';
const DEBIAN_SRC = 'debuerreotype/docker-debian-artifacts (dist-amd64: rootfs.manifest per suite); GoogleContainerTools/distroless@cd080764:private/repos/deb/*.lock.json (libc6 versions)';
const ALPINE_SRC = 'alpinelinux/docker-alpine (branch v3.N: alpine-minirootfs lib/apk/db/installed, etc/passwd, etc/ssl)';
const BUSYBOX_SRC = 'docker-library/busybox@70ce0fb9 (dist-amd64: latest/{glibc,musl,uclibc})';
const DISTROLESS_SRC = 'GoogleContainerTools/distroless@cd080764:base/BUILD, base/base.bzl, common/variables.bzl (users root 0, nobody 65534, nonroot 65532), experimental/busybox (debug tags)';
const UBUNTU_SRC = 'docker-library/official-images:library/ubuntu; ubuntu cloud-images minimized rootfs (no tzdata, no ca-certificates); user ubuntu uid 1000 in 23.04+';
const CHAINGUARD_SRC = 'chainguard-images/images (old public repository): images/static (wolfi-baselayout, ca-certificates-bundle, tzdata; user nonroot 65532)';
const RELEASE_FACTS = 'distribution release notes (glibc per release); no image build file read';

const GO_ENV = { GOPATH: '/go' };

// ---- Debian and Ubuntu releases ------------------------------------------------------------------

export interface DebianRelease {
  version: string;
  codename: string;
  glibc?: string;
  zoneinfo?: boolean;
  reposGone?: ReposGone;
}

/**
 * The releases whose repositories are gone, with dates and sources: this table and RHEL_REPOS_GONE
 * below are the only places that say so. Ubuntu's LTS releases are not here: they stay on
 * archive.ubuntu.com through Extended Security Maintenance (only interim releases move to
 * old-releases.ubuntu.com, and the table knows none of those).
 */
const DEBIAN: DebianRelease[] = [
  {
    version: '8',
    codename: 'jessie',
    reposGone: {
      release: 'Debian 8 (jessie)',
      error: 'W: Failed to fetch http://deb.debian.org/debian/dists/jessie-updates/main/binary-amd64/Packages  404  Not Found',
      since: '2019-03-26',
      what: 'Debian 8 (jessie) lost jessie-updates on the Debian mirrors, then moved to archive.debian.org',
      tool: 'apt',
      archive: 'archive.debian.org',
      source: 'https://lists.debian.org/debian-devel-announce/2019/03/msg00006.html (removal of jessie-updates and jessie-backports); docker-library/official-images#3551',
    },
  },
  {
    version: '9',
    codename: 'stretch',
    glibc: '2.24',
    reposGone: {
      release: 'Debian 9 (stretch)',
      error: "E: The repository 'http://deb.debian.org/debian stretch Release' does not have a Release file.",
      since: '2023-04-23',
      what: 'Debian 9 (stretch) left the Debian mirrors for archive.debian.org',
      tool: 'apt',
      archive: 'archive.debian.org',
      source: 'https://lists.debian.org/debian-devel-announce/2023/03/msg00006.html (stretch imported on archive.debian.org, removed from the main archive on 2023-04-23 or later); debuerreotype/docker-debian-eol-artifacts#10',
    },
  },
  {
    version: '10',
    codename: 'buster',
    glibc: '2.28',
    reposGone: {
      release: 'Debian 10 (buster)',
      error: "E: The repository 'http://deb.debian.org/debian buster Release' does not have a Release file.",
      since: '2025-07-12',
      what: 'Debian 10 (buster) left the Debian mirrors for archive.debian.org',
      tool: 'apt',
      archive: 'archive.debian.org',
      source: 'https://lists.debian.org/debian-devel-announce/2025/06/msg00001.html; first failures reported 2025-07-13 (fluent/fluent-bit#10597, oakestra/oakestra#437)',
    },
  },
  { version: '11', codename: 'bullseye', glibc: '2.31', zoneinfo: true },
  { version: '12', codename: 'bookworm', glibc: '2.36', zoneinfo: true },
  { version: '13', codename: 'trixie', glibc: '2.41', zoneinfo: true },
];

function debianBy(nameOrVersion: string): DebianRelease | undefined {
  return DEBIAN.find((d) => d.codename === nameOrVersion || d.version === nameOrVersion);
}

interface UbuntuRelease {
  version: string;
  codename: string;
  glibc: string;
  reposGone?: ReposGone;
}

const UBUNTU: UbuntuRelease[] = [
  { version: '14.04', codename: 'trusty', glibc: '2.19' },
  { version: '16.04', codename: 'xenial', glibc: '2.23' },
  { version: '18.04', codename: 'bionic', glibc: '2.27' },
  { version: '20.04', codename: 'focal', glibc: '2.31' },
  { version: '22.04', codename: 'jammy', glibc: '2.35' },
  { version: '24.04', codename: 'noble', glibc: '2.39' },
];

// ---- the golang image -----------------------------------------------------------------------------

/**
 * The Debian release behind a bare `golang:<version>` tag as it is pulled today: the last release
 * that tag was built on (docker-library/official-images:library/golang, all revisions).
 */
export function golangDefaultDebian(minor: number): DebianRelease | undefined {
  if (minor <= 8) return debianBy('jessie');
  if (minor <= 10) return debianBy('stretch');
  if (minor <= 15) return debianBy('buster');
  if (minor <= 18) return debianBy('bullseye');
  if (minor <= 23) return debianBy('bookworm');
  return debianBy('trixie');
}

function golangDebian(release: DebianRelease | undefined, minor: number | undefined): BaseImage {
  const env: Record<string, string> = { ...GO_ENV };
  // GOTOOLCHAIN=local since the 2023-09-15 builds of Go 1.21 and later (docker-library/golang@b643595f).
  if (minor !== undefined && minor >= 21) env.GOTOOLCHAIN = 'local';
  return {
    name: release ? `golang on Debian ${release.version} (${release.codename})` : 'golang on Debian',
    family: 'debian',
    os: 'linux',
    release: release ? `debian ${release.version}` : undefined,
    libc: 'glibc',
    libcVersion: release?.glibc,
    shell: '/bin/sh',
    shellKind: 'dash',
    packageTool: 'apt',
    user: { name: 'root', uid: 0 },
    userAdd: 'shadow',
    caBundle: true,
    // buildpack-deps' curl layer installs tzdata (read for bullseye, bookworm and trixie).
    zoneinfo: release?.zoneinfo,
    tools: { sh: true, bash: true, curl: true, wget: true, git: true, gcc: true, make: true, tar: true, ssh: true, nc: false },
    env,
    workdir: '/go',
    reposGone: release?.reposGone,
    source: GOLANG_SRC,
  };
}

function golangAlpine(alpine: string | undefined, minor: number | undefined): BaseImage {
  const env: Record<string, string> = { ...GO_ENV };
  if (minor !== undefined && minor >= 21) env.GOTOOLCHAIN = 'local';
  return {
    name: alpine ? `golang on Alpine ${alpine}` : 'golang on Alpine',
    family: 'alpine',
    os: 'linux',
    release: alpine ? `alpine ${alpine}` : undefined,
    libc: 'musl',
    shell: '/bin/sh',
    shellKind: 'busybox',
    packageTool: 'apk',
    user: { name: 'root', uid: 0 },
    users: ['root', 'bin', 'daemon', 'guest', 'nobody'],
    userAdd: 'busybox',
    caBundle: true,
    zoneinfo: false,
    tools: { sh: 'busybox', bash: false, curl: false, wget: 'busybox', git: false, gcc: false, make: false, tar: 'busybox', ssh: false, nc: 'busybox' },
    env,
    workdir: '/go',
    source: GOLANG_ALPINE_SRC,
  };
}

/** `golang` tags: `1.22`, `1.22.3-bookworm`, `1.22-alpine3.20`, `alpine`, `latest`, `windowsservercore-ltsc2022`. */
function golangImage(tag: string | undefined): BaseImage | undefined {
  const t = (tag ?? 'latest').toLowerCase();
  if (/windowsservercore|nanoserver/.test(t)) return windowsImage(`golang:${t}`);
  const m = /^(?:(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(?:rc|beta)\d+)?)?(?:-?(.*))?$/.exec(t);
  if (!m) return undefined;
  const major = m[1] !== undefined ? Number(m[1]) : undefined;
  // 1.21.0 and 1.21.1 were last built before GOTOOLCHAIN=local was added (2023-09-15): count them as older.
  const early121 = major === 1 && m[2] === '21' && m[3] !== undefined && Number(m[3]) <= 1;
  const minor = major === 1 && m[2] !== undefined ? (early121 ? 20 : Number(m[2])) : undefined;
  const variant = m[4] ?? '';
  if (variant === '' || variant === 'latest') {
    // A bare version: the Debian release it was last built on; `latest` and `1`: the newest.
    return golangDebian(minor !== undefined ? golangDefaultDebian(minor) : debianBy('trixie'), minor ?? (major === undefined || major === 1 ? 99 : undefined));
  }
  const alpine = /^alpine(\d+\.\d+)?$/.exec(variant);
  if (alpine) return golangAlpine(alpine[1], minor ?? (major === undefined ? 99 : undefined));
  const suite = debianBy(variant);
  if (suite) return golangDebian(suite, minor ?? (major === undefined ? 99 : undefined));
  return undefined;
}

// ---- other images ---------------------------------------------------------------------------------

function windowsImage(name: string): BaseImage {
  return { name, family: 'windows', os: 'windows', libc: 'none', tools: {}, env: {}, source: 'Windows images (servercore, nanoserver): not Linux' };
}

function debianImage(tag: string | undefined): BaseImage | undefined {
  const t = (tag ?? 'latest').toLowerCase();
  const m = /^(latest|stable|[a-z]+|\d+)(?:\.\d+)*(?:-\d{8})?(-slim)?$/.exec(t);
  if (!m) return undefined;
  const release = m[1] === 'latest' || m[1] === 'stable' ? debianBy('trixie') : debianBy(m[1]);
  if (!release) return undefined;
  return {
    name: `debian:${release.codename}${m[2] ?? ''} (Debian ${release.version})`,
    family: 'debian',
    os: 'linux',
    release: `debian ${release.version}`,
    libc: 'glibc',
    libcVersion: release.glibc,
    shell: '/bin/sh',
    shellKind: 'dash',
    packageTool: 'apt',
    user: { name: 'root', uid: 0 },
    userAdd: 'shadow',
    caBundle: false,
    zoneinfo: release.zoneinfo,
    tools: { sh: true, bash: true, curl: false, wget: false, git: false, gcc: false, make: false, tar: true, ssh: false },
    env: {},
    reposGone: release.reposGone,
    source: DEBIAN_SRC,
  };
}

function ubuntuImage(tag: string | undefined): BaseImage | undefined {
  const t = (tag ?? 'latest').toLowerCase();
  const m = /^(\d{2}\.\d{2}|[a-z]+)(?:-\d{8}(?:\.\d+)?)?$/.exec(t);
  if (!m) return undefined;
  const release = UBUNTU.find((u) => u.version === m[1] || u.codename === m[1]);
  const latest = m[1] === 'latest' || m[1] === 'rolling' || m[1] === 'devel';
  if (!release && !latest) return undefined;
  return {
    name: release ? `ubuntu:${release.version} (${release.codename})` : `ubuntu:${m[1]}`,
    family: 'debian',
    os: 'linux',
    release: release ? `ubuntu ${release.version}` : undefined,
    libc: 'glibc',
    libcVersion: release?.glibc,
    shell: '/bin/sh',
    shellKind: 'dash',
    packageTool: 'apt',
    user: { name: 'root', uid: 0 },
    // ubuntu:23.04 and later ship a user `ubuntu` with uid 1000.
    users: release && Number(release.version.slice(0, 2)) < 23 ? ['root', 'nobody'] : ['root', 'nobody', 'ubuntu'],
    userAdd: 'shadow',
    caBundle: false,
    zoneinfo: false,
    tools: { sh: true, bash: true, curl: false, wget: false, git: false, gcc: false, make: false, tar: true, ssh: false },
    env: {},
    reposGone: release?.reposGone,
    source: UBUNTU_SRC,
  };
}

/** musl per alpine release, read from each release's minirootfs (3.21 and later: not read). */
const ALPINE_MUSL: Record<string, string> = {
  '3.6': '1.1.16', '3.7': '1.1.18', '3.8': '1.1.19', '3.9': '1.1.20', '3.10': '1.1.22', '3.11': '1.1.24', '3.12': '1.1.24',
  '3.13': '1.2.2', '3.14': '1.2.2', '3.15': '1.2.2', '3.16': '1.2.3', '3.17': '1.2.3', '3.18': '1.2.4', '3.19': '1.2.4', '3.20': '1.2.5',
};

function alpineImage(tag: string | undefined): BaseImage | undefined {
  const t = (tag ?? 'latest').toLowerCase();
  const m = /^(?:(3\.\d+)(?:\.\d+)?|3|latest|edge)$/.exec(t);
  if (!m) return undefined;
  const release = m[1];
  const minor = release ? Number(release.slice(2)) : undefined;
  return {
    name: `alpine:${t}`,
    family: 'alpine',
    os: 'linux',
    release: release ? `alpine ${release}` : undefined,
    libc: 'musl',
    libcVersion: release ? own(ALPINE_MUSL, release) : undefined,
    shell: '/bin/sh',
    shellKind: 'busybox',
    packageTool: 'apk',
    user: { name: 'root', uid: 0 },
    users: ['root', 'bin', 'daemon', 'guest', 'nobody'],
    userAdd: 'busybox',
    // alpine 3.6 had no CA bundle; 3.7 to 3.11 only /etc/ssl/cert.pem.
    caBundle: minor === undefined || minor >= 7,
    zoneinfo: false,
    tools: { sh: 'busybox', bash: false, curl: false, wget: 'busybox', git: false, gcc: false, make: false, tar: 'busybox', ssh: false, nc: 'busybox' },
    env: {},
    source: ALPINE_SRC,
  };
}

function busyboxImage(tag: string | undefined): BaseImage {
  const t = (tag ?? 'latest').toLowerCase();
  const libc: Libc = /musl/.test(t) ? 'musl' : /uclibc/.test(t) ? 'uclibc' : 'glibc';
  return {
    name: `busybox:${t}`,
    family: 'busybox',
    os: 'linux',
    libc,
    shell: '/bin/sh',
    shellKind: 'busybox',
    packageTool: null,
    user: { name: 'root', uid: 0 },
    users: ['root', 'daemon', 'bin', 'sys', 'sync', 'mail', 'www-data', 'operator', 'nobody'],
    userAdd: 'busybox',
    caBundle: false,
    zoneinfo: false,
    tools: { sh: 'busybox', bash: false, curl: false, wget: 'busybox', git: false, gcc: false, make: false, tar: 'busybox', ssh: false, nc: 'busybox' },
    env: {},
    source: BUSYBOX_SRC,
  };
}

const SCRATCH: BaseImage = {
  name: 'scratch (an empty image)',
  family: 'scratch',
  os: 'linux',
  libc: 'none',
  shell: null,
  packageTool: null,
  user: { name: 'root', uid: 0 },
  users: null,
  usersComplete: true,
  userAdd: null,
  caBundle: false,
  zoneinfo: false,
  tools: { sh: false, bash: false, curl: false, wget: false, git: false, gcc: false, make: false, tar: false, ssh: false, nc: false },
  env: {},
  source: 'scratch is the empty image by definition (docs.docker.com, "Create a minimal base image using scratch")',
};

/** gcr.io/distroless/{static,base-nossl,base,cc}[-debianN][:nonroot|:debug|:debug-nonroot|:latest][-arch]. */
function distrolessImage(repo: string, tag: string | undefined): BaseImage | undefined {
  const m = /(?:^|\/)distroless\/(static|base-nossl|base|cc)(?:-debian(\d+))?$/.exec(repo);
  if (!m) return undefined;
  const t = (tag ?? 'latest').toLowerCase();
  const f = /^(latest|nonroot|debug|debug-nonroot)?(?:-(?:amd64|arm64|arm|s390x|ppc64le|riscv64))?$/.exec(t);
  if (!f) return undefined;
  const flavour = f[1] ?? 'latest';
  // The unsuffixed images are Debian 13 since 2026-01-30.
  const release = debianBy(m[2] ?? '13');
  const kind = m[1];
  const nonroot = flavour.includes('nonroot');
  const debug = flavour.startsWith('debug');
  return {
    name: `gcr.io/distroless/${kind}${m[2] ? '-debian' + m[2] : ''}:${flavour}`,
    family: kind === 'static' ? 'distroless-static' : 'distroless',
    os: 'linux',
    release: release ? `debian ${release.version}` : undefined,
    libc: kind === 'static' ? 'none' : 'glibc',
    libcVersion: kind === 'static' ? undefined : release?.glibc,
    // :debug carries busybox at /busybox (its entrypoint is /busybox/sh); there is no /bin/sh.
    shell: debug ? '/busybox/sh' : null,
    shellKind: debug ? 'busybox' : undefined,
    packageTool: null,
    user: nonroot ? { name: 'nonroot', uid: 65532 } : { name: 'root', uid: 0 },
    users: ['root', 'nobody', 'nonroot'],
    usersComplete: true,
    userAdd: null,
    caBundle: true,
    zoneinfo: true,
    tools: debug
      ? { sh: 'busybox', bash: false, curl: false, wget: 'busybox', git: false, gcc: false, make: false, tar: 'busybox', ssh: false, nc: 'busybox' }
      : { sh: false, bash: false, curl: false, wget: false, git: false, gcc: false, make: false, tar: false, ssh: false, nc: false },
    env: { SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt' },
    workdir: nonroot ? '/home/nonroot' : undefined,
    source: DISTROLESS_SRC,
  };
}

function chainguardStatic(tag: string | undefined): BaseImage | undefined {
  const t = (tag ?? 'latest').toLowerCase();
  if (t !== 'latest' && t !== 'latest-glibc') return undefined;
  return {
    name: `cgr.dev/chainguard/static:${t}`,
    family: 'distroless-static',
    os: 'linux',
    libc: t === 'latest-glibc' ? 'glibc' : 'none',
    shell: null,
    packageTool: null,
    user: { name: 'nonroot', uid: 65532 },
    users: ['root', 'nobody', 'nonroot'],
    userAdd: null,
    caBundle: true,
    zoneinfo: true,
    tools: { sh: false, bash: false, curl: false, wget: false, git: false, gcc: false, make: false, tar: false, ssh: false, nc: false },
    env: {},
    source: CHAINGUARD_SRC,
  };
}

function rhelLike(name: string, libcVersion: string | undefined, packageTool: BaseImage['packageTool'], reposGone?: BaseImage['reposGone']): BaseImage {
  return { name, family: 'debian', os: 'linux', libc: 'glibc', libcVersion, shell: '/bin/sh', shellKind: 'bash', packageTool, user: { name: 'root', uid: 0 }, userAdd: 'shadow', tools: { sh: true, bash: true }, env: {}, reposGone, source: RELEASE_FACTS };
}

/** CentOS Linux releases whose repositories are gone (the other half of the table above DEBIAN). */
const RHEL_REPOS_GONE: Record<'centos7' | 'centos8', ReposGone> = {
  centos7: {
    release: 'CentOS Linux 7',
    error: 'Could not resolve host: mirrorlist.centos.org; Unknown error',
    since: '2024-07-01',
    what: 'CentOS Linux 7 reached its end of life on 2024-06-30; mirrorlist.centos.org stopped answering and the packages moved to vault.centos.org',
    tool: 'yum',
    archive: 'vault.centos.org',
    source: 'https://blog.centos.org/2023/04/end-dates-are-coming-for-centos-stream-8-and-centos-linux-7/; flipped-aurora/gin-vue-admin deploy/docker/Dockerfile (review set)',
  },
  centos8: {
    release: 'CentOS Linux 8',
    error: "Error: Failed to download metadata for repo 'appstream': Cannot prepare internal mirrorlist: No URLs in mirrorlist",
    since: '2022-01-31',
    what: 'CentOS Linux 8 reached its end of life on 2021-12-31; its packages left the mirrors for vault.centos.org on 2022-01-31',
    tool: 'dnf',
    archive: 'vault.centos.org',
    source: 'https://www.centos.org/centos-linux-eol/',
  },
};

function rhelFamily(last: string, tag: string | undefined): BaseImage | undefined {
  const t = (tag ?? 'latest').toLowerCase();
  if (last === 'centos') {
    if (/^(7|centos7)(\..*)?$/.test(t)) return rhelLike('centos:7', '2.17', 'yum', RHEL_REPOS_GONE.centos7);
    if (/^(8|centos8)(\..*)?$/.test(t)) return rhelLike('centos:8', '2.28', 'dnf', RHEL_REPOS_GONE.centos8);
    return undefined;
  }
  if (last === 'amazonlinux') {
    if (/^2(\.\d.*)?$/.test(t)) return rhelLike('amazonlinux:2', '2.26', 'yum');
    if (/^(2023(\..*)?|latest)$/.test(t)) return rhelLike('amazonlinux:2023', '2.34', 'dnf');
    return undefined;
  }
  if (last === 'ubi9-minimal' || last === 'ubi-minimal') return rhelLike('UBI 9 minimal', '2.34', 'microdnf');
  if (last === 'ubi8') return rhelLike('UBI 8', '2.28', 'yum');
  if (last === 'fedora' || last === 'rockylinux' || last === 'almalinux' || last === 'oraclelinux') return rhelLike(last, undefined, 'dnf');
  return undefined;
}

/**
 * A Bitnami application image: Debian (bitnami/minideb) with the application, run as uid 1001. The
 * Debian release, the tools and the certificates vary by application and tag: left unknown.
 */
function bitnamiBase(repo: string, user: { uid: number; source: string }): BaseImage {
  return {
    name: `${repo} (Bitnami, on bitnami/minideb)`,
    family: 'debian',
    os: 'linux',
    libc: 'glibc',
    shell: '/bin/sh',
    shellKind: 'dash',
    packageTool: 'apt',
    user: { name: String(user.uid), uid: user.uid },
    userAdd: 'shadow',
    tools: { sh: true, bash: true },
    env: {},
    source: user.source,
  };
}

// ---- lookup ---------------------------------------------------------------------------------------

/**
 * The repository of an official Docker Hub image, also when reached through a mirror
 * (docker.io/library/golang, mirror.gcr.io/library/golang, public.ecr.aws/docker/library/golang,
 * <registry host>/golang); undefined for other repositories.
 */
export function officialName(repo: string): string | undefined {
  const parts = repo.toLowerCase().split('/');
  if (parts.length === 1) return parts[0];
  const last = parts[parts.length - 1];
  if (parts.length === 3 && parts[1] === 'library') return last;
  if (parts.length === 4 && parts[1] === 'docker' && parts[2] === 'library') return last;
  if (parts.length === 2 && parts[0] === 'library') return last;
  if (parts.length === 2 && /[.:]/.test(parts[0])) return last;
  return undefined;
}

/** baseImage's answers by repository and tag: every stage and compose service asks, many alike. */
const answers = new Map<string, Map<string | undefined, BaseImage | undefined>>();

/**
 * The facts of a base image, from its repository (lower-case, without registry port or digest)
 * and tag; undefined for images the table does not know. Variables must be resolved first. The
 * same object for the same image: do not modify it.
 */
export function baseImage(repo: string, tag: string | undefined): BaseImage | undefined {
  let byTag = answers.get(repo);
  if (!byTag) {
    if (answers.size >= 4096) answers.clear();
    answers.set(repo, (byTag = new Map()));
  }
  if (byTag.has(tag)) return byTag.get(tag);
  if (byTag.size >= 256) byTag.clear();
  const facts = lookUpBaseImage(repo, tag);
  byTag.set(tag, facts);
  return facts;
}

function lookUpBaseImage(repo: string, tag: string | undefined): BaseImage | undefined {
  if (repo.includes('$') || tag?.includes('$')) return undefined;
  const r = repo.toLowerCase();
  if (r === 'scratch') return SCRATCH;
  if (/(^|\/)distroless\//.test(r) && !r.startsWith('cgr.dev/')) return distrolessImage(r, tag);
  if (r === 'cgr.dev/chainguard/static') return chainguardStatic(tag);
  if (/(^|\/)(servercore|nanoserver|windows\/(servercore|nanoserver|server))$/.test(r) || /mcr\.microsoft\.com\/windows/.test(r)) return windowsImage(r);
  const bitnami = bitnamiUser(r);
  if (bitnami) return bitnamiBase(r, bitnami);
  const official = officialName(r);
  if (r.endsWith('/ubi9-minimal') || r.endsWith('/ubi9/ubi-minimal')) return rhelFamily('ubi9-minimal', tag);
  if (r.endsWith('/ubi8') || r.endsWith('/ubi8/ubi')) return rhelFamily('ubi8', tag);
  switch (official) {
    case 'golang':
      return golangImage(tag);
    case 'alpine':
      return alpineImage(tag);
    case 'debian':
      return debianImage(tag);
    case 'ubuntu':
      return ubuntuImage(tag);
    case 'busybox':
      return busyboxImage(tag);
    case 'centos':
    case 'amazonlinux':
    case 'fedora':
    case 'rockylinux':
    case 'almalinux':
    case 'oraclelinux':
      return rhelFamily(official, tag);
    default:
      return undefined;
  }
}

/**
 * The Debian release an official image names in its tag (docker-library names its Debian variants
 * by suite: `node:14-buster`, `python:3.7-slim-stretch`, `buildpack-deps:stretch-scm`), for images
 * the table above does not describe. Undefined for other images and tags.
 */
export function officialDebianSuite(repo: string, tag: string | undefined): DebianRelease | undefined {
  if (repo.includes('$') || !tag || tag.includes('$') || officialName(repo.toLowerCase()) === undefined) return undefined;
  const m = /(?:^|-)(jessie|stretch|buster|bullseye|bookworm|trixie)(?:-|$)/.exec(tag.toLowerCase());
  return m ? debianBy(m[1]) : undefined;
}

/** Whether `a` (a glibc version such as "2.27") is older than `b`; undefined when either is unknown. */
export function olderGlibc(a: string | undefined, b: string | undefined): boolean | undefined {
  if (!a || !b) return undefined;
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}
