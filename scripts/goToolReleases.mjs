// Prints a tool's entry for GO_TOOLS (server/src/facts/goTools.ts) from a clone of its repository:
// the go.mod `module` and `go` lines at every release tag, grouped into runs of releases that share
// both, oldest first. Used to bring the table up to date when a tool releases.
//
//   node scripts/goToolReleases.mjs <git dir or clone> <module path> [--gomod sub/go.mod] [--tag-prefix sub/] [--since 2023-01-01]
//
// --gomod: where the module's go.mod is (default go.mod); --tag-prefix: the tags of a nested module
// (grpc-go's `cmd/protoc-gen-go-grpc/v1.5.1`); --since: leave out releases committed before this date.
// Only release tags (vX.Y.Z) count; tags of other major versions (whose go.mod declares
// another module path) are left out unless the path is the tool's under an older name.
import { execFileSync } from 'node:child_process';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const [gitDir, modulePath] = process.argv.slice(2).filter((a, k, all) => !a.startsWith('--') && !(k > 0 && all[k - 1].startsWith('--')));
if (!gitDir || !modulePath) {
  process.stderr.write('usage: node scripts/goToolReleases.mjs <git dir> <module path> [--gomod go.mod] [--tag-prefix p/] [--since YYYY-MM-DD]\n');
  process.exit(2);
}
const gomod = arg('gomod', 'go.mod');
const prefix = arg('tag-prefix', '');
const since = arg('since', '');
const git = (...a) => execFileSync('git', ['-C', gitDir, ...a], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });

const numbers = (v) => v.slice(1).split('.').map(Number);
const order = (a, b) => {
  const x = numbers(a);
  const y = numbers(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};

const releases = [];
for (const tag of git('tag', '--list').split('\n')) {
  if (!tag.startsWith(prefix)) continue;
  const version = tag.slice(prefix.length);
  if (!/^v\d+\.\d+\.\d+$/.test(version)) continue;
  const date = git('log', '-1', '--format=%cs', tag).trim();
  if (since && date < since) continue;
  let text;
  try {
    text = git('show', `${tag}:${gomod}`);
  } catch {
    continue; // no go.mod at this tag
  }
  const module = /^module\s+(\S+)/m.exec(text)?.[1];
  const go = /^go\s+(\S+)/m.exec(text)?.[1];
  if (!module || !go) continue;
  releases.push({ version, date, module, go });
}
releases.sort((a, b) => order(a.version, b.version));

const runs = [];
for (const r of releases) {
  const last = runs[runs.length - 1];
  if (last && last.go === r.go && last.module === r.module) last.last = r.version;
  else runs.push({ first: r.version, last: r.version, go: r.go, module: r.module });
}
const head = git('log', '-1', '--format=%H %cs', 'HEAD').trim().split(' ');
const lines = runs.map((r) => `      { first: '${r.first}', last: '${r.last}', go: '${r.go}'${r.module !== modulePath ? `, module: '${r.module}'` : ''} },`);
process.stdout.write(
  [
    '  {',
    `    module: '${modulePath}',`,
    '    releases: [',
    ...lines,
    '    ],',
    `    asOf: '${head[1]}',`,
    `    source: '<owner>/<repo>@${head[0].slice(0, 8)} (${head[1]}): go.mod \`go\` line at every release tag ${releases[0]?.version ?? ''}–${releases[releases.length - 1]?.version ?? ''}',`,
    '  },',
    '',
  ].join('\n'),
);
const down = runs.findIndex((r, k) => k > 0 && r.go.localeCompare(runs[k - 1].go, undefined, { numeric: true }) < 0);
if (down >= 0) process.stderr.write(`note: the go line goes down at ${runs[down].first} (${runs[down - 1].go} → ${runs[down].go}): mark an out-of-line tag \`odd: true\`, or leave the tool out (DGT156 says a later release needs at least as new a Go)\n`);
