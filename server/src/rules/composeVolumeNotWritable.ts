/**
 * DGT233 compose-volume-not-writable: a compose service's Go program writes into a named volume (or
 * a bind mount that a fresh clone lacks) while it runs as a non-root user, and the image does not
 * create that folder for the user: the volume starts out owned by root and every write is refused.
 */
import * as path from 'node:path';
import { composeRule, type ComposeContext } from './context';
import type { FileEdit, FixInput, RelatedInput, ReportInput } from '../core/types';
import { detectEol } from '../core/text';
import { child, scalarOf } from '../model/composeView';
import { serviceMounts } from '../model/databaseService';
import { bindMounts } from '../model/composeSpecs';
import { relativeSource } from '../model/composeBinds';
import { interpolate, projectDotenv } from '../model/composeInterpolation';
import { gitIgnored, gitRootOf } from '../model/buildContext';
import type { ImageFacts } from '../model/image';
import { finalWorkdir } from '../model/instructions';
import { runtimeSettings } from '../model/goMain';
import { containerPathOf, programFileUses } from '../model/programFiles';
import { ownerOf, type Ownership } from '../model/ownership';
import { pathIn } from '../model/fileTree';
import { baseOf } from '../model/stageGraph';
import { effectiveUser, isRootUser } from '../model/stages';
import { afterFrom } from '../model/imageContents';
import { lineIndent } from '../model/goCommands';
import { composeScope, type ComposeScope, type ServiceRef } from './lib/composeKit';
import { insertBeforeEntry } from './lib/instructionText';
import { bitnamiImage } from '../facts/bitnamiImages';

/** A write of the program: the container path it writes and where the code says so. */
interface Write {
  file: string;
  api: string;
  at: { path: string; start: number; end: number };
}

/** The user the container runs as, when it is not root: compose `user:`, the image's USER, the base image's default. */
function runtimeUser(svc: ServiceRef, image: ImageFacts): { user: string; group: string | undefined; from: 'compose' | 'USER' | 'base' } | undefined {
  const composed = scalarOf(child(svc.merged, 'user'))?.value;
  if (composed !== undefined) {
    const [user, group] = composed.split(':');
    if (!user || composed.includes('$') || user === 'root' || user === '0') return undefined;
    return { user, group, from: 'compose' };
  }
  const u = effectiveUser(image.model, image.final);
  if (u) return !u.user || u.value.includes('$') || isRootUser(u) ? undefined : { user: u.user, group: u.group, from: 'USER' };
  const base = baseOf(image.model, image.final)?.user;
  return base && base.uid !== 0 ? { user: String(base.uid), group: String(base.uid), from: 'base' } : undefined;
}

/** What the program writes, as container paths, with the settings that could move them left out. */
function writesOf(ctx: ComposeContext, image: ImageFacts, workdir: string | undefined): Write[] {
  const rt = runtimeSettings(ctx.project, { build: image.build, final: image.final });
  const movable = (env: string[], flags: string[]) => (env.length && (rt.envOpen || env.some((e) => rt.env.has(e)))) || flags.some((f) => new RegExp(`(^|[\\s"'\\[,])--?${f}(=|[\\s"',\\]]|$)`).test(rt.args));
  const out: Write[] = [];
  for (const dir of image.mainDirs) {
    const { uses, logs } = programFileUses(ctx.project, dir);
    for (const u of uses) {
      if ((u.op !== 'write' && u.op !== 'mkdir') || !u.value || u.guarded || movable(u.env, u.flags)) continue;
      const file = containerPathOf(u.value.replace(/^file:/, '').replace(/\?.*$/, ''), workdir);
      if (file && !file.includes(':memory:')) out.push({ file, api: u.api, at: u.lit?.lit ? { path: u.lit.path ?? u.path, start: u.lit.lit.start, end: u.lit.lit.end } : { path: u.path, start: u.start, end: u.end } });
    }
    for (const l of logs) {
      if (movable(l.env, l.flags)) continue;
      const file = containerPathOf(l.file, workdir);
      if (file) out.push({ file, api: l.sink, at: { path: l.path, start: l.start, end: l.end } });
    }
  }
  return out;
}

const RELATED = { write: '{api} writes {file} here.', made: '`{target}` is made here, owned by root.' };

