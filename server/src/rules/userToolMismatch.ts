/**
 * DGT125 user-tool-mismatch: user-creation commands that do not exist or do not parse on the
 * stage's base: useradd/groupadd on alpine and busybox, busybox's short adduser options on Debian.
 */
import { DockerfileContext, dockerfileRule } from './context';
import type { FileEdit, FixInput } from '../core/types';
import type { Stage } from '../parse/dockerfile';
import { installedPackages } from '../parse/dockerfile';
import type { SimpleCommand, Word } from '../parse/shell';
import { rootOf } from '../model/stageGraph';
import { packageInstall, packageName } from '../parse/dockerfile';
import { own } from '../core/table';

type Base = 'busybox' | 'debian';

/** Words a command may start with before the program itself. */
const LEADING = new Set(['then', 'do', 'else', '!', '{', 'exec', 'command', 'time', 'sudo']);

function baseOf(root: Stage): Base | undefined {
  if (root.family === 'alpine' || root.family === 'busybox') return 'busybox';
  if (root.family !== 'debian') return undefined;
  const last = root.repo.split('/').pop() ?? '';
  // RHEL-like images are "debian" for the C library, but their adduser is useradd.
  if (['centos', 'fedora', 'rockylinux', 'almalinux'].includes(last)) return undefined;
  return 'debian';
}

// Per command object: a RUN the incremental parse keeps has the same commands in the next version.
const programIndices = new WeakMap<SimpleCommand, number>();

/** The index of the program word of a simple command. */
function programIndex(cmd: SimpleCommand): number {
  let k = programIndices.get(cmd);
  if (k !== undefined) return k;
  k = 0;
  while (k < cmd.words.length && (LEADING.has(cmd.words[k].value) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(cmd.words[k].value))) k++;
  programIndices.set(cmd, k);
  return k;
}

interface Edits {
  edits: FileEdit[];
  ok: boolean;
}

