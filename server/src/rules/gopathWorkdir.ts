/**
 * DGT108 gopath-workdir: a WORKDIR under /go/src (the GOPATH layout) for a module with a go.mod.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import { ignoreFileOf, originOf } from '../model/goCommands';
import { buildsOfDockerfile } from '../model/buildContext';
import { shown } from './lib/gopathEra';
import { rootOf } from '../model/stageGraph';

export const gopathWorkdir = dockerfileRule({
  id: 'DGT108',
  name: 'gopath-workdir',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Module built under /go/src (GOPATH layout)',
  messages: {
    gopath:
      '`WORKDIR {dir}` is the GOPATH layout ($GOPATH/src/<import path>). With {gomod} the build runs in module mode, where the folder means nothing; it works, but it is a GOPATH-era habit that invites GO111MODULE=off and `go get` recipes. A plain folder such as /src says what it is.',
  },
  relatedMessages: { goMod: "The module's go.mod." },
  docs: {
    what: 'Finds a WORKDIR below $GOPATH/src (/go/src in the golang images, or where an ENV GOPATH points; written out or as `WORKDIR $GOPATH/src/app`), for example /go/src/github.com/acme/api or /go/src/app, in a Linux stage whose module has a go.mod copied into that folder or above it.',
    why:
      'Before Go modules, code had to live at $GOPATH/src/<import path>, and Dockerfiles were written that way. A module with a go.mod builds anywhere; keeping the GOPATH path is harmless but suggests GOPATH-era settings (GO111MODULE=off, `go get` to install tools) that no longer work. This is information, not an error.',
    errorText: ['(none: the build works; this is a GOPATH-era layout)'],
    bad: 'FROM golang:1.22-alpine AS build\nWORKDIR /go/src/github.com/acme/api\nCOPY . .\nRUN go build -o /out/api .\n',
    good: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api .\n',
    exampleLanguage: 'dockerfile',
    notFlagged: [
      'WORKDIR /go/src itself, and folders whose module has no go.mod from the build context (GOPATH-era sources fetched in the Dockerfile).',
      'Windows stages and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (model.escapeDirective) return;
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      const ignore = ignoreFileOf(project, build)?.patterns;
      for (const stage of model.stages) {
        if (rootOf(model, stage).family === 'windows') continue;
        for (const ins of stage.instructions) {
          if (ins.keyword !== 'WORKDIR' || !ins.workdir || done.has(stage.index)) continue;
          // $GOPATH/src of this stage: the golang images' /go, or what an ENV set.
          const gopath = (ins.env.get('GOPATH')?.value ?? '/go').split(':')[0].replace(/\/+$/, '');
          if (!gopath.startsWith('/') || gopath.includes('$')) continue;
          const src = gopath + '/src/';
          if (!ins.workdir.startsWith(src) || ins.workdir.length === src.length) continue;
          // A go.mod that reaches this folder or a folder above it (below $GOPATH/src) by the end of the stage.
          let goMod: string | undefined;
          for (let d = ins.workdir; d.startsWith(src); d = path.posix.dirname(d)) {
            const o = originOf(project, build, model, stage, d + '/go.mod', stage.end, ignore);
            if (o.provider) {
              goMod = o.provider.host;
              break;
            }
          }
          if (!goMod) continue;
          done.add(stage.index);
          report({
            start: ins.argsStart,
            end: ins.argsEnd,
            messageId: 'gopath',
            data: { dir: ins.workdir, gomod: shown(ctx, goMod) },
            related: [{ path: goMod, start: 0, end: 0, messageId: 'goMod' }],
          });
        }
      }
    }
  },
});