export const composeVolumeNotWritable = composeRule({
  id: 'DGT233',
  name: 'compose-volume-not-writable',
  kind: 'compose',
  severity: 'warning',
  title: 'Volume the non-root user of the image cannot write',
  relatedMessages: RELATED,
  fixTitles: { installDir: 'Create {target} for {user} in the image: RUN install -d {owner} {target}', copyDir: 'Create {target} for {user} in the image: COPY --chown={user} an empty folder' },
  messages: {
    volume:
      'The Go program of `{service}` writes `{file}` ({api}) into the volume mounted at `{target}`, but it runs as `{user}` and {why}: a new volume takes the owner of that folder, root, and the write fails with `{error}`. Create the folder in the image for that user before the volume is first used ({hint}).',
    bitnami:
      'The Bitnami image `{image}` runs as uid {uid} and keeps its data in `{persistence}`, and `{source}` is bind-mounted there: on a Linux host (and in a WSL folder) that folder belongs to the user who made it, or to root when Docker creates it, so the server cannot write its data: `{error}`. Use a named volume (Docker gives a new one the image\'s owner), or give the folder to uid {uid} on every machine (`sudo chown -R {uid}:{uid} {source}`).',
    bind:
      'The Go program of `{service}` writes `{file}` ({api}) into `{source}`, which a fresh clone does not have: Docker creates it, owned by root, and the program runs as `{user}`, so on a Linux host the write fails with `{error}` (Docker Desktop\'s file sharing lets any user write). Commit the folder (with a `.gitkeep`) and give it to that user, or use a named volume the image prepares.',
  },
  docs: {
    what: 'Finds a named volume (or a bind mount whose folder a fresh clone lacks) that a compose service\'s Go program writes into — `os.WriteFile`, `os.Create`, `os.OpenFile` for writing, `os.MkdirAll`, an sqlite or bolt database file, a log file — while the container runs as a non-root user (USER, compose `user:`, distroless `:nonroot`, Bitnami images\' uid 1001) and the image does not create that folder owned by that user. Also a host folder bind-mounted over the data folder of a Bitnami image (`./pgdata:/bitnami/postgresql`), which runs as uid 1001 — with the image name and the bind source taken through the project\'s `.env`, and the data folder where the image\'s own variable moves it (`ETCD_DATA_DIR`).',
    why:
      'A new named volume is filled from the image: it takes the files and the owner of the folder it is mounted over. When the image has no such folder, Docker makes the mount point owned by root; when `RUN mkdir` made it before `USER app`, root owns it too. The program then cannot create a single file there. It works with `docker run` (no volume) and as root, and fails only once the image drops root or compose adds the volume — with an error from deep inside the program.',
    errorText: ['open /data/app.db: permission denied', 'unable to open database file: permission denied', 'mkdir /data/uploads: permission denied', "mkdir: cannot create directory '/bitnami/postgresql/data': Permission denied"],
    bad: '# Dockerfile: FROM gcr.io/distroless/static-debian12:nonroot ... (no /data in the image)\n# main.go: os.WriteFile("/data/state.json", b, 0o644)\nservices:\n  api:\n    build: .\n    volumes:\n      - appdata:/data\nvolumes:\n  appdata:\n',
    good: '# Dockerfile: in the builder, RUN mkdir -p /volumes/data\n#             in the final stage, COPY --from=build --chown=65532:65532 /volumes/data /data\nservices:\n  api:\n    build: .\n    volumes:\n      - appdata:/data\nvolumes:\n  appdata:\n',
    exampleLanguage: 'yaml',
    fixes:
      'Edits the service\'s Dockerfile: `RUN install -d -o <user> -g <group> <path>` before the USER that drops root, or, for images without a shell (scratch, distroless), an empty folder made in the builder stage and copied in with `COPY --chown=<uid>:<gid>`. A volume that already exists keeps its old owner: recreate it (`docker compose down -v`).',
    notFlagged: [
      'Containers that run as root, images that create the folder for the user (`install -d -o`, `COPY --chown`, a `chown` or `chmod` of it), and folders the image gets in ways we cannot see through.',
      'tmpfs mounts (world-writable by default), bind mounts of folders the repository has, and writes to paths that an environment variable or flag the service sets may move.',
      'Bitnami services that set `user:` (the images accept any uid), read-only binds and single files mounted into the data folder, and folders of the persistence folder the server does not write (`/bitnami/etcd/logs`: only `data` below it is written).',
      'Paths the program builds at run time, and programs whose packages we cannot read.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const svc of scope.services) {
      if (!child(svc.merged, 'build')) {
        for (const r of bitnamiBinds(ctx, scope.view, svc)) report(r);
        continue;
      }
      const image = scope.image(svc.name);
      if (!image?.go || image.family === 'windows' || image.model.escapeDirective) continue;
      const user = runtimeUser(svc, image);
      if (!user) continue;
      const workdir = scalarOf(child(svc.merged, 'working_dir'))?.value ?? finalWorkdir(image.final);
      const named = serviceMounts(svc.merged).filter((m) => m.named && m.scalar.path === ctx.path && m.targetStart !== undefined);
      const binds = bindMounts(child(svc.merged, 'volumes')).filter((b) => b.path === ctx.path && b.target && b.targetStart !== undefined && !b.readOnly);
      if (!named.length && !binds.length) continue;
      const writes = writesOf(ctx, image, workdir);
      const inside = (target: string) => writes.find((w) => w.file !== target && w.file.startsWith(target === '/' ? '/' : target + '/'));
      for (const m of named) {
        const w = inside(m.target);
        if (!w) continue;
        // A deeper folder the image has (say /data/db, prepared) may be where the write goes: not judged.
        const folder = path.posix.dirname(w.file);
        if (folder !== m.target && pathIn(ctx.project, image.build, image.model, image.final, folder).kind !== 'absent') continue;
        const owner = ownerOf(ctx.project, image.build, image.model, image.final, m.target);
        if (owner.kind === 'unknown' || owner.kind === 'user') continue;
        const related: RelatedInput[] = [{ ...w.at, messageId: 'write', data: { api: w.api, file: w.file } }];
        if (owner.kind === 'root') related.push({ path: image.build.dockerfile, start: owner.at.start, end: owner.at.end, messageId: 'made', data: { target: m.target } });
        const fix = ownFolderFix(ctx, image, user, m.target);
        report({
          start: m.targetStart as number,
          end: (m.targetStart as number) + (ctx.text.slice(m.targetStart as number).match(/^[^:\s"']+/)?.[0].length ?? m.target.length),
          messageId: 'volume',
          data: {
            service: svc.name,
            file: w.file,
            api: w.api,
            target: m.target,
            user: user.user,
            why: whyRoot(owner, m.target),
            error: errorFor(w),
            hint: fix ? fix.hint : `\`RUN install -d -o ${user.user} ${m.target}\` before USER, or \`COPY --chown\` of an empty folder`,
          },
          fixes: fix ? [fix.fix] : [],
          related,
        });
      }
      for (const b of binds) {
        const target = path.posix.normalize(b.target as string).replace(/\/+$/, '') || '/';
        const w = inside(target);
        const host = relativeSource(scope.view, b);
        if (!w || !host || !missingInClone(ctx, host)) continue;
        report({
          start: b.targetStart as number,
          end: b.targetEnd as number,
          messageId: 'bind',
          data: { service: svc.name, file: w.file, api: w.api, source: b.source, user: user.user, error: errorFor(w) },
          related: [{ ...w.at, messageId: 'write', data: { api: w.api, file: w.file } }],
        });
      }
    }
  },
});

/** Host folders bind-mounted over the data folder of a Bitnami image, which runs as uid 1001. */
function bitnamiBinds(ctx: ComposeContext, view: ComposeScope['view'], svc: ServiceRef): ReportInput<'bitnami'>[] {
  // Values through the project's .env, as Compose interpolates them by default.
  let dotenv: ReturnType<typeof projectDotenv> | null | undefined;
  const expand = (v: string | undefined): string | undefined => {
    if (v === undefined || !v.includes('$')) return v;
    if (dotenv === undefined) dotenv = projectDotenv(ctx.project, view.dir) ?? null;
    return dotenv ? interpolate(v, dotenv.entries) : undefined;
  };
  const ref = expand(scalarOf(child(svc.merged, 'image'))?.value);
  const image = ref ? bitnamiImage(ref) : undefined;
  if (!image || child(svc.merged, 'user')) return [];
  // The data folder, unless the service moves it with the image's own variable.
  const env = child(svc.merged, 'environment');
  const moved = image.dataDirEnv && env?.kind === 'map' ? expand(scalarOf(env.entries.get(image.dataDirEnv)?.value)?.value) : undefined;
  if (moved !== undefined && !/^\/[^\s$]*$/.test(moved)) return [];
  const p = moved ? path.posix.normalize(moved).replace(/\/+$/, '') || '/' : image.persistence;
  const when = image.errorWhen;
  const switchedOff = !!when && env?.kind === 'map' && expand(scalarOf(env.entries.get(when.env)?.value)?.value)?.toLowerCase() === when.value;
  const error = (moved ? image.movedError?.replace('{dir}', p) : switchedOff ? when?.error : image.error) ?? 'Permission denied';
  const out: ReportInput<'bitnami'>[] = [];
  for (const b of bindMounts(child(svc.merged, 'volumes'))) {
    if (b.path !== ctx.path || !b.target || b.targetStart === undefined || b.targetEnd === undefined || b.readOnly) continue;
    const expanded = expand(b.source);
    if (expanded === undefined || expanded.includes('$')) continue;
    // As the user would type it: `${DATA_DIR}/x` with DATA_DIR=./ is `./x`.
    const source = expanded === b.source ? b.source : /^\.\.?\//.test(expanded) ? `./${path.posix.normalize(expanded)}`.replace(/^\.\/\.\.\//, '../') : path.posix.normalize(expanded);
    const target = path.posix.normalize(b.target).replace(/\/+$/, '') || '/';
    // The data folder, a folder above it that the image keeps under /bitnami, or a folder in it that
    // the server writes: under a data folder, or the `data` folder of the image's persistence folder
    // (bitnami/etcd writes /bitnami/etcd/data; its /bitnami/etcd/logs stays unused: etcd logs to stderr).
    const below = target.startsWith(p + '/') ? target.slice(p.length + 1).split('/')[0] : undefined;
    const writtenBelow = below !== undefined && (moved !== undefined || path.posix.basename(p) === 'data' || below === 'data');
    if (!(target === p || writtenBelow || (p.startsWith(target + '/') && target.startsWith('/bitnami')))) continue;
    const host = /^\.\.?(\/|$)/.test(source) ? path.resolve(view.dir, source) : undefined;
    if (host && ctx.project.exists(host) === 'file') continue;
    out.push({
      start: b.targetStart,
      end: b.targetEnd,
      messageId: 'bitnami',
      data: { image: ref as string, uid: image.uid, persistence: p, source, error },
    });
  }
  return out;
}

function whyRoot(owner: Ownership, target: string): string {
  return owner.kind === 'absent' ? `the image has no \`${target}\` (Docker makes the mount point, owned by root)` : `the image makes \`${target}\` as root`;
}

function errorFor(w: Write): string {
  if (/sqlite/i.test(w.api)) return 'unable to open database file: permission denied';
  return /Mkdir/.test(w.api) ? `mkdir ${w.file}: permission denied` : `open ${w.file}: permission denied`;
}

/** A folder of a git work tree that a fresh clone does not have: absent here, or ignored by git. */
function missingInClone(ctx: ComposeContext, host: string): boolean {
  const root = gitRootOf(ctx.project, path.dirname(host));
  if (!root || !host.startsWith(root + path.sep)) return false;
  if (ctx.project.exists(host) === 'file') return false;
  return ctx.project.exists(host) === undefined || gitIgnored(ctx.project, root, host, true);
}

/** The Dockerfile edit that creates `target` owned by the user: install -d before USER, or COPY --chown for images without a shell. */
function ownFolderFix(ctx: ComposeContext, image: ImageFacts, user: { user: string; group: string | undefined; from: string }, target: string): { fix: FixInput; hint: string } | undefined {
  const { model, final } = image;
  const file = image.build.dockerfile;
  const text = ctx.project.text(file);
  if (text === undefined || /\s/.test(target) || user.from === 'compose') return undefined;
  const eol = detectEol(text);
  const base = baseOf(model, final);
  const u = effectiveUser(model, final);
  if (base?.shell && u && user.from === 'USER' && final.instructions.includes(u.ins)) {
    const before = effectiveUser(model, final, u.ins.start);
    if (before && !isRootUser(before)) return undefined;
    const owner = `-o ${user.user}${user.group ? ` -g ${user.group}` : ''}`;
    const { lineStart, indent } = lineIndent(text, u.ins.start);
    const edit: FileEdit = { path: file, start: lineStart, end: lineStart, newText: `${indent}RUN install -d ${owner} ${target}${eol}` };
    return { fix: { titleId: 'installDir', titleData: { target, user: user.user, owner }, preferred: true, edits: [edit] }, hint: `\`RUN install -d ${owner} ${target}\` before \`USER ${u.value}\`` };
  }
  if (base?.shell !== null) return undefined;
  // No shell in the image: make an empty folder in the builder and copy it in with its owner.
  const builder = image.goBuilds.map((g) => g.stage).find((s) => baseOf(model, s)?.shell);
  if (!builder || builder === final || !builder.name) return undefined;
  const owner = `${user.user}:${user.group ?? user.user}`;
  const empty = '/volumes' + target;
  const afterBuilderFrom = afterFrom(model, builder);
  const copy = `COPY --from=${builder.name} --chown=${owner} ${empty} ${target}`;
  const copyEdit = insertBeforeEntry(file, text, final, copy);
  if (!copyEdit) return undefined;
  return {
    fix: { titleId: 'copyDir', titleData: { target, user: owner }, preferred: true, edits: [{ path: file, start: afterBuilderFrom, end: afterBuilderFrom, newText: `${eol}RUN mkdir -p ${empty}` }, copyEdit] },
    hint: `\`RUN mkdir -p ${empty}\` in the ${builder.name} stage and \`${copy}\``,
  };
}