/** Removes a word and the blanks after it (or, at a line end, the blanks before it). */
function deleteWord(ctx: DockerfileContext, w: Word): FileEdit {
  let end = w.end;
  while (end < ctx.text.length && (ctx.text[end] === ' ' || ctx.text[end] === '\t')) end++;
  let start = w.start;
  if (end === w.end || /[\r\n\\`]/.test(ctx.text[end] ?? '\n')) {
    end = w.end;
    while (start > 0 && (ctx.text[start - 1] === ' ' || ctx.text[start - 1] === '\t')) start--;
  }
  return { path: ctx.path, start, end, newText: '' };
}

const replace = (ctx: DockerfileContext, w: Word, newText: string): FileEdit => ({ path: ctx.path, start: w.start, end: w.end, newText });

/** useradd → busybox adduser. */
function useraddToAdduser(ctx: DockerfileContext, words: Word[], k: number): Edits {
  const out: FileEdit[] = [];
  let ok = true;
  let system = false;
  const LONG: Record<string, string | null> = {
    system: '-S', uid: '-u', gid: '-G', 'no-create-home': '-H', 'create-home': null, shell: '-s', 'home-dir': '-h',
    home: '-h', comment: '-g', 'user-group': null, 'no-log-init': null, skel: '-k',
  };
  const SHORT: Record<string, string | null> = { r: 'S', M: 'H', m: null, U: null, l: null, u: 'u', g: 'G', s: 's', d: 'h', c: 'g', k: 'k' };
  const VALUE = new Set(['u', 'g', 's', 'd', 'c', 'k']);
  for (let j = k + 1; j < words.length; j++) {
    const w = words[j];
    const v = w.value;
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = v.slice(2, eq < 0 ? undefined : eq);
      const to = own(LONG, name);
      if (to === undefined) return { edits: [], ok: false };
      if (to === '-S') system = true;
      const takesValue = ['uid', 'gid', 'shell', 'home-dir', 'home', 'comment', 'skel'].includes(name);
      if (to === null) out.push(deleteWord(ctx, w));
      else if (takesValue && eq >= 0) {
        const raw = ctx.text.slice(w.start, w.end);
        out.push(replace(ctx, w, `${to} ${raw.slice(raw.indexOf('=') + 1)}`));
      } else out.push(replace(ctx, w, to));
      if (takesValue && eq < 0) j++;
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      let cluster = '';
      const letters = v.slice(1).split('');
      for (let n = 0; n < letters.length; n++) {
        const l = letters[n];
        const to = own(SHORT, l);
        if (to === undefined) return { edits: [], ok: false };
        if (VALUE.has(l) && n !== letters.length - 1) {
          // -u1000: the value is glued to the flag.
          cluster += to + ' ' + letters.slice(n + 1).join('');
          letters.length = n + 1;
          break;
        }
        if (l === 'r') system = true;
        if (to !== null) cluster += to;
      }
      const last = letters[letters.length - 1];
      if (cluster) out.push(replace(ctx, w, '-' + cluster));
      else out.push(deleteWord(ctx, w));
      if (VALUE.has(last) && v.length === letters.length + 1) j++;
      continue;
    }
  }
  out.push(replace(ctx, words[k], system ? 'adduser' : 'adduser -D'));
  return { edits: out, ok };
}

/** groupadd → busybox addgroup. */
function groupaddToAddgroup(ctx: DockerfileContext, words: Word[], k: number): Edits {
  const out: FileEdit[] = [replace(ctx, words[k], 'addgroup')];
  for (let j = k + 1; j < words.length; j++) {
    const w = words[j];
    const v = w.value;
    if (v === '-r' || v === '--system') out.push(replace(ctx, w, '-S'));
    else if (v === '-g' || v === '--gid') {
      out.push(replace(ctx, w, '-g'));
      j++;
    } else if (v.startsWith('--gid=')) {
      const raw = ctx.text.slice(w.start, w.end);
      out.push(replace(ctx, w, '-g ' + raw.slice(raw.indexOf('=') + 1)));
    } else if (/^-g\d+$/.test(v)) continue;
    else if (v.startsWith('-')) return { edits: [], ok: false };
  }
  return { edits: out, ok: true };
}

/** Busybox short options that Debian's adduser cannot parse (each is an ambiguous abbreviation there). */
const BUSYBOX_SHORT = /^-[DSHGghsuk]+$/;
const AMBIGUOUS = /[DSHGghs]/;

/** busybox adduser short options → Debian adduser long options. */
function busyboxToDebian(ctx: DockerfileContext, words: Word[], k: number): Edits {
  const out: FileEdit[] = [];
  const LONG: Record<string, string> = {
    D: '--disabled-password', S: '--system', H: '--no-create-home', G: '--ingroup', g: '--gecos', s: '--shell', h: '--home', u: '--uid',
  };
  const VALUE = new Set(['G', 'g', 's', 'h', 'u']);
  const hasGecos = words.slice(k + 1).some((w) => /^-[A-Za-z]*g$/.test(w.value) || w.value.startsWith('--gecos') || w.value.startsWith('--comment'));
  const system = words.slice(k + 1).some((w) => /^-[A-Za-z]*S/.test(w.value) || w.value === '--system');
  for (let j = k + 1; j < words.length; j++) {
    const w = words[j];
    const v = w.value;
    if (v.startsWith('--')) {
      if (!v.includes('=') && ['--home', '--shell', '--ingroup', '--uid', '--gid', '--gecos', '--comment', '--conf', '--firstuid', '--lastuid'].includes(v)) j++;
      continue;
    }
    if (!v.startsWith('-') || v.length < 2) continue;
    if (!BUSYBOX_SHORT.test(v)) return { edits: [], ok: false };
    const letters = v.slice(1).split('');
    if (letters.includes('k')) return { edits: [], ok: false };
    if (letters.slice(0, -1).some((l) => VALUE.has(l))) return { edits: [], ok: false };
    const parts = letters.map((l) => (l === 'D' && !hasGecos && !system ? `${own(LONG, l)} --gecos ""` : own(LONG, l)));
    out.push(replace(ctx, w, parts.join(' ')));
    if (VALUE.has(letters[letters.length - 1])) j++;
  }
  return { edits: out, ok: true };
}

export const userToolMismatch = dockerfileRule({
  id: 'DGT125',
  name: 'user-tool-mismatch',
  kind: 'dockerfile',
  severity: 'error',
  title: 'User-creation command that does not exist or does not parse on this base image',
  fixTitles: { busybox: 'Use busybox {tool}', debianLong: 'Use Debian adduser long options' },
  messages: {
    useradd:
      '`useradd` does not exist on `{image}` (busybox only has `adduser` and `addgroup`), so the build stops with `/bin/sh: useradd: not found`. Use busybox\'s `adduser -D` (`adduser -S` for a system user), or `apk add --no-cache shadow` first.',
    groupadd:
      '`groupadd` does not exist on `{image}` (busybox only has `adduser` and `addgroup`), so the build stops with `/bin/sh: groupadd: not found`. Use busybox\'s `addgroup` (`addgroup -S` for a system group), or `apk add --no-cache shadow` first.',
    debianD:
      '`adduser -D` is busybox syntax. `{image}` has Debian\'s adduser, which only takes long options, so the build stops with `adduser: Option d is ambiguous (debug, disabled-login, disabled-password)`. Use `adduser --disabled-password --gecos ""`.',
    debianShort:
      '`adduser {flag}` is busybox syntax. `{image}` has Debian\'s adduser, which only takes long options and stops the build with `adduser: Option {letter} is ambiguous`. Use the long options (`--system`, `--no-create-home`, `--ingroup`, `--uid`).',
  },
  docs: {
    what: 'Finds `useradd`/`groupadd` in alpine and busybox stages, and `adduser` with busybox short options (`-D`, `-S`, `-H`, `-G`...) in Debian and Ubuntu stages.',
    why:
      'Tutorials mix the two families. alpine and busybox have busybox\'s `adduser`/`addgroup` and no `useradd`; Debian and Ubuntu have `useradd` and a Perl `adduser` that takes long options only and reads `-D` as an ambiguous abbreviation. Either way the build stops at the line that was meant to make the image safer. `adduser --disabled-password --gecos "" app` is the portable spelling: busybox understands those long options too.',
    errorText: [
      '/bin/sh: useradd: not found',
      '/bin/sh: groupadd: not found',
      'adduser: Option d is ambiguous (debug, disabled-login, disabled-password)',
    ],
    bad: 'FROM alpine:3.20\nRUN groupadd -r app && useradd -r -g app app\n\nFROM debian:bookworm-slim\nRUN adduser -D -H app\n',
    good: 'FROM alpine:3.20\nRUN addgroup -S app && adduser -S -G app app\n\nFROM debian:bookworm-slim\nRUN adduser --disabled-password --gecos "" --no-create-home app\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'alpine/busybox: rewrites `useradd` as `adduser` (`-r`→`-S`, `-u`→`-u`, `-g`→`-G`, `-M`→`-H`, `-d`→`-h`, `-c`→`-g`, `-s`→`-s`; `-m`, `-U`, `-l` dropped; `-D` added unless `-S`) and `groupadd` as `addgroup` (`-r`→`-S`, `-g`→`-g`). Debian/Ubuntu: rewrites busybox short options as long ones (`-D`→`--disabled-password --gecos ""`, `-S`→`--system`, `-H`→`--no-create-home`, `-G`→`--ingroup`, `-u`→`--uid`, `-h`→`--home`, `-s`→`--shell`, `-g`→`--gecos`). No fix when an option has no equivalent (`useradd -G`, `-o`, `-p`...).',
    notFlagged: [
      '`adduser --disabled-password --gecos "" app` anywhere: busybox maps these long options.',
      '`useradd` on alpine after `apk add shadow`; `addgroup` on Debian; Debian `adduser` with only long options.',
      'RHEL-like images (centos, fedora, rocky, alma), whose `adduser` is `useradd`, images of unknown family, and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (model.escapeDirective) return; // Windows-style files: no Linux user or shell advice
    for (const stage of model.stages) {
      const root = rootOf(model, stage);
      const base = baseOf(root);
      if (!base) continue;
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN') continue;
        ins.commands.forEach((cmd, ci) => {
          const k = programIndex(cmd);
          const prog = cmd.words[k];
          if (!prog) return;
          const name = prog.value.slice(prog.value.lastIndexOf('/') + 1);
          if (base === 'busybox' && (name === 'useradd' || name === 'groupadd')) {
            if (hasShadow(model, stage, ins.start, ins.commands.slice(0, ci))) return;
            const r = name === 'useradd' ? useraddToAdduser(ctx, cmd.words, k) : groupaddToAddgroup(ctx, cmd.words, k);
            const tool = name === 'useradd' ? 'adduser' : 'addgroup';
            const fixes: FixInput[] = r.ok ? [{ titleId: 'busybox', titleData: { tool }, preferred: true, edits: r.edits }] : [];
            report({ start: prog.start, end: prog.end, messageId: name, data: { image: root.image }, fixes });
            return;
          }
          if (base === 'debian' && name === 'adduser') {
            const shorts = cmd.words.slice(k + 1).filter((w) => BUSYBOX_SHORT.test(w.value) && AMBIGUOUS.test(w.value));
            if (!shorts.length) return;
            const r = busyboxToDebian(ctx, cmd.words, k);
            const fixes: FixInput[] = r.ok && r.edits.length ? [{ titleId: 'debianLong', preferred: true, edits: r.edits }] : [];
            const withD = shorts.find((w) => w.value.includes('D'));
            const first = withD ?? shorts[0];
            const letter = (first.value.slice(1).split('').find((l) => AMBIGUOUS.test(l)) ?? 'd').toLowerCase();
            report({
              start: prog.start,
              end: prog.end,
              messageId: withD ? 'debianD' : 'debianShort',
              data: { image: root.image, flag: first.value, letter },
              fixes,
            });
          }
        });
      }
    }
  },
});

/** `apk add shadow` earlier in the chain or earlier in the same RUN. */
function hasShadow(model: DockerfileContext['model'], stage: Stage, before: number, earlier: SimpleCommand[]): boolean {
  if (installedPackages(model, stage, before).has('shadow')) return true;
  return earlier.some((c) => packageInstall(c)?.packages.some((w) => packageName(w.value) === 'shadow') ?? false);
}
