/**
 * DGT304 go-cgo-disabled: the main package needs cgo (`import "C"`, or a cgo module such as
 * github.com/mattn/go-sqlite3), but the Dockerfile builds it with CGO_ENABLED=0.
 */
import { goRule } from './context';
import type { RelatedInput } from '../core/types';
import { envFor, goEnvWritten } from '../parse/dockerfile';
import * as path from 'node:path';
import { containerizedMain } from '../model/goMain';
import { programsOfPackage } from '../model/programFiles';
import { buildsForLinux, programPackages } from '../model/goPackage';
import { escapeRegExp } from '../core/text';
import type { Containerization, Project } from '../project/project';

export const goCgoDisabled = goRule({
  id: 'DGT304',
  name: 'go-cgo-disabled',
  kind: 'go',
  severity: 'error',
  title: 'Program needs cgo, but the image builds it with CGO_ENABLED=0',
  messages: {
    sqlite:
      'github.com/mattn/go-sqlite3 needs cgo, but {where} builds this program with CGO_ENABLED=0: the build succeeds and the first query fails with `Binary was compiled with \'CGO_ENABLED=0\', go-sqlite3 requires cgo to work. This is a stub`. Switch to the pure-Go driver modernc.org/sqlite (driver name "sqlite"), or build on golang:<ver>-alpine with `apk add gcc musl-dev`, CGO_ENABLED=1, and run on alpine.',
    cgoModule:
      '{module} needs cgo, but {where} builds this program with CGO_ENABLED=0, so `go build` fails (`build constraints exclude all Go files` or undefined symbols). Build with CGO_ENABLED=1 on a builder with a C compiler (golang:<ver>-alpine plus `apk add gcc musl-dev`, run on alpine; or golang:<ver> and a glibc runtime such as debian:bookworm-slim or distroless/base).',
    importC:
      'This file uses cgo (`import "C"`), but {where} builds it with CGO_ENABLED=0: the cgo files are left out and `go build` fails with `build constraints exclude all Go files` or undefined names. Build with CGO_ENABLED=1 on a builder with a C compiler (golang:<ver>-alpine plus `apk add gcc musl-dev`, run on alpine; or a Debian golang builder and a glibc runtime).',
  },
  relatedMessages: { cgoOff: 'This go build runs with CGO_ENABLED=0.' },
  docs: {
    what: 'Finds `import "C"` and imports of cgo-only modules (github.com/mattn/go-sqlite3, confluent-kafka-go, go-gl, godror, ...) in a Go main package that a Dockerfile of the workspace builds with CGO_ENABLED=0, or in a package of its own module that such a program imports.',
    why:
      'CGO_ENABLED=0 is the usual advice for static binaries in scratch or alpine images, and it is right for pure-Go programs. A program that needs C code either stops building or — go-sqlite3\'s case — builds a stub that fails at run time, after the image has shipped.',
    errorText: [
      "Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work. This is a stub",
      'build constraints exclude all Go files in /src',
    ],
    bad: 'package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/mattn/go-sqlite3"\n)\n\nfunc main() {\n\tdb, _ := sql.Open("sqlite3", "app.db")\n\t_ = db.Ping()\n}\n',
    good: 'package main\n\nimport (\n\t"database/sql"\n\n\t_ "modernc.org/sqlite"\n)\n\nfunc main() {\n\tdb, _ := sql.Open("sqlite", "app.db")\n\t_ = db.Ping()\n}\n',
    exampleLanguage: 'go',
    fixes: 'No automatic fix: switching the driver changes go.mod and the driver name, and enabling cgo needs a C compiler in the builder and a matching C library in the runtime image. The message lists both ways.',
    notFlagged: [
      'Builds that leave cgo on (CGO_ENABLED unset or 1): DGT101 checks that those binaries land in an image with their C library.',
      'A cgo module that only go.mod requires (it may be used by another main of the module), tests and generated files.',
      'In a package of the program\'s own module (not the main package): a file whose declarations no other package of the program names (a helper package\'s SQLite part the program never calls), and files only a build with tags compiles (`//go:build sqlite3`).',
    ],
  },
  check(ctx, report) {
    // A main package an image builds, or a package of its own module that such a program imports
    // (found from the workspace model before the file is parsed: most Go files are in no image).
    const main = containerizedMain(ctx);
    let uses = main?.uses ?? [];
    if (!main && !ctx.path.endsWith('_test.go')) {
      const programs = programsOfPackage(ctx.project, path.dirname(ctx.path));
      // Only when the program uses what this file declares: a package of helpers whose SQLite
      // part the program never calls links the stub and never reaches it.
      if (programs.length && ctx.facts.packageName !== 'main' && buildsForLinux(ctx.path, ctx.facts) && programsUse(ctx.project, ctx.path, ctx.text, programs)) uses = programs;
    }
    if (!uses.length || (!ctx.facts.cgoImports.length && !ctx.facts.imports.some((i) => i.path === 'C'))) return;
    const disabled = uses.filter((c) => {
      const model = ctx.project.dockerfile(c.build.dockerfile);
      const v = envFor(c.goBuild, 'CGO_ENABLED') ?? (model ? goEnvWritten(model, c.goBuild.stage, c.goBuild.instruction.start, 'CGO_ENABLED') : undefined);
      return v === '0';
    });
    if (!disabled.length) return;
    const c = disabled[0];
    const where = c.build.service ? `compose service "${c.build.service.name}" (${shortPath(c.build.dockerfile)})` : shortPath(c.build.dockerfile);
    const related: RelatedInput[] = disabled.slice(0, 3).map((d) => ({
      path: d.build.dockerfile,
      start: d.goBuild.goWord.start,
      end: d.goBuild.command.end,
      messageId: 'cgoOff',
    }));
    for (const imp of ctx.facts.imports) {
      if (imp.path === 'C') {
        report({ start: imp.start, end: imp.end, messageId: 'importC', data: { where }, related });
      } else if (ctx.facts.cgoImports.some((x) => x.start === imp.start)) {
        const sqlite = imp.path === 'github.com/mattn/go-sqlite3' || imp.path.startsWith('github.com/mattn/go-sqlite3/');
        report({ start: imp.start, end: imp.end, messageId: sqlite ? 'sqlite' : 'cgoModule', data: { where, module: imp.path }, related });
      }
    }
  },
});

