/**
 * DGT155 go-build-i-flag: `go build -i` or `go test -i` in a golang image of Go 1.20 or later (or an
 * unpinned one, which is the newest Go), where the flag no longer exists and the build stops.
 */
import { dockerfileRule } from './context';
import type { Word } from '../parse/shell';
import { compareVer, goCommands, GoVer, stageGoVersion } from '../model/goCommands';

/** Go 1.20.0: "The go build and go test commands no longer accept the -i flag" (go.dev/doc/go1.20). */
const GO120: GoVer = [1, 20, 0, Number.POSITIVE_INFINITY];

/** Flags of go build and go test that take the next word as their value when written without `=`. */
const VALUE_FLAGS = new Set(
  [
    'C', 'o', 'p', 'asmflags', 'buildmode', 'compiler', 'gccgoflags', 'gcflags', 'installsuffix', 'ldflags', 'mod', 'modfile',
    'overlay', 'pgo', 'pkgdir', 'tags', 'toolexec', 'coverpkg', 'covermode', 'exec', 'run', 'skip', 'bench', 'benchtime', 'count',
    'cpu', 'parallel', 'timeout', 'list', 'fuzz', 'fuzztime', 'fuzzminimizetime', 'shuffle', 'outputdir', 'coverprofile',
    'cpuprofile', 'memprofile', 'memprofilerate', 'blockprofile', 'blockprofilerate', 'mutexprofile', 'mutexprofilefraction', 'trace', 'vet',
  ],
);

/** The `-i` among the flags (Go's flag parsing stops at the first word that is not a flag). */
function iFlag(args: readonly Word[]): Word | undefined {
  for (let k = 0; k < args.length; k++) {
    const v = args[k].value;
    if (v === '--' || !v.startsWith('-') || v === '-') return undefined;
    const name = v.replace(/^--?/, '').replace(/=.*$/s, '');
    if (name === 'i') return args[k];
    if (!v.includes('=') && VALUE_FLAGS.has(name)) k++;
  }
  return undefined;
}

function versionText(v: GoVer): string {
  return Number.isFinite(v[1]) ? `Go ${v[0]}.${v[1]}` : `Go ${v[0]}`;
}

export const goBuildIFlag = dockerfileRule({
  id: 'DGT155',
  name: 'go-build-i-flag',
  kind: 'dockerfile',
  severity: 'error',
  title: '`go build -i` in Go 1.20 or later',
  messages: {
    removed:
      '`go {verb} -i`: the -i flag was removed from go build and go test in Go 1.20, and `{image}` runs {go}: the build stops with `flag provided but not defined: -i`. Drop the flag: since Go 1.10 compiled packages are kept in the build cache without it.',
  },
  fixTitles: { drop: 'Remove {flag} from go {verb}' },
  docs: {
    what: 'Finds `go build -i` and `go test -i` in a RUN of a stage whose golang image runs Go 1.20 or later, or is unpinned (`golang`, `golang:alpine`: the newest Go).',
    why:
      '`-i` installed the dependencies of the named packages. Go 1.10 brought the build cache, which made it pointless; Go 1.16 deprecated it (`go build: -i flag is deprecated`) and Go 1.20 removed it from go build and go test. Dockerfiles and Makefiles from the GOPATH era still carry it, and an unpinned `FROM golang:alpine` that built them for years breaks at the next pull.',
    errorText: ['flag provided but not defined: -i', 'usage: go build [-o output] [build flags] [packages]', "Run 'go help build' for details."],
    bad: 'FROM golang:alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -i -v -o /out/app .\n',
    good: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -v -o /out/app .\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Removes the `-i` word (with the blank after it) from the command.',
    notFlagged: [
      'golang images before Go 1.20 (there `-i` is only deprecated), images other than golang (their Go version is unknown), and `go install -i`.',
      '`-i` after the first word that is not a flag (Go reads it as a package), and as the value of a flag (`-o -i`).',
      'go commands that a RUN starts through make or a script: only the words of the RUN itself are read.',
    ],
  },
  check(ctx, report) {
    const { model, text } = ctx;
    for (const stage of model.stages) {
      const go = stageGoVersion(model, stage);
      if (go === undefined || (go !== 'latest' && compareVer(go, GO120) < 0)) continue;
      for (const cmd of goCommands(stage)) {
        if (cmd.verb !== 'build' && cmd.verb !== 'test') continue;
        const flag = iFlag(cmd.args);
        if (!flag) continue;
        // The word and the blanks after it; at the end of a line, the blanks before it.
        let start = flag.start;
        let end = flag.end;
        while (text[end] === ' ' || text[end] === '\t') end++;
        if (end === flag.end) while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
        report({
          start: flag.start,
          end: flag.end,
          messageId: 'removed',
          data: { verb: cmd.verb, image: stage.image, go: go === 'latest' ? 'the newest Go' : versionText(go) },
          fixes: [{ titleId: 'drop', titleData: { flag: text.slice(flag.start, flag.end), verb: cmd.verb }, preferred: true, edits: [{ path: ctx.path, start, end, newText: '' }] }],
        });
      }
    }
  },
});