function shortPath(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts.slice(-2).join('/');
}

/**
 * Whether another package of one of `programs` names something `file` declares at its top level
 * (`store.Open`, `cache.Instance`), through its import of the file's package.
 */
function programsUse(project: Project, file: string, text: string, programs: readonly Containerization[]): boolean {
  const names = [...text.matchAll(/^(?:func|var|const|type)[ \t]+([A-Za-z_]\w*)/gm)].map((m) => m[1]).filter((n) => /^[A-Z]/.test(n));
  const dir = path.dirname(file);
  const modFile = project.nearestGoMod(dir);
  const modulePath = modFile ? project.goMod(modFile)?.module?.value : undefined;
  if (!names.length || !modFile || !modulePath) return false;
  const rel = path.relative(path.dirname(modFile), dir).split(path.sep).join('/');
  const importPath = rel ? `${modulePath}/${rel}` : modulePath;
  const quoted = new RegExp(`(?:^|\\s)(?:([A-Za-z_]\\w*|\\.)[ \\t]+)?"${escapeRegExp(importPath)}"`, 'm');
  for (const c of programs) {
    for (const pkg of programPackages(project, c.mainDir).packages) {
      if (pkg.dir === dir) continue;
      for (const f of pkg.files) {
        const t = project.text(f) ?? '';
        const m = quoted.exec(t);
        if (!m) continue;
        const local = m[1] && m[1] !== '.' ? m[1] : importPath.split('/').pop() ?? '';
        if (new RegExp(`\\b${escapeRegExp(local)}\\.(${names.map(escapeRegExp).join('|')})\\b`).test(t)) return true;
      }
    }
  }
  return false;
}
