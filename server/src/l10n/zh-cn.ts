/**
 * Simplified Chinese (zh-cn) catalogue of the language server. Keyed by rule id, then message id /
 * fix title id; the `{placeholders}` must be the same as in the English templates (a test checks
 * this, and lists what a new rule still needs: `node --test out/test/unit/l10n.test.js`).
 *
 * Conventions: technical words that users type or search for (cgo, glibc, musl, scratch, distroless,
 * compose, volume names, flags, error texts) stay as they are; error texts quoted in backticks are
 * never translated, because users search for them verbatim.
 */
import type { Catalogue } from './index';
import { ZH_CN_GO_TOOLCHAIN } from './zh-cn-goToolchain';
import { ZH_CN_BUILD_TIME } from './zh-cn-buildtime';
import { ZH_CN_VIEW } from './zh-cn-view';
import { ZH_CN_DEVLOOP } from './zh-cn-devloop';
import { ZH_CN_RUNTIME } from './zh-cn-runtime';

/** The related locations that the Go rules share (`BUILT_HERE_MESSAGES` in server/src/rules/lib/goMain.ts). */
const BUILT_HERE = {
  builtService: '在这里被构建进 compose 服务 "{service}" 的镜像。',
  builtImage: '在这里被构建进容器镜像。',
};

export const ZH_CN: Catalogue = {
  docLabels: {
    kinds: { dockerfile: 'Dockerfile', compose: 'compose 文件', go: 'Go main 包', gomod: 'go.mod', dockerignore: '.dockerignore' },
    severities: { error: '错误', warning: '警告', info: '信息', hint: '提示' },
    appliesTo: '适用于',
    defaultSeverity: '默认严重级别',
    why: '为什么',
    withoutIt: '不处理时会看到',
    bad: '错误示例',
    good: '正确示例',
    quickFixes: '快速修复',
    notFlagged: '不会报告的情况',
    configuration: '配置',
    configIntro: '在 `.docker-go-traps.yaml` 中关闭此规则或修改其严重级别：',
    configComment: (name) => `或 error、warning、info、hint；也可以写规则名 ${name}`,
    suppress: (comment) => `或在上一行加注释，只忽略这一处：${comment}。`,
    engineRule: '这是 docker-go-traps 对自身分析情况的报告：不能在 `.docker-go-traps.yaml` 中关闭，也不能用注释忽略。',
  },
  ui: {
    ignoreLine: '在此行忽略 {rule}',
    ignoreFile: '在此文件中忽略 {rule}',
    showDocs: '查看 {rule}（{name}）的文档',
    fixAll: '修复所有 Docker Go Traps 问题',
    genNoModule: '在 {folder} 及其上级目录中没有找到 go.mod。请打开一个 Go 模块（含 go.mod 的文件夹）后重试。',
    genNoMain: '在 {module} 中没有找到 main 包：已查找模块根目录和 cmd/*。',
    genCgo: 'cgo：{reason}。镜像在 Debian 上以 CGO_ENABLED=1 构建，运行在带相同 glibc 的 distroless base 镜像上。',
    genNoCgo: '不需要 cgo：在 scratch 上运行静态二进制（CGO_ENABLED=0）。',
    genTz: '时区：{reason}。镜像中加入 /usr/share/zoneinfo。',
    genTls: 'TLS：{reason}。镜像中加入 CA 证书。',
    genPort: '端口 {port}（{how}）。',
    genPortUnknown: '没有找到监听地址；EXPOSE 和端口映射使用 {port}。如果服务监听其他端口，请修改。',
    genLoopback: '{file} 监听 {addr}，容器外无法访问：见 DGT301。',
    genOtherMains: '其他 main 包（{mains}）没有构建；可以用第二个 Dockerfile 或构建参数来构建它们。',
    genGoVersion: 'go.mod 要求 Go {version}：构建镜像使用 golang:{tag}。',
    genGoVersionMissing: 'go.mod 没有 go 指令：构建镜像使用 golang:{tag}。',
    scanDone: '已检查 {files} 个文件：{findings} 个问题。',
    ...ZH_CN_VIEW,
    dbgNothing: '没有为 {path} 找到构建 Go 程序的 compose 服务或 Dockerfile。请打开该程序的 compose 文件、Dockerfile 或 Go 文件后重试。',
    dbgWindows: '{dockerfile} 构建的是 Windows 镜像（或使用了 escape 指令）：只支持在 Linux 容器中使用 Delve。',
    dbgViaScript: '{dockerfile} 通过 make 或脚本构建程序：调试构建需要 Dockerfile 中的 go build 命令。',
    dbgNoBinary: '无法判断 {dockerfile} 构建的镜像中哪个文件是 Go 程序。',
    dbgEntryReplaced: '镜像通过脚本启动程序；调试镜像直接在 Delve 下启动 {binary}（脚本先做的事情会被跳过）。',
    dbgCommand: '服务 "{service}" 设置了自己的 {key}，而它并不启动 Go 程序：请手动设置调试覆盖文件中的 {key}。',
    dbgDelveGuess: '无法读取 Go 版本：固定使用 Delve {version}；如果构建失败，请修改它。',
    dbgDelve: 'Delve {version}（支持 Go {go}）。',
    dbgNoSourceMap: '无法判断源代码在镜像中的位置：请手动在启动配置中加上 "substitutePath"。',
    dbgLaunchPresent: '.vscode/launch.json 中已有名为 "{name}" 的配置：保持不变。',
    dbgLaunchUnreadable: '.vscode/launch.json 无法作为启动配置文件读取：请手动加上配置 "{name}"。',
    dbgRun: '用 `{up}` 启动，然后用 "{name}"（运行和调试）或 `dlv connect 127.0.0.1:{port}` 连接。',
  },
  rules: {
    ...ZH_CN_GO_TOOLCHAIN,
    ...ZH_CN_BUILD_TIME,
    ...ZH_CN_DEVLOOP,
    ...ZH_CN_RUNTIME,
    DGT000: {
      title: '文件未分析',
      messages: {
        skipped: 'docker-go-traps 跳过了此文件：{why}。',
        folder: 'docker-go-traps 没有检查此文件夹：{why}。',
        outside: 'docker-go-traps 没有读取 {paths}：它在所检查的文件夹之外。{rules} 在此文件上的检查需要它，因此不显示这些问题。',
      },
      values: {
        why: {
          'the file is UTF-16 encoded; save it as UTF-8': '文件是 UTF-16 编码，请另存为 UTF-8',
          'the file is binary (it contains NUL bytes)': '文件是二进制文件（含有 NUL 字节）',
          'the file is binary (it contains NUL characters)': '文件是二进制文件（含有 NUL 字符）',
          'the file is not valid UTF-8': '文件不是有效的 UTF-8',
          'the file is larger than 2 MB': '文件大于 2 MB',
          'the file could not be read (permission denied)': '无法读取文件（权限不足）',
          'the file could not be read': '无法读取文件',
          'the folder could not be read (permission denied)': '无法读取文件夹（权限不足）',
          'the folder could not be read': '无法读取文件夹',
          'its path is longer than the system allows': '它的路径超出了系统允许的长度',
          'its name is not valid UTF-8': '它的名称不是有效的 UTF-8',
          'it is a symbolic link, which the scan does not follow': '它是符号链接，扫描不跟随符号链接',
          'it is not a regular file': '它不是普通文件',
          'it is a symbolic link to a file outside the checked folders': '它是指向所检查的文件夹之外的文件的符号链接',
          'the scan stopped after 200000 entries': '扫描在 200000 个条目后停止',
        },
      },
      docs: {
        what: '说明为什么某个 Dockerfile、compose 文件或 Go 文件没有被分析：它是二进制文件、不是 UTF-8（例如某些 Windows 编辑器保存的 UTF-16），或大于 2 MB；或者对它的某项检查需要所检查的文件夹（命令行检查器收到的路径、编辑器的工作区文件夹，以及包含它们的 git 检出目录）之外的文件，而该文件没有被读取。',
        why: '被悄悄跳过的文件看起来就像没有问题的文件。在文件开头给出一条信息级诊断，说明什么都没有检查，以及原因。',
        appliesTo: 'Dockerfile、compose 文件和 Go 文件',
        notFlagged: ['带或不带 BOM、使用 LF 或 CRLF 换行的 UTF-8 文件。', '所检查的文件夹之外、只在上层文件夹中查找其名称的文件（上层的 go.mod 或 .git）。'],
      },
    },
    DGT001: {
      title: '某项检查因太慢在此文件上停止',
      messages: {
        stopped:
          'docker-go-traps 已在此文件上停止运行 {rule}（{name}）：最近 {count} 次分析分别耗时 {times} ms，超出 {budget} ms 的预算。它在此文件中的问题不再显示。重新打开文件（或修改设置）即可再次运行。',
        hung: 'docker-go-traps 已在此文件上停止运行 {rule}（{name}）：它在 {limit} ms 内没有结束，因此语言服务器被停止，并在不运行它的情况下重新启动。在重新加载窗口之前，它在此文件中的问题不再显示。',
        hungStep: 'docker-go-traps 不分析此文件：{step}在 {limit} ms 内没有在此文件上结束，因此语言服务器被停止并重新启动。在重新加载窗口之前，此文件不再被分析。',
      },
      values: {
        step: {
          'reading the configuration': '读取配置',
          'reading and parsing the file': '读取并解析文件',
          'building the project model': '构建项目模型',
          'reading the suppression comments': '读取忽略注释',
        },
      },
      docs: {
        what: '在编辑器中说明某条规则不再在此文件上运行，以及是哪条规则：原因是它连续几次分析都超出时间预算（250 ms），或者它根本没有结束（10 秒内），语言服务器不得不停止并重新启动。',
        why: '在某个文件上很慢的规则会拖慢该文件中的每一次按键：语言服务器在每次修改后都会重新分析文件。连续两次分析超出预算后，它在该文件上停止运行这条规则，并在这里说明，而不是让编辑器卡顿或悄悄丢掉这条规则。其他规则照常运行。永远不结束的规则会让服务器卡死：另一个线程上的看守发现某一步 10 秒没有进展时，记下文件和规则并停止服务器；编辑器会重新启动它，新的服务器在重新加载窗口之前不会在该文件上运行这条规则。这么慢的规则是 docker-go-traps 的缺陷，请连同文件一起报告。命令行检查器对每个文件只分析一次，从不停止规则。',
        appliesTo: '在编辑器中打开的 Dockerfile、compose 文件和 Go 文件',
        notFlagged: [
          '单独一次较慢的分析（例如服务器启动后、代码尚未优化时的第一次）：必须是连续的几次，只要有一次在预算之内就重新计数。',
          '命令行检查器：它会记录超出预算的规则，但从不停止规则。',
          '规则之外的步骤（读取配置、读取和解析文件、构建项目模型：它们可能要等待较慢的磁盘，因此限时 60 秒；读取忽略注释）永远不结束：服务器同样会被停止并重新启动，重新启动的服务器不再分析该文件（DGT001 会说明是哪一步没有结束）；如果是构建项目模型，它在重新加载窗口之前也不再构建项目模型（哪个 compose 服务构建哪个 Dockerfile、镜像包含哪个 main 包）。',
        ],
      },
    },
    DGT101: {
      title: '使用 cgo 链接的二进制放进了没有对应 C 库的镜像',
      messages: {
        cgo: '这个 `go {verb}` 在启用 cgo 的情况下运行（{builder} 构建镜像带有 C 编译器），因此二进制动态链接了 {libc}，但最终镜像 `{final}` 中没有 {libc}。容器会以 `exec /app: no such file or directory`（alpine 上为 `not found`）退出。请设置 CGO_ENABLED=0。',
        explicit: '这个 `go {verb}` 设置了 CGO_ENABLED=1，因此二进制动态链接了 {libc}，但最终镜像 `{final}` 中没有 {libc}：`exec /app: no such file or directory`。请静态链接（-ldflags \'-linkmode external -extldflags "-static"\'），或在带 {libc} 的镜像上运行。',
        compat:
          '这个 `go {verb}` 把二进制动态链接到 glibc，而最终镜像 `{final}` 用的是 musl libc，只装了 `{compat}`：它给了二进制 glibc 加载器的名字，而不是 glibc 本身。只要二进制不需要 musl 没有的东西就能启动；一旦用到只有 glibc 才有的符号（常见于为 glibc 编译的 C 库），启动时就会停在 `Error relocating /app: <symbol>: symbol not found`。如果程序不需要 cgo，请用 CGO_ENABLED=0 构建，或者在带 glibc 的镜像上运行（gcr.io/distroless/base-debian12、debian:bookworm-slim）。',
        needsCgo: '这个 `go {verb}` 生成的二进制动态链接了 {libc}，而最终镜像 `{final}` 中没有它（`exec /app: no such file or directory`）。不能直接设置 CGO_ENABLED=0：{reason}。请在带 {libc} 的镜像上运行（gcr.io/distroless/base-debian12、debian:bookworm-slim），或在 golang:<ver>-alpine 上 `apk add gcc musl-dev` 构建并在 alpine 上运行，或静态链接，或改用纯 Go 的库（用 modernc.org/sqlite 代替 go-sqlite3）。',
      },
      fixTitles: { cgoOff: '使用 CGO_ENABLED=0 构建' },
      related: { finalImage: '最终镜像 {image} 中没有 {libc}。', compat: '`{compat}` 只给链接到 glibc 的二进制提供 glibc 加载器的名字，并不是 glibc 本身。' },
      values: { libc: { 'musl libc': 'musl libc', glibc: 'glibc' } },
      docs: {
        what: '找出启用了 cgo 的 `go build`，且其二进制被复制进 alpine、busybox、scratch 或 distroless/static 最终镜像。',
        why: '基于 Debian 的 `golang:<版本>` 镜像带有 gcc，所以 `go build` 会启用 cgo，并把二进制动态链接到 glibc（只要用到 `net` 或 `os/user` 包就会这样）。alpine 使用 musl，scratch 和 distroless/static 根本没有 C 库，于是内核找不到二进制的动态加载器，并把二进制本身报告为不存在。`golang:*-alpine` 镜像没有 gcc，除非你 `apk add gcc`，否则 cgo 是关闭的。',
        fixes: '在 `go build` 命令前插入 `CGO_ENABLED=0`。如果模块确实需要 cgo（`import "C"`，或 go.mod 中有 github.com/mattn/go-sqlite3 这类 cgo 模块），则不提供修复，消息中会列出其他做法。',
        notFlagged: [
          '通过 ENV、ARG 默认值、命令前内联、同一 RUN 中的 `export` 或 `env`，或 `go env -w` 设置了 CGO_ENABLED=0。',
          '静态链接（`-extldflags "-static"`）或 `-tags netgo,osusergo`。',
          '没有 gcc 的 golang:*-alpine 构建镜像（cgo 关闭），以及装了 gcc 的 alpine 构建镜像配 alpine 运行镜像（两者都是 musl）。',
          '不是 golang 镜像的构建阶段（工具链未知）、GOOS 不是 linux，以及 Windows 镜像。',
          '作为错误：安装了 `libc6-compat` 或 `gcompat` 的 alpine 最终镜像：二进制能找到加载器，只要不需要 musl 没有的符号就能运行；这种情况只作为提示。',
        ],
      },
    },
    DGT120: {
      title: '在下载依赖之前就复制了模块源码',
      messages: {
        none: '这个 COPY 在下载依赖模块（go.mod 中有 {requires} 个）之前就复制了整个模块，且在它之前没有运行 `go mod download`，因此任何源码改动都会让 `go build` 重新下载所有模块（每次构建都出现 `go: downloading ...`）。请先复制 go.mod 和 go.sum 并运行 `go mod download`，这样在 go.mod 改变之前这一层都会被缓存。',
        after: '这个 COPY 在 `go mod download` 运行之前就复制了整个模块，因此任何源码改动都会让下载这一层失效，每次构建都要重新下载全部依赖模块（go.mod 中有 {requires} 个）（`go: downloading ...`）。请在这个 COPY 之前先复制 go.mod 和 go.sum 并运行 `go mod download`。',
      },
      fixTitles: { copyGoMod: '先复制 {files} 并运行 go mod download', downloadFirst: '在复制源码之前运行 go mod download' },
      docs: {
        what: '在运行 `go build` 的构建阶段中，如果 go.mod 有依赖，找出在下载依赖之前执行的 `COPY . .`（或复制模块目录的 COPY）。',
        why: 'Docker 只有在前面所有内容都没有变化时才会复用某一层。如果在 `go mod download` 之前复制了整个源码树（或者根本没有下载步骤，由 `go build` 去下载），修改任何一个 .go 文件都会让下载这一层失效，每次构建都要重新拉取所有模块：在 CI 上、在慢速或需要代理的网络上（使用 GOPROXY=https://goproxy.cn 的用户对此深有体会），每次构建都要多花几分钟。先单独复制 go.mod 和 go.sum，下载层就会一直被缓存，直到依赖发生变化。这是速度问题而不是正确性问题，因此严重级别是信息。',
        fixes: '在该 COPY 上方插入 `COPY go.mod go.sum ./`（只有 go.sum 存在时才包含它；如果 go.mod 已经单独复制过，则不再插入 COPY）和 `RUN go mod download`，保持原有缩进和 --chown/--chmod 参数。如果该 COPY 的目标不是工作目录，则不提供修复。',
        notFlagged: [
          '没有 `require` 行的 go.mod：没有需要下载的内容。',
          '源码复制之前已经有 `go mod download`（或其他任何 `go` 命令，或在提前 `COPY go.mod` 之后的任何 RUN）。',
          '构建时在 /go/pkg/mod 上使用了 `--mount=type=cache`、从其他阶段复制模块缓存、有 vendor/ 目录或 `-mod=vendor`（或由构建参数设置的 GOFLAGS/-mod，它可能就是 vendor），以及 go.work 工作区。',
          '`go install pkg@version`、不复制整个模块的构建（bind 挂载），以及 Windows 构建阶段。',
        ],
      },
    },
    DGT121: {
      title: 'go build 没有使用 BuildKit 缓存挂载',
      messages: {
        missing: '这个文件已经在使用 BuildKit，但 `go {verb}` 没有为 Go 的构建缓存（{cache}）设置缓存挂载，因此每次构建都要从头编译所有包。请在这个 RUN 中加上 `{mounts}`。',
      },
      fixTitles: { addMounts: '添加 BuildKit 缓存挂载：{mounts}' },
      docs: {
        what: '在已经启用 BuildKit 的 Dockerfile（有 `# syntax=` 指令或其他 `RUN --mount`）中，找出没有为 Go 构建缓存设置 `--mount=type=cache` 的 `go build`/`go install` RUN。',
        why: 'Docker 的层要么全部复用，要么全部重建：源码一变，`go build` 就从空的构建缓存开始，重新编译标准库和所有依赖。BuildKit 缓存挂载会在多次构建之间保留 /root/.cache/go-build（以及存放已下载模块的 /go/pkg/mod），于是只有改动过的包需要编译：构建时间从几分钟降到几秒。这条规则只在已经使用 BuildKit 特性的文件中提示，不会把文件推向它没有使用的构建器。',
        fixes: '在 RUN 中加上 `--mount=type=cache,target=/root/.cache/go-build`（如果文件设置了 GOCACHE 则使用它）；当模块缓存尚未挂载且下载顺序没有问题时，再加上 `--mount=type=cache,target=/go/pkg/mod`（会考虑 GOMODCACHE/GOPATH）（否则 DGT120 会先指出需要修正的地方）。',
        notFlagged: [
          '没有使用任何 BuildKit 特性的文件（没有 `# syntax=` 指令，也没有 `RUN --mount`）。',
          '已经在构建缓存（或其上级目录，例如 /root/.cache）上挂载了缓存的 RUN。',
          '以非 root 用户运行且没有设置 GOCACHE 的构建（缓存位于该用户的主目录下），以及 Windows 构建阶段。',
          '带 `-a` 的构建：它会重新编译所有包，不从构建缓存中读取任何东西。',
        ],
      },
    },
    DGT122: {
      title: '在没有 shell 的镜像中使用 shell 形式的 RUN、ENTRYPOINT、CMD 或 HEALTHCHECK',
      messages: {
        run: '`{image}` 中没有 shell，因此这个 shell 形式的 RUN 会让构建失败：`exec: "/bin/sh": stat /bin/sh: no such file or directory`。请把这一步放到构建阶段中完成，再用 COPY 把结果复制进来（`COPY --chmod=755`、`COPY --chown=65532:65532` 无需 shell 就能设置权限和属主）。',
        entrypoint: '`{image}` 中没有 shell，这个 shell 形式的 ENTRYPOINT 会运行 `/bin/sh -c ...`，容器无法启动：`exec: "/bin/sh": stat /bin/sh: no such file or directory`。请使用 exec 形式：`ENTRYPOINT {exec}`。',
        cmd: '`{image}` 中没有 shell，这个 shell 形式的 CMD 会运行 `/bin/sh -c ...`，容器无法启动：`exec: "/bin/sh": stat /bin/sh: no such file or directory`。请使用 exec 形式：`CMD {exec}`。',
        healthcheck: '`{image}` 中没有 shell，这个 shell 形式的 HEALTHCHECK 会运行 `/bin/sh -c ...`，每次都会以 `exec: "/bin/sh": stat /bin/sh: no such file or directory` 失败：容器会一直处于 `unhealthy` 状态，等待它的服务（`condition: service_healthy`）永远不会启动。请使用 exec 形式并调用镜像中有的程序：`HEALTHCHECK CMD {exec}`。',
      },
      fixTitles: { execForm: '使用 exec 形式：{keyword} {exec}' },
      docs: {
        what: '找出基于 `scratch` 或 distroless（不带 `:debug` 的 `gcr.io/distroless/*`、`cgr.dev/chainguard/static`）的构建阶段中 shell 形式的 `RUN`、`ENTRYPOINT`、`CMD` 和 `HEALTHCHECK CMD`，这些镜像中没有 `/bin/sh`。',
        why: 'shell 形式的 `RUN chmod +x /app` 或 `ENTRYPOINT /app --port 8080` 会以 `/bin/sh -c "..."` 的方式运行。scratch 是空的，distroless 不带 shell，于是构建步骤失败，或者镜像能构建出来，但每次 `docker run` 都在 Go 二进制启动之前就失败了。shell 形式的 `HEALTHCHECK CMD` 每次检查都会以同样的方式失败，容器永远不会变为健康。exec 形式（`["/app", "--port", "8080"]`）会直接运行二进制。',
        fixes: '当 shell 形式的 ENTRYPOINT、CMD 或 HEALTHCHECK 只是普通的单词列表（没有引号、变量、通配符、重定向或 `&&`）时，把它改写为 exec 形式——HEALTHCHECK 只在它调用的程序不是镜像缺少的工具（curl、wget：DGT149 healthcheck-tool-missing）时才改写。RUN 不提供修复：这一步应该放到构建阶段。',
        notFlagged: [
          'exec 形式的 `RUN ["/busybox/sh", "-c", "..."]`、`ENTRYPOINT ["/app"]` 和 `CMD ["/app"]`。',
          'distroless 的 `:debug` 标签（带有 busybox），以及 `static` 以外的 Chainguard 镜像。',
          '复制了 shell 的构建阶段（`COPY --from=busybox /bin/busybox /bin/sh`）、把整个目录或根文件系统复制到 `/bin` 之上、用 ADD 解压归档，或设置了 `SHELL`。',
          'ENTRYPOINT 之下的 shell 形式 CMD（它会成为入口程序的参数），以及自带 ENTRYPOINT 的 distroless 镜像（java、python、nodejs）中的 CMD。',
          '在同一阶段中被后面覆盖的 ENTRYPOINT 或 CMD、正在输入中的 `[` exec 形式，以及带 `# escape=` 指令的文件。',
          '永远不会运行的 ENTRYPOINT 或 CMD：构建该镜像的每个 compose 服务都设置了自己的 `entrypoint:`（它同时会清除镜像的 CMD），或者对 CMD 而言，设置了自己的 `command:`（compose 自己把字符串值拆成单词，不经过 shell）。',
        ],
      },
    },
    DGT123: {
      title: 'USER 指定了镜像中不存在的账户',
      messages: {
        scratchUser: '`FROM scratch` 中没有 /etc/passwd，Docker 无法解析用户 `{name}`，容器无法启动：`unable to find user {name}: no matching entries in passwd file`。请使用数字 ID：`USER {ids}`。',
        scratchGroup: '`FROM scratch` 中没有 /etc/group，Docker 无法解析组 `{name}`，容器无法启动：`unable to find group {name}: no matching entries in group file`。请使用数字 ID：`USER {ids}`。',
        distrolessUser: '`{image}` 中只有 root、nonroot（65532）和 nobody（65534）这几个用户，Docker 无法解析用户 `{name}`：`unable to find user {name}: no matching entries in passwd file`。请使用数字 ID：`USER {ids}`。',
        distrolessGroup: '`{image}` 中没有组 `{name}`（只有 root、nonroot、nobody、tty 和 staff），容器无法启动：`unable to find group {name}: no matching entries in group file`。请使用数字 ID：`USER {ids}`。',
      },
      fixTitles: { numeric: '使用数字 ID：USER {ids}' },
      docs: {
        what: '找出基于 `scratch`（没有 /etc/passwd）的构建阶段中使用用户名或组名的 `USER`，以及基于 distroless 时使用 root、nonroot、nobody 以外名称的 `USER`。',
        why: '容器启动时，Docker 会在镜像自己的 /etc/passwd（组则在 /etc/group）中查找用户名。scratch 两个文件都没有，distroless 只有 root、nonroot 和 nobody，所以镜像能正常构建，但每次 `docker run` 都会失败。数字 ID 不需要查找，而且 Kubernetes 的 `runAsNonRoot` 本来就只能验证数字 ID。',
        fixes: '把名称替换为数字 ID：`USER app` → `USER 65532:65532`；数字用户保持原 ID，并使用相同的 ID 作为组（`USER 1000:app` → `USER 1000:1000`）。',
        notFlagged: [
          '数字形式的 `USER 65532`、`USER 1000:1000`，以及含有变量的值。',
          '复制了 /etc/passwd（或 /etc/group）的构建阶段，例如 `COPY --from=build /etc/passwd /etc/passwd`，或把目录或根文件系统复制到 /etc 之上。',
          'distroless 中的 `USER nonroot`、`USER nobody`、`USER root`；Chainguard 以及其他账户未知的镜像。',
        ],
      },
    },
    DGT124: {
      title: 'Go 服务以 root 身份运行',
      messages: {
        noUser: '最终镜像 `{image}` 以 root 身份运行 Go 服务：没有设置 USER。服务中的任何漏洞都会拥有容器内的 root 权限，而强制 `runAsNonRoot` 的集群会拒绝启动它（`container has runAsNonRoot and image will run as root`）。请以非特权用户运行：`{fix}`。',
        explicitRoot: '`USER {value}` 让最终镜像 `{image}` 以 root 身份运行 Go 服务。强制 `runAsNonRoot` 的集群会拒绝启动它（`container has runAsNonRoot and image will run as root`）。请以非特权用户运行：`{fix}`。',
      },
      fixTitles: { nonrootTag: '改用 {image}', addLines: '添加 {lines}' },
      docs: {
        what: '找出以 root 身份运行 Go 二进制的最终镜像：在默认用户为 root 的基础镜像（alpine、busybox、debian、ubuntu、golang、scratch、不带 `:nonroot` 的 distroless）上没有 USER（或为 `USER root`/`USER 0`）。',
        why: 'Go 服务不需要 root 权限：它只是监听端口、读取配置。以 root 运行时，服务中的一个路径穿越或远程代码执行漏洞就能控制整个容器，而启用了受限 Pod 安全标准（`runAsNonRoot: true`）的 Kubernetes 集群根本不会启动这个镜像。修复只需要一两行，而每个基础镜像家族都有自己的写法。',
        fixes: '在最后一个 RUN 之后、ENTRYPOINT/CMD 之前添加适合基础镜像的用户：alpine 和 busybox 用 `RUN adduser -D -H -u 10001 app` + `USER app`；debian、ubuntu 和 golang 用 `RUN useradd --system --uid 10001 --no-create-home app` + `USER app`；scratch 用 `USER 65532:65532`；distroless 改用 `:nonroot` 标签（`latest` → `nonroot`，`debug` → `debug-nonroot`），或添加 `USER 65532:65532`。如果该阶段已经创建了用户，只添加 `USER <该用户>`。',
        notFlagged: [
          '基础镜像未知或已经以其他用户运行的镜像（distroless `:nonroot`、Chainguard、nginx-unprivileged、你自己的基础镜像）。',
          '不运行 Dockerfile 中构建的 Go 二进制的最终镜像、没有 ENTRYPOINT 或 CMD 的最终阶段（构建阶段和 `docker build --output` 导出阶段），以及 Windows 镜像。',
          '设置了 `user:` 的 compose 服务，以及自己降低权限的入口程序（su-exec、gosu、setpriv，或使用它们的入口脚本），或规则无法读取的脚本。',
          '开发和调试镜像：入口程序是 shell、`go run`、热重载工具（air、reflex、CompileDaemon）或 dlv。',
          '含有变量的 USER 值，以及带 `# escape=` 指令的文件。',
        ],
      },
    },
    DGT125: {
      title: '创建用户的命令在该基础镜像上不存在或无法解析',
      messages: {
        useradd: '`{image}` 中没有 `useradd`（busybox 只有 `adduser` 和 `addgroup`），构建会以 `/bin/sh: useradd: not found` 失败。请使用 busybox 的 `adduser -D`（系统用户用 `adduser -S`），或先 `apk add --no-cache shadow`。',
        groupadd: '`{image}` 中没有 `groupadd`（busybox 只有 `adduser` 和 `addgroup`），构建会以 `/bin/sh: groupadd: not found` 失败。请使用 busybox 的 `addgroup`（系统组用 `addgroup -S`），或先 `apk add --no-cache shadow`。',
        debianD: '`adduser -D` 是 busybox 的写法。`{image}` 中是 Debian 的 adduser，它只接受长选项，构建会以 `adduser: Option d is ambiguous (debug, disabled-login, disabled-password)` 失败。请使用 `adduser --disabled-password --gecos ""`。',
        debianShort: '`adduser {flag}` 是 busybox 的写法。`{image}` 中是 Debian 的 adduser，它只接受长选项，构建会以 `adduser: Option {letter} is ambiguous` 失败。请使用长选项（`--system`、`--no-create-home`、`--ingroup`、`--uid`）。',
      },
      fixTitles: { busybox: '使用 busybox 的 {tool}', debianLong: '使用 Debian adduser 的长选项' },
      docs: {
        what: '找出 alpine 和 busybox 构建阶段中的 `useradd`/`groupadd`，以及 Debian 和 Ubuntu 构建阶段中使用 busybox 短选项（`-D`、`-S`、`-H`、`-G`……）的 `adduser`。',
        why: '教程常常把两个家族的写法混在一起。alpine 和 busybox 只有 busybox 的 `adduser`/`addgroup`，没有 `useradd`；Debian 和 Ubuntu 有 `useradd` 和一个 Perl 写的 `adduser`，后者只接受长选项，会把 `-D` 当作有歧义的缩写。无论哪种情况，构建都会停在本来是为了让镜像更安全的那一行。`adduser --disabled-password --gecos "" app` 是可移植的写法：busybox 也认识这些长选项。',
        fixes: 'alpine/busybox：把 `useradd` 改写为 `adduser`（`-r`→`-S`、`-u`→`-u`、`-g`→`-G`、`-M`→`-H`、`-d`→`-h`、`-c`→`-g`、`-s`→`-s`；去掉 `-m`、`-U`、`-l`；除非有 `-S`，否则加上 `-D`），把 `groupadd` 改写为 `addgroup`（`-r`→`-S`、`-g`→`-g`）。Debian/Ubuntu：把 busybox 短选项改写为长选项（`-D`→`--disabled-password --gecos ""`、`-S`→`--system`、`-H`→`--no-create-home`、`-G`→`--ingroup`、`-u`→`--uid`、`-h`→`--home`、`-s`→`--shell`、`-g`→`--gecos`）。如果某个选项没有对应写法（`useradd -G`、`-o`、`-p`……），则不提供修复。',
        notFlagged: [
          '任何镜像上的 `adduser --disabled-password --gecos "" app`：busybox 也支持这些长选项。',
          '`apk add shadow` 之后在 alpine 上使用的 `useradd`；Debian 上的 `addgroup`；只使用长选项的 Debian `adduser`。',
          '类 RHEL 镜像（centos、fedora、rocky、alma），它们的 `adduser` 就是 `useradd`；家族未知的镜像；以及带 `# escape=` 指令的文件。',
        ],
      },
    },
    DGT126: {
      title: '以非 root 用户运行、却监听 1024 以下端口的镜像',
      messages: {
        lowPort: '镜像以 `{user}`（不是 root）运行，而 Go 服务监听端口 {port}（{file} 中的 {api}）。Docker Engine 20.10+ 允许这样做（它在容器中设置 net.ipv4.ip_unprivileged_port_start=0），但 Kubernetes、较旧的运行时和 rootless 环境不允许，服务会以 `listen tcp :{port}: bind: permission denied` 启动失败。建议使用 1024 及以上的端口，例如 {suggested}，需要时再把它发布为 {port}。',
      },
      related: { listen: '{api} 在这里监听端口 {port}。', expose: '镜像在这里暴露端口 {port}。' },
      docs: {
        what: '找出以非 root USER 运行 Go 服务、而服务监听一个已知的 1024 以下端口的最终镜像。',
        why: '绑定 1024 以下的端口需要 root 或 CAP_NET_BIND_SERVICE。Docker Engine 20.10 及以后的版本会在每个容器中设置 sysctl `net.ipv4.ip_unprivileged_port_start=0`，所以用 `docker run` 时镜像能正常工作；但在 Kubernetes（默认不设置这个 sysctl）、较旧的引擎和某些 rootless 运行时上，同一个镜像会在启动时崩溃。这只是提示：只用当前版本的 Docker 时不会出错。',
        fixes: '无：端口由程序决定。消息会建议一个 1024 及以上的端口（80 → 8080，443 → 8443）；如果客户端需要旧端口，可以把它发布为旧端口（`-p 80:8080`）。',
        notFlagged: [
          '以 root 运行的镜像、含变量的 USER 值，以及设置了 `user:` 的 compose 服务。',
          '端口未知的监听地址，或可由环境变量或命令行参数改变、且 Dockerfile 或 compose 文件设置了它们的监听地址。',
          'Windows 镜像和带 `# escape=` 指令的文件。',
        ],
      },
    },
    DGT127: {
      title: 'Linux 构建阶段中使用了反斜杠的 Windows 路径',
      messages: {
        source: '`{path}` 是 Windows 路径，但所在阶段基于 Linux 镜像 `{image}`。Docker 把反斜杠当作转义字符，会去查找 `{seen}`，构建失败：`failed to compute cache key: "/{seen}": not found`。请使用正斜杠：`{fixed}`。',
        folder: '`{path}` 是 Windows 路径，但所在阶段基于 Linux 镜像 `{image}`。Docker 把反斜杠当作转义字符，实际使用的是目录 `{seen}`，其他地方都不会引用它。请使用正斜杠：`{fixed}`。',
        folderJoined: '`{path}` 是 Windows 路径，但所在阶段基于 Linux 镜像 `{image}`。Docker 把反斜杠当作转义字符，实际使用的是目录 `{seen}`，而且行尾的反斜杠会把下一行并入这条指令。请使用正斜杠：`{fixed}`。',
        program: '`{path}` 是 Windows 路径，但所在阶段基于 Linux 镜像 `{image}`。shell 会丢掉反斜杠，容器以 `/bin/sh: {seen}: not found` 失败。请使用正斜杠：`{fixed}`。',
        programExec: '`{path}` 是 Windows 路径，但所在阶段基于 Linux 镜像 `{image}`，其中没有这个文件，容器无法启动：`exec: "{path}": stat {path}: no such file or directory`。请使用正斜杠：`{fixed}`。',
        argument: '`{path}` 是 Windows 路径，但所在阶段基于 Linux 镜像 `{image}`：程序拿到的是一个在那里不存在的路径。请使用正斜杠：`{fixed}`。',
      },
      fixTitles: { forwardSlashes: '使用正斜杠：{fixed}' },
      docs: {
        what: '找出基于 Linux 镜像的构建阶段中，COPY、ADD、WORKDIR、ENTRYPOINT 和 CMD 里用反斜杠写的路径（`.\\bin\\app`、`C:\\app`、`bin\\app`）。',
        why: '在 Windows 上输入的路径，或从 Windows 容器的 Dockerfile 复制来的路径，使用的是反斜杠。在没有 `# escape=` 指令的 Linux 构建阶段中，反斜杠会转义下一个字符，于是 `bin\\app` 变成 `binapp`，`C:\\app` 变成相对目录 `C:app`，行尾的反斜杠会把下一条指令并入这一条。构建会以“not found”失败，或者二进制被放到 ENTRYPOINT 找不到的地方。',
        fixes: '把反斜杠替换为正斜杠，并去掉盘符（`C:\\app\\` → `/app/`，`.\\bin\\app` → `./bin/app`）。带盘符的 COPY 源路径不提供修复：源路径是相对于构建上下文的，正确的路径取决于上下文在哪里。',
        notFlagged: [
          'Windows 构建阶段（servercore、nanoserver），以及所有带 `# escape=` 指令的文件。',
          '基于操作系统未知的镜像的构建阶段。',
          '用于续行、转义空格、`$` 或引号的反斜杠，以及 RUN 中、带引号的参数中和类似正则表达式的 CMD 参数中的反斜杠。',
        ],
      },
    },
    DGT136: {
      title: 'exec 形式的 CMD/ENTRYPOINT 把整条命令行写在一个字符串里',
      messages: {
        program: 'exec 形式下 Docker 不会拆分字符串：这个 {keyword} 运行的是名为 `{value}`（包括空格）的程序，容器无法启动（`exec: "{value}": {error}`）。请让每个单词成为单独的字符串：{split}。',
        shellLine: 'exec 形式下 Docker 既不拆分字符串也不运行 shell：这个 {keyword} 运行的是名为 `{value}` 的程序，容器无法启动（`exec: "{value}": {error}`）。请让每个单词成为单独的字符串，或者在需要 shell 语法时使用 shell 形式。',
        flag: 'exec 形式下 Docker 不会拆分字符串：`{value}` 作为一个参数（参数名和值连在一起）传给程序，所以 Go 的 flag 包停在 `flag provided but not defined: {value}`（pflag/cobra 会得到带前导空格的值）。请把参数名和值写成单独的字符串：{split}。',
      },
      fixTitles: { split: '拆分为 {split}' },
      docs: {
        what: '找出 exec 形式（JSON）的 CMD 和 ENTRYPOINT 中，第一个字符串包含程序及其参数（`["./app -f conf.yaml"]`），或者某个参数把参数名和值写在一起（`"-f conf.yaml"`）的情况。',
        why: 'exec 形式是参数向量：Docker 把每个 JSON 字符串原样传给程序，没有 shell 在空格处拆分。`CMD ["./bluebell -f ./conf/config.yaml"]` 向内核请求的是名为 `./bluebell -f ./conf/config.yaml` 的文件，所以容器启动失败，报出 `stat` 或 `executable file not found` 错误，看起来像是二进制不存在，而它其实就在那里。',
        fixes: '当字符串不含引号、变量或 shell 语法时，在空格处把它拆成每个单词一个字符串。',
        notFlagged: [
          'Windows 阶段和带 `# escape=` 指令的文件（Windows 路径可能含空格），以及带反斜杠的路径。',
          '程序之后不是参数名的字符串（`["echo", "hello world"]`、`["sh", "-c", "a && b"]`），以及 `--flag=带空格的值`。',
        ],
      },
    },
    DGT140: {
      title: 'COPY 的源文件不在构建上下文中',
      messages: {
        missing: '构建上下文（Dockerfile 所在的文件夹）中没有 `{src}`，构建会停止：`failed to compute cache key: failed to calculate checksum of ref ...: "/{path}": not found`。',
        missingAnyParent: 'Dockerfile 所在的文件夹中没有 `{src}`，在它之上直到仓库根目录、可能被 `docker build -f` 用作上下文的各级父文件夹中也都没有，构建会停止：`failed to compute cache key: failed to calculate checksum of ref ...: "/{path}": not found`。',
        missingCompose: 'compose 服务 "{service}" 的构建上下文 `{context}` 中没有 `{src}`，构建会停止：`failed to compute cache key: failed to calculate checksum of ref ...: "/{path}": not found`。',
        goSum: '`{src}` 不存在：go.mod 没有依赖任何模块，所以 Go 不会生成 go.sum。构建会停止：`failed to compute cache key: failed to calculate checksum of ref ...: "/{path}": not found`。请只复制 go.mod。',
        case: '构建上下文中没有 `{src}`，但有 `{actual}`：Windows 和 macOS 的文件系统不区分大小写，构建器却区分。构建会停止：`failed to compute cache key: failed to calculate checksum of ref ...: "/{path}": not found`。请写成 `{actual}`。',
        excluded: '`{src}` 被 {ignoreFile} 中的 `{pattern}` 排除在构建上下文之外，构建器根本看不到它，构建会停止：`failed to compute cache key: failed to calculate checksum of ref ...: "/{path}": not found`。',
      },
      fixTitles: { case: '写成 `{path}`', excluded: '在 {file} 中加入 `!{path}`', goSum: '只复制 go.mod，不复制 go.sum' },
      related: { excludes: '这个模式排除了 {path}。', argDefault: '这个路径来自 ARG {name} 的默认值。' },
      docs: {
        what: '找出来自构建上下文、但在上下文中不存在、只存在大小写不同的同名文件，或被 `.dockerignore` 排除的 COPY 或 ADD 源。',
        why: '在 Windows 和 macOS 上，`COPY Main.go .` 在每个编辑器和终端里都“没问题”，因为文件系统不区分大小写；但构建器在收到的上下文中按大小写精确查找，于是失败。`.dockerignore` 中的模式（常见的是 `*` 加白名单，或 `*.sum`）会在构建器看到之前悄悄删掉文件。而没有任何依赖的模块根本没有 go.sum，所以常见的 `COPY go.mod go.sum ./` 在新项目上就会失败。',
        fixes: '大小写不一致：改成磁盘上的准确文件名。被排除的源：在排除它的 `.dockerignore` 末尾加上 `!路径` 例外。没有依赖的模块缺少 go.sum：从 COPY 中去掉 go.sum。',
        notFlagged: [
          '含在此处没有值的变量的源（没有默认值的 ARG，或 compose 构建传入的参数）、URL、heredoc、`--from` 复制，以及通配符（BuildKit 复制通配符匹配到的文件，什么都没匹配到就什么都不复制：`COPY go.mod go.sum* ./` 是复制一个可能不存在的 go.sum 的常见写法）。由 ENV 值、ARG 默认值或基础镜像环境拼成的源，按这些值检查。',
          '文件夹不是 git 工作区时（项目的部分副本说明不了什么）、git 忽略该路径时（在 `docker build` 之前生成的构建产物）、由 goreleaser 配置构建镜像时（它有自己的 `dockers` 部分，或者通过 `includes:` 引入共享模板并为它指定 Dockerfile），或仓库中的 Makefile 目标或构建脚本（`.sh`、`.bat`、`.cmd`、`.ps1`）先生成文件再为这个 Dockerfile 运行 `docker build` 时，或者仓库的 CI 流水线（Cloud Build、GitLab CI、GitHub Actions、CircleCI、Drone、Jenkins）在提到这个 Dockerfile 的步骤之前运行了 `make` 或 go 构建时，缺失的源不报告。这样一行 `docker build` 所指定的上下文也算作可能的上下文。',
          '没有被任何 compose 文件构建的 Dockerfile：只有当源相对于 Dockerfile 所在文件夹、以及直到仓库根目录的每一级父文件夹都不存在时，才报告缺失，因为 `docker build -f` 可能把其中任何一个用作上下文；如果 Dockerfile 自己的 go build 在这些文件夹里都找不到 Go 文件（一个以各服务文件夹为上下文构建的模板），则什么都不报告；如果它缺失的两个或更多源在这些文件夹里一个都没有，而仓库的另一个文件夹里全都有（它是从那里构建的，或者从脚本生成的那个文件夹的副本构建的），也什么都不报告。',
          '所构建目标不需要的阶段（BuildKit 会跳过它们）、Windows 阶段，以及带 `# escape=` 指令的文件。',
        ],
      },
    },
    DGT141: {
      title: '在容器中运行带 CRLF 换行的脚本',
      messages: {
        direct: '`{script}` 使用 Windows（CRLF）换行，所以它的第一行 `{shebang}` 以回车符结尾，指向一个不存在的解释器：容器会以 `{error}` 失败。请把 {script} 转换为 LF（在 VS Code 中：点击状态栏上的 `CRLF`，选择 `LF`，保存），或在 .gitattributes 中加入 `*.sh text eol=lf`。',
        directRun: '`{script}` 使用 Windows（CRLF）换行，所以它的第一行 `{shebang}` 以回车符结尾，指向一个不存在的解释器：这个 RUN 会以 `/bin/sh: {name}: not found`（bash：`bad interpreter: No such file or directory`）失败。请把 {script} 转换为 LF（在 VS Code 中：点击状态栏上的 `CRLF`，选择 `LF`，保存），或在 .gitattributes 中加入 `*.sh text eol=lf`。',
        shell: '`{script}` 使用 Windows（CRLF）换行：shell 读到的每一行末尾都带着回车符，会报出 `$\'\\r\': command not found` 或 `set: illegal option -` 之类的错误。请把 {script} 转换为 LF（在 VS Code 中：点击状态栏上的 `CRLF`，选择 `LF`，保存），或在 .gitattributes 中加入 `*.sh text eol=lf`。',
      },
      fixTitles: {
        lf: '把 {script} 转换为 LF 换行',
        attrs: '把 {script} 转换为 LF，并在 .gitattributes 中加入 `{pattern} text eol=lf`',
        attrsCreate: '把 {script} 转换为 LF，并创建包含 `{pattern} text eol=lf` 的 .gitattributes',
        sed: "在镜像中去掉回车符：RUN sed -i 's/\\r$//' {path}",
      },
      related: { copied: '{script} 在这里被复制进镜像。', crlf: '这一行以 CRLF 结尾。' },
      docs: {
        what: '找出由 COPY 从构建上下文复制、随后被 ENTRYPOINT、CMD 或 RUN 运行的脚本，而工作区中的这个文件使用 CRLF 换行。',
        why: 'Windows 上的 Git（core.autocrlf=true）和 Windows 编辑器会写出 CRLF 换行。构建会逐字节复制工作区中的文件，于是内核把 shebang 读成 `#!/bin/sh\\r`，并报告*脚本本身*不存在，尽管 `ls` 明明能看到它。用 shell 运行这样的脚本也会被回车符卡住。',
        fixes: '把脚本转换为 LF（首选；命令行用 `--fix`。在 VS Code 中，文档保持自己的换行符，请使用状态栏）。在 git 检出中，还提供转换脚本并在仓库的 .gitattributes 中加入 `*.sh text eol=lf`（没有这个文件时会创建它），让 git 在每次检出时都保持 LF（Windows 上的 Git 默认以 CRLF 检出文本文件，除非属性另有说明）。在 Debian、Ubuntu、alpine 和 busybox 阶段中，还提供在 COPY 之后插入 `RUN sed -i \'s/\\r$//\' <脚本>`。',
        notFlagged: [
          '使用 LF 换行的脚本、在镜像中已转换的脚本（COPY 之后的 `sed -i \'s/\\r$//\'` 或 `dos2unix`）、在镜像中生成的脚本，以及经由其他阶段（`COPY --from`）进入的脚本。',
          '被直接运行、但第一行不是以回车符结尾的 `#!` 行的文件（例如二进制文件）。',
          'Windows 阶段（CRLF 是那里的原生换行）以及带 `# escape=` 指令的文件。',
          '可执行位（git 把脚本记录为 100644 时出现的 `exec /entrypoint.sh: permission denied`）：由 DGT146 script-not-executable 从 git 索引读取并检查。',
        ],
      },
    },
    DGT142: {
      title: 'shell 形式的 ENTRYPOINT/CMD 让 /bin/sh 成为 PID 1',
      messages: {
        dash: 'shell 形式的 `{keyword}` 会把 `/bin/sh -c` 作为 PID 1 启动，Go 二进制 `{bin}` 只是它的子进程（{image} 的 /bin/sh 是 dash，它不会用 exec 原地替换为命令）。`docker stop` 把 SIGTERM 发给 shell，而 shell 不会转发：服务的优雅退出永远不会执行，10 秒后 Docker 强制杀掉它（`exited with code 137`）。请使用 exec 形式：`{keyword} {execForm}`。',
        dashExec: 'shell 形式的 `{keyword}` 会把 `/bin/sh -c` 作为 PID 1 启动，Go 二进制 `{bin}` 只是它的子进程（{image} 的 /bin/sh 是 dash，它不会用 exec 原地替换为命令）。`docker stop` 把 SIGTERM 发给 shell，而 shell 不会转发：服务的优雅退出永远不会执行，10 秒后 Docker 强制杀掉它（`exited with code 137`）。请用 `exec {bin}` 启动它，让 shell 把自己替换为服务进程。',
        notLast: '`{bin}` {how}运行，因此 `/bin/sh` 一直是 PID 1，Go 二进制只是它的子进程。`docker stop` 把 SIGTERM 发给 shell，而 shell 不会转发：服务的优雅退出永远不会执行，10 秒后 Docker 强制杀掉它（`exited with code 137`）。请把它作为最后一条命令、用 `exec` 启动，并让它直接写到 stdout，而不是管道。',
        script: '`{script}` 启动 Go 二进制 `{bin}` 时没有用 `exec`，所以运行这个脚本的 shell 一直是 PID 1，服务只是它的子进程（shell 从不会把自己的位置让给脚本文件的最后一条命令）。`docker stop` 把 SIGTERM 发给 shell，而 shell 不会转发：服务的优雅退出永远不会执行，10 秒后 Docker 强制杀掉它（`exited with code 137`）。请在脚本中用 `exec {bin}` 启动它。',
        scriptNotLast: '`{script}` {how}运行 Go 二进制 `{bin}`，所以运行这个脚本的 shell 一直是 PID 1，服务只是它的子进程。`docker stop` 把 SIGTERM 发给 shell，而 shell 不会转发：服务的优雅退出永远不会执行，10 秒后 Docker 强制杀掉它（`exited with code 137`）。请把它作为脚本的最后一条命令、用 `exec` 启动，并让它直接写到 stdout，而不是管道。',
      },
      fixTitles: { execForm: '使用 exec 形式：{keyword} {execForm}', execPrefix: '用 exec 启动 {bin}' },
      values: { how: { 'in a pipeline': '在管道中', 'in the background (`&`)': '在后台（`&`）', 'before other commands': '在其他命令之前' } },
      related: { finalImage: '最终镜像基于 {image}。', scriptLine: '脚本在这里启动 {bin}。' },
      docs: {
        what: '找出最终阶段中 shell 形式的 ENTRYPOINT 或 CMD，它让 `/bin/sh` 成为 PID 1，而（由本 Dockerfile 构建的：RUN 中的 go build，或 RUN 启动的 Makefile 目标或构建脚本）Go 二进制只是其子进程；以及从构建上下文复制进来、启动 Go 二进制时没有用 `exec` 的入口脚本（`ENTRYPOINT ["/entrypoint.sh"]`、`CMD ["sh", "./start.sh"]`）。',
        why: '`docker stop`、Kubernetes 和 compose 都把 SIGTERM 发给 PID 1。shell 形式下，Docker 运行的是 `/bin/sh -c "<命令>"`。Debian 和 Ubuntu 的 dash 会一直作为 PID 1 留着，并且不转发信号，所以 Go 服务中的 `signal.Notify` 永远收不到信号，正在处理的请求被直接切断，每次停止都要等满 10 秒宽限期后被 SIGKILL。bash 和 busybox ash 会用 exec 原地运行最后一条简单命令，所以在 alpine 上只有管道、后台任务以及后面还有其他命令的情况才会让 shell 留在前面。',
        fixes: '普通的单词列表改写为 exec 形式（`CMD ["/app", "--port", "8080"]`）。需要 shell 的命令（`&&`、变量）在 Go 二进制前加上 `exec `，让 shell 把自己替换为它；入口脚本把二进制作为最后一条命令启动时，同样在脚本的那一行加上 `exec `（修复会编辑脚本）。',
        notFlagged: [
          'exec 形式，以及用 `exec` 启动 Go 二进制的 shell 形式。同一命令列表或入口脚本中有多个 Go 二进制时，最后一个是服务器，也只判断它（`./app migrate && ./app`，或脚本中先 `./app migrate` 再 `exec ./app`）：它之前的会在它启动前结束。',
          '在 alpine、busybox 和基于 bash 的镜像上：单条简单命令，或 `&&`/`;` 列表中的最后一条命令（shell 会用 exec 原地运行它）。',
          'ENTRYPOINT 之下的 shell 形式 CMD（这是另一个问题）、基础镜像可能自带 ENTRYPOINT 时的 CMD（未知的基础镜像），以及不启动本 Dockerfile 中 `go build` 所构建二进制的命令。',
          'Windows 阶段和带 `# escape=` 指令的文件（cmd.exe 不是 /bin/sh），以及根本没有 shell 的镜像（scratch、distroless）：这些由 DGT122 shell-form-without-shell 报告。',
          '用 `exec` 启动二进制、以 `exec "$@"` 结尾、自己处理信号（`trap`、`wait`）或在 init（tini、dumb-init）之后运行的入口脚本；镜像不是从构建上下文得到的脚本。',
        ],
      },
    },
    DGT143: {
      title: 'ENV 或 ARG 中写死了密钥',
      messages: {
        env: '`{name}` 把一个写死的{kind}放进了镜像：ENV 的值保存在镜像配置中，任何能拉取镜像的人都能用 `docker inspect` 或 `docker history` 读到。{advice}',
        arg: '`{name}` 把一个写死的{kind}作为 ARG 默认值：它随 Dockerfile 一起提交，而且 RUN 用到的构建参数会记录在镜像历史中（`docker history --no-trunc`）。{advice}',
        source: '`{name}` 在 Dockerfile 中写死了一个{kind}：它随源码一起提交，并留在构建缓存中（这个阶段不属于最终镜像）。{advice}',
      },
      values: {
        kind: {
          password: '密码',
          token: '令牌',
          secret: '密钥',
          key: '密钥',
          credential: '凭据',
          'password (in a connection string)': '密码（在连接字符串中）',
        },
        advice: {
          'Pass build-time secrets with BuildKit (`RUN --mount=type=secret,id=...`) and run-time ones with `docker run -e`, compose `environment:` or `secrets:`.':
            '构建时需要的密钥请用 BuildKit 传入（`RUN --mount=type=secret,id=...`），运行时需要的请用 `docker run -e`、compose 的 `environment:` 或 `secrets:` 传入。',
          'Pass it at run time instead, with `docker run -e` or compose `environment:`.': '请改为在运行时传入，用 `docker run -e` 或 compose 的 `environment:`。',
        },
      },
      docs: {
        what: '找出名称以 PASSWORD、PASSWD、PASS、TOKEN、SECRET、API_KEY、PRIVATE_KEY、ACCESS_KEY、SECRET_KEY、CREDENTIALS（及类似词）结尾、且值是字面量的 ENV 和 ARG 指令。',
        why: '镜像层和镜像配置都不是保密的：每个 ENV 值、以及 RUN 用到的每个构建参数，任何能拉取镜像的人都能读到，而 Dockerfile 本身就在仓库里。写在这里的数据库密码或访问令牌会随每次推送泄露出去。',
        fixes: '无：删掉这个值会改变构建或容器的行为。消息中说明了这个值应该从哪里来。',
        notFlagged: [
          '含变量的值（`ENV DB_PASSWORD=$DB_PASSWORD`）、没有默认值的 ARG，以及空值。',
          '明显的占位符和开关：`changeme`、`xxx`、`<your-token>`、`your_token_here`、`secret`、`password`、`true`、`0`，以及 `/run/secrets/db_password` 这样的路径。',
          '密钥词不是最后一个词的名称：TOKEN_URL、PASSWORD_FILE、PASSWORD_MIN_LENGTH、SECRET_NAME、HSM_TOKEN_LABEL、ACCESS_KEY_ID；以及表示工作目录的 PWD。',
        ],
      },
    },
    DGT144: {
      title: '基础镜像没有固定版本',
      messages: {
        latest: '`{image}` 跟随 `latest`：每次构建都可能拉到不同的镜像（新的操作系统版本，软件包、库和默认设置都可能不同），昨天还能通过的构建今天可能失败或表现不同。请固定一个版本标签或摘要（digest）。',
        untagged: '`{image}` 没有标签，也就是 `:latest`：每次构建都可能拉到不同的镜像（新的操作系统版本，软件包、库和默认设置都可能不同），昨天还能通过的构建今天可能失败或表现不同。请固定一个版本标签或摘要（digest）。',
      },
      docs: {
        what: '找出镜像没有标签或使用 `latest` 标签（且没有摘要）的 FROM 行。',
        why: '`latest` 会变。几个月后重新构建，可能悄悄用上了 musl 和软件包名都不同的新 alpine、新的 Debian 版本，或基于另一个 Debian 的 distroless 镜像。固定版本让构建可重复，升级成为有意识的决定。其他 linter 也会报告这一点，所以默认严重级别只是提示。',
        fixes: '无：从工作区无法知道正确的版本。',
        notFlagged: [
          '`scratch`、对前面阶段的引用、带摘要的镜像（`@sha256:...`），以及由变量给出的镜像（`FROM ${BASE}`）。',
          'golang 镜像：由 DGT103 golang-image-unpinned 报告，并给出应固定的 go.mod 版本。',
          '不发布版本标签的镜像：以 Debian 版本命名的 distroless 镜像（`gcr.io/distroless/static-debian12`）和 Chainguard 镜像。',
          '由工作区中 compose 服务自己构建的镜像（`image:` 与 `build:` 同时出现）。',
          '`alpine:3` 或 `debian:stable` 等其他会移动的标签：它们是有意指定的版本线。',
        ],
      },
    },
    DGT145: {
      title: '`apk add` 没有使用 --no-cache',
      messages: {
        noCache: '不带 `--no-cache` 的 `apk add` 会把软件包索引（/var/cache/apk 中几 MB 的 APKINDEX 文件）留在镜像的这一层里。请使用 `apk add --no-cache`，它会临时获取索引，什么都不保留。',
        withUpdate: '`apk update` 和不带 `--no-cache` 的 `apk add` 会把软件包索引（/var/cache/apk 中几 MB 的 APKINDEX 文件）留在镜像的这一层里。请去掉 `apk update`，改用 `apk add --no-cache`，它会临时获取最新索引，什么都不保留。',
      },
      fixTitles: { noCache: '使用 `apk add --no-cache`', dropUpdate: '去掉 `apk update`，使用 `apk add --no-cache`' },
      docs: {
        what: '找出最终会进入镜像的 alpine 阶段中不带 `--no-cache` 的 `apk add`。',
        why: '`apk update` 和 `apk add` 会把仓库索引保存在 /var/cache/apk 下。在后面的 RUN 中删除它们并不能缩小镜像，因为前面那一层里仍然有这些文件。`--no-cache` 只为这一条命令获取索引，不保存任何东西，也就不再需要 `apk update`。',
        fixes: '在 `add` 之后插入 `--no-cache`；如果同一个 RUN 以 `apk update &&` 开头，也一并去掉这条命令。',
        notFlagged: [
          '`apk add --no-cache`（这个选项放在 `add` 之前或之后都可以）。',
          '自己删除 /var/cache/apk 的 RUN（`rm -rf /var/cache/apk/*`），或在其上挂载 BuildKit 缓存的 RUN（`--mount=type=cache,target=/var/cache/apk`）。',
          '没有任何镜像基于其构建的构建阶段：它们的层会被丢弃。',
          'Windows 阶段和带 `# escape=` 指令的文件。',
        ],
      },
    },
    DGT146: {
      title: '直接运行的脚本在 git 中没有可执行位',
      messages: {
        direct: 'git 记录的 `{script}` 模式是 100644（不可执行），这个 Dockerfile 也没有让它变成可执行：在 Linux 或 macOS 上检出（CI、同事的电脑）构建出的镜像，容器会以 `exec {path}: permission denied` 失败。请用 `--chmod=755` 复制它、加上 `RUN chmod +x {path}`，或在 git 中记录模式：`git update-index --chmod=+x {script}`。',
        directRun: 'git 记录的 `{script}` 模式是 100644（不可执行），在这个 RUN 之前也没有让它变成可执行：在 Linux 或 macOS 上检出（CI、同事的电脑）时，构建会以 `/bin/sh: {name}: Permission denied` 失败。请用 `--chmod=755` 复制它、加上 `RUN chmod +x {path}`，或在 git 中记录模式：`git update-index --chmod=+x {script}`。',
      },
      fixTitles: { chmodFlag: '用 --chmod=755 复制 {script}', chmodRun: '在镜像中让 {path} 可执行：RUN chmod +x {path}' },
      related: { copied: '{script} 在这里被复制进镜像。' },
      docs: {
        what: '找出 COPY 或 ADD 从构建上下文复制、随后由 ENTRYPOINT、CMD 或 RUN 直接执行（而不是 `sh script.sh`）的脚本，而 git 索引记录它的模式为 100644，Dockerfile 既没有用 `--chmod` 复制它，也没有对它执行 `chmod`。',
        why: '构建会按检出中文件的权限复制文件，而 git 只有在记录了模式 100755 时才会把文件检出为可执行。Windows 没有可执行位，所以在 Windows 上创建的脚本会以 100644 提交；在 Linux 上，没有提交的本地 `chmod +x` 只在那一台机器上有效。镜像能正常构建，却在脚本启动时失败——发生在 CI 或服务器上，而不是编写它的地方。',
        fixes: '给单独复制这个脚本的 COPY 或 ADD 加上 `--chmod=755`（首选：适用于所有基础镜像，包括 scratch 和 distroless；`--chmod` 需要 BuildKit，它是 Docker Engine 23 起的默认构建器）。如果阶段中有 shell（Debian、Ubuntu、alpine、busybox），还会提供在复制之后插入 `RUN chmod +x <路径>`。在 git 中记录模式（`git update-index --chmod=+x <脚本>` 后提交）能从根源上解决问题；编辑器无法运行 git，所以消息中会说明这一点。',
        notFlagged: [
          'git 记录为 100755 的文件、符号链接、未跟踪的文件，以及不在 git 工作树中的文件夹（没有可读的 `.git/index`）。',
          '通过解释器运行的脚本（`sh entrypoint.sh`、`bash -c ...`）、用任何 `--chmod` 复制的脚本，或后面的 `chmod`、`install`、`find`、`chown` 提到它的脚本（或这些命令带有通配符或变量）。',
          '通过其他阶段或镜像进入本阶段的脚本（`COPY --from`），以及含变量的路径。',
          'Windows 阶段和带 `# escape=` 指令的文件。',
        ],
      },
    },
    DGT147: {
      title: 'ENTRYPOINT 或 CMD 启动的文件不在镜像中',
      messages: {
        missing: '镜像 `{image}` 中没有 `{program}`：没有任何步骤把它放进去（没有 COPY、没有 go build、也没有 RUN 生成它），所以容器会立刻以 `exec {program}: no such file or directory` 退出。{hint}',
        notOnPath: '镜像 `{image}` 的 PATH（{dirs}）中没有 `{program}`：容器会立刻以 `exec: "{program}": executable file not found in $PATH` 退出。{hint}',
        goRunFile: '`go run {file}` 运行的是 `{path}`，但镜像中没有它：没有任何步骤把它复制进去，所以容器会以 `stat {file}: no such file or directory` 退出。',
      },
      fixTitles: { useBinary: '启动 `{binary}`' },
      docs: {
        what: '找出程序路径在最终镜像中不存在的 ENTRYPOINT 或 CMD（exec 形式或 shell 形式）——没有步骤把它复制进去、没有 go build 写出它、没有 RUN 生成它、基础镜像也没有它；在 scratch 或 distroless 镜像的 PATH 的任何目录中都找不到的程序名；以及 `go run <文件>` 运行的、从未被复制进来的文件。除了最后一个阶段以及 compose 和仓库脚本指定的目标，还会检查没有其他阶段基于它构建或从中复制、并且自己设置了 ENTRYPOINT 或 CMD 的具名阶段：有人会用 `--target` 构建这些镜像。',
        why: '构建成功，镜像也推送了；只有容器在启动时立刻失败，报的错误看起来像是文件丢失，其实只是路径写错了：二进制文件放在了 /usr/local/bin/server，ENTRYPOINT 却写着 /app/server；最终阶段的 WORKDIR 不是构建阶段的；或者改了名字，却只改了构建没改 ENTRYPOINT。在 compose 中，这个服务会不断重启。',
        fixes: '当镜像中恰好只有一个 Go 二进制文件（在它的阶段链中构建，或从构建阶段复制进来）时，修复会改为启动这个路径。',
        notFlagged: [
          '镜像可能拥有、而我们看不到的程序：除 scratch 和 distroless 之外的基础镜像的系统目录（/usr、/bin 等）下的任何文件，以及脚本、`make`、包安装、解包归档的 ADD 或从镜像 COPY 可能放进去的文件。',
          '在 scratch 和 distroless 之外的基础镜像上不带斜杠的程序名（这些镜像的 PATH 中有它们自己的工具）、变量，以及没有 ENTRYPOINT 或 CMD 的阶段。',
          '不由 compose 构建或不在 git 检出中的 Dockerfile，且文件本应来自构建上下文时（上下文可能是另一个文件夹，或者这份项目副本不完整）。',
          '镜像的 compose 服务在其上挂载了内容的路径（源代码的绑定挂载、卷），以及 WebAssembly 镜像。',
          'Windows 镜像和带 `# escape=` 指令的文件。',
          'Delve 调试器（`dlv`）：镜像中缺少 dlv 由 DGT170 delve-command 报告。',
        ],
      },
    },
    DGT148: {
      title: 'COPY --from 复制了该阶段从未生成的路径',
      messages: {
        missing: '`{stage}` 阶段中没有 `{path}`：那里没有任何步骤写出它（没有 COPY、没有 go build、也没有生成它的 RUN），所以构建会停止：`failed to compute cache key: failed to calculate checksum of ref ...: "{path}": not found`。',
        missingBuilt: '`{stage}` 阶段中没有 `{path}`：它的 go build 写出的是 `{built}`，所以构建会停止：`failed to compute cache key: failed to calculate checksum of ref ...: "{path}": not found`。请复制 `{built}`。',
      },
      fixTitles: { useBuilt: '复制 `{built}`' },
      related: { builds: '这个 go build 写出 {built}。' },
      docs: {
        what: '找出源路径在该阶段中根本不存在的 `COPY --from=<阶段>`：没有 COPY 或 ADD 把它放进去，没有 `go build -o`（或 `go test -c`）写出它，没有 RUN 明显地生成它，基础镜像也没有它。',
        why: '多阶段构建只有在执行到这次复制时才失败，此时构建阶段已经下载了模块并完成编译——构建已经进行了好几分钟。常见原因：二进制文件在一处改了名（`go build -o main` 却 `COPY --from=build /app/api`）、构建写入的文件夹与 COPY 读取的不同（构建阶段 `WORKDIR /build`，复制时却用 `/app/...`），或者从一个从未收到某个配置文件的阶段复制它。',
        fixes: '当该阶段在 COPY 读取的文件夹中只有一个 go build 输出（或总共只有一个）时，修复会改为复制那个路径。',
        notFlagged: [
          '我们看不透的 RUN 可能生成的路径（脚本、`make`、`npm run build`、装入系统目录的包安装、重定向）、基础镜像系统目录下的路径，以及从镜像或具名上下文的复制。',
          '带通配符或无值变量的源，以及所构建目标不需要的阶段（BuildKit 会跳过它们）。',
          '本应由构建上下文带来的文件，除非上下文是缺少它们的 git 检出（项目的部分副本说明不了什么）；对于没有 compose 文件构建的 Dockerfile，还包括从其上级文件夹构建时会带来的文件（`docker build -f sub/Dockerfile .`）。',
          'go build 写入的文件夹及其上层文件夹（`go build -o ./bin/app` 会创建 bin）。',
        ],
      },
    },
    DGT160: {
      title: '镜像缺少 CA 证书，程序却要发起 TLS 连接',
      messages: {
        missing: '最终镜像 `{image}` 中没有 CA 证书，但它运行的 Go 程序会发起 TLS 连接（{what}）：每一次连接都会失败，报 `x509: certificate signed by unknown authority`。请从构建阶段复制 /etc/ssl/certs/ca-certificates.crt。',
        missingPackage: '最终镜像 `{image}` 中没有 CA 证书（Debian 和 Ubuntu 镜像不带 ca-certificates 软件包，而这个镜像什么也没安装），但它运行的 Go 程序会发起 TLS 连接（{what}）：每一次连接都会失败，报 `x509: certificate signed by unknown authority`。请在镜像中安装 ca-certificates。',
      },
      fixTitles: { copyCa: '从 {stage} 阶段复制 CA 证书包：{copy}', aptCa: '在镜像中安装 ca-certificates（apt-get）' },
      related: { tls: 'TLS 连接：{what}。' },
      values: {
        what: {
          'HTTPS requests': 'HTTPS 请求',
          'tls.Dial': 'tls.Dial',
          'gRPC over TLS': '基于 TLS 的 gRPC',
          'x509.SystemCertPool': 'x509.SystemCertPool',
          'a cloud/API SDK': '云服务/API SDK',
          'a TLS database connection': '使用 TLS 的数据库连接',
        },
      },
      docs: {
        what: '找出没有 CA 证书包的最终镜像——scratch、busybox，或 RUN 什么也不安装的 Debian、Ubuntu 镜像——而其中运行的 Go main 包会发起出站 TLS 连接（net/http 访问 https:// 地址、tls.Dial、gRPC TLS 凭据、x509.SystemCertPool、云服务/API SDK、要求校验 TLS 的数据库 DSN）。',
        why: 'Go 在 Linux 上用系统根证书校验服务器证书，它们位于 /etc/ssl/certs。scratch 里什么文件都没有，busybox 也没有 CA 证书包，debian 和 ubuntu 镜像则不带 ca-certificates 软件包（它们的根文件系统清单里没有这个包），所以第一次 HTTPS 调用就会失败——通常是在生产环境，因为本地运行用的是主机的证书。golang 构建镜像里有证书包（Debian 版来自 buildpack-deps 的 ca-certificates；alpine 版在镜像中执行了 `apk add ca-certificates`），scratch 或 busybox 镜像一条 COPY 就能解决；Debian 或 Ubuntu 镜像则安装这个软件包。',
        fixes: 'scratch 和 busybox：在最终阶段的 FROM 之后插入 `COPY --from=<构建阶段> /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`；如果构建阶段不是 golang 镜像且没有安装 ca-certificates，还会在那里安装它（alpine 用 `apk add --no-cache ca-certificates`，Debian 用 apt-get）。Debian 和 Ubuntu：在最终阶段的 FROM 之后插入 `RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*`（如果最终阶段所基于的阶段已切换到 root 以外的用户，则不提供修复：apt-get 在那里会失败）。',
        notFlagged: [
          '自带 CA 证书包的镜像：alpine 3.7 及以后、distroless（包括 static）、golang；任何复制 /etc/ssl、certs 目录或 .crt/.pem 文件的 COPY；设置了 ENV SSL_CERT_FILE 或 SSL_CERT_DIR；安装了 ca-certificates 的镜像。',
          '有可能安装东西的 RUN 的 Debian 和 Ubuntu 镜像（包管理器、脚本，除用户、目录、链接和权限命令以外的任何命令）：很多软件包会连带装上 ca-certificates（它是 curl、wget 和 openssl 的 Recommends）。基于 debian 和 ubuntu 本身以外镜像构建的镜像。',
          '内嵌根证书的程序（`import _ "golang.org/x/crypto/x509roots/fallback"`），以及自带 RootCAs 或设置了 InsecureSkipVerify 的 TLS 配置。',
          'main 包之外的 TLS 使用（只读取 main 包自己的文件）、普通 HTTP，以及 Windows 镜像和带 `# escape=` 指令的文件。',
        ],
      },
    },
    DGT161: {
      title: '设置了 TZ，但镜像中没有 zoneinfo',
      messages: {
        tz: 'TZ={zone}，但镜像 `{image}` 中没有时区数据库（/usr/share/zoneinfo），Go 程序也没有内嵌它：Go 无法加载这个时区，time.Local 会悄悄变成 UTC（time.LoadLocation 则会报错 `unknown time zone {zone}`）。请把 zoneinfo 加入镜像、用 -tags timetzdata 构建，或者 import _ "time/tzdata"。',
      },
      fixTitles: {
        importTzdata: '内嵌时区数据库：import _ "time/tzdata"',
        apkTzdata: '在镜像中安装 tzdata：RUN apk add --no-cache tzdata',
        aptTzdata: '在镜像中安装 tzdata（apt-get）',
        copyZoneinfo: '从 {stage} 阶段复制时区数据库：{copy}',
        tagsTimetzdata: '把时区数据库编译进二进制：{flag}',
      },
      related: { tzSet: 'compose 服务 "{service}" 设置了 TZ={value}。', noZoneinfo: '镜像 {image} 中没有 /usr/share/zoneinfo。' },
      docs: {
        what: '找出运行工作区中 Go 程序、把 TZ 设为具名时区（Dockerfile 的 ENV TZ 或 compose 服务的 environment）却没有 zoneinfo 的 scratch、busybox，或未安装 tzdata 的 alpine、golang:*-alpine、ubuntu 最终镜像：没有 tzdata 包、没有复制 /usr/share/zoneinfo、没有 ENV ZONEINFO、没有 `-tags timetzdata`、也没有 `import _ "time/tzdata"`。',
        why: '设置 TZ=Asia/Shanghai 是大多数团队让日志和报表显示本地时间的办法。Go 从 /usr/share/zoneinfo 读取时区；文件不存在时 Go 并不报错——time.Local 会悄悄变成 UTC，所有时间戳都差了好几个小时。而任何带时区名的 `time.LoadLocation` 都会直接失败，报 `unknown time zone`。',
        fixes: '四种改法，第一种为首选：安装 tzdata（alpine 用 `RUN apk add --no-cache tzdata`，ubuntu 用 apt-get；如果镜像所基于的阶段已切换到 root 以外的用户则不提供，安装在那里会失败），或者在 scratch/busybox 上 `COPY --from=<构建阶段> /usr/share/zoneinfo /usr/share/zoneinfo`（若构建阶段是 alpine，先在其中安装 tzdata）；在 `go build` 上加 `-tags timetzdata`；在 Go 的 main 包中加 `import _ "time/tzdata"`（修改 Go 文件）。',
        notFlagged: [
          '未设置 TZ，或 TZ 为 UTC、Etc/UTC、GMT；自带 zoneinfo 的镜像（Debian、distroless、基于 Debian 的 golang 镜像）以及未知的基础镜像。（golang:*-alpine 镜像带有 $GOROOT/lib/time/zoneinfo.zip，time.LoadLocation 会退而使用它，time.Local 却不会读取。）',
          '在镜像中会失败的 time.LoadLocation 调用：由 DGT303 在 Go 代码一侧报告，提供同样的修复。',
          '不运行本 Dockerfile 所构建 Go 程序的镜像、Windows 镜像，以及带 `# escape=` 指令的文件。',
        ],
      },
    },
    DGT201: {
      title: '带反斜杠的 Windows 主机路径',
      messages: {
        path: '{what} `{host}` 是带反斜杠的 Windows 路径。它只在 Windows 上的 Docker Desktop 中有效；在 WSL、Git Bash（MSYS 路径转换）、Linux CI 以及双引号 YAML 中都会出错。请使用正斜杠（{fixed}）或相对于 compose 文件的路径。',
        yamlEscape: 'YAML 把这个双引号路径中的反斜杠当作转义序列：`{error}`。请使用正斜杠。',
        interpolated: '{what} `{ref}` 通过 {envFile}（第 {line} 行）中的 `{name}` 变成 `{host}`：这是带反斜杠的 Windows 路径。它只在 Windows 上的 Docker Desktop 中有效；在 WSL、Git Bash（MSYS 路径转换）、Linux CI 以及其他同事的机器上都会出错。请在 {envFile} 中改用正斜杠（{fixed}）。',
        wsl: '{what} `{host}` 是 Windows 盘符路径，但这里的 Docker 运行在 WSL 主机上：无论用反斜杠还是正斜杠，Compose 都会把 `C:` 当作卷名，把其余部分当作目标路径和模式（`invalid mode: /app`）。请使用 WSL 挂载该盘的路径（{fixed}）或相对于 compose 文件的路径。',
      },
      fixTitles: {
        slashes: '使用正斜杠：{path}',
        relative: '使用相对于 compose 文件的路径：{path}',
        wsl: '使用 WSL 路径：{path}',
        slashesQuoted: '使用正斜杠："{path}"',
      },
      related: { envValue: '`{name}` 在这里设置。' },
      values: {
        what: {
          volume: '卷',
          'bind source': '绑定挂载源',
          'build context': '构建上下文',
          'dockerfile path': 'dockerfile 路径',
          env_file: 'env_file',
        },
      },
      docs: {
        what: '找出 compose 文件中用反斜杠书写的 Windows 主机路径：卷（短语法和长语法）、构建上下文、`dockerfile` 路径和 `env_file`，也包括来自项目 `.env` 变量的路径（`${LOG_PATH}:/app/logs`，而 `LOG_PATH=C:\\Users\\Public\\Logs`）。',
        why: '`C:\\goapp` 这样的路径只有 Windows 上的 Docker Desktop 才认识。同一个 compose 文件在 WSL、Git Bash（其 MSYS 层会改写路径）、同事的 Linux 或 Mac 以及 CI 上都会失败。在双引号 YAML 字符串中，反斜杠是转义序列，文件甚至无法解析。正斜杠（`C:/goapp`）在所有运行 Docker Desktop 的地方都有效，而相对于 compose 文件的路径在任何机器上都有效。',
        fixes: '把反斜杠改成正斜杠（首选）；如果路径位于 compose 文件所在文件夹内，也可以改成相对路径。来自 `.env` 的路径在 `.env` 中改成正斜杠。对于 YAML 无法解析的双引号路径，修复会用正斜杠重写。当编辑器知道 Docker 运行在 WSL 主机上时（设置 `dockerGoTraps.hostMode`），用正斜杠写的盘符路径也会被报告，修复提供相对路径（首选）或 WSL 挂载该盘的路径（`/mnt/c/...`）。',
        notFlagged: [
          'Windows 容器的挂载（容器一侧是 `C:\\data` 这样的 Windows 路径）：它们只在 Windows 主机上运行，反斜杠是原生写法。',
          '`\\\\.\\pipe\\docker_engine` 这样的命名管道。',
          '已经使用正斜杠的路径（WSL 主机除外，见上文）。',
          '`.env` 中没有设置的变量（它们可能来自 shell），以及 `.env` 中带转义的带引号值。',
        ],
      },
    },
    DGT202: {
      title: '在 Windows 版 Docker Desktop 之外会出错的 Windows 路径写法',
      messages: {
        backslash: '{what} `{path}` 使用了反斜杠。只有 Windows 上的 Docker Desktop 把它当作路径分隔符；在 WSL、Git Bash、Linux、macOS 和 CI 中，反斜杠是文件名的一部分（找不到 `{fixed}`，或者出现一个以整个字符串命名的新目录）。请使用正斜杠：`{fixed}`。',
        msys: '{what} `{path}` 原本是 Linux 路径，在 Compose 读到之前被 Git Bash（MSYS）改写成了其安装目录下的 Windows 路径；容器里没有这个路径。它原来是 `{fixed}`。在 Git Bash 中运行 docker 时，请设置 MSYS_NO_PATHCONV=1（或写成 `//app`）。',
        gitbash: '{what} `{path}` 是 Git Bash（MSYS）对 `{windows}` 的写法。Git Bash 只在自己的命令行上转换它，compose 文件中的路径没有人转换：Docker Desktop 在它的 Linux 虚拟机中查找 `{path}`，找不到，就挂载一个新建的空目录。请写成 {suggestion}。',
      },
      fixTitles: {
        slashes: '使用正斜杠：{path}',
        restore: '恢复 Linux 路径：{path}',
        windows: '使用 Windows 写法：{path}',
      },
      values: {
        what: {
          'volume source': '卷的源路径',
          'volume target': '卷的目标路径',
          'bind source': '绑定挂载源',
          'build context': '构建上下文',
          'dockerfile path': 'dockerfile 路径',
          'additional build context': '附加构建上下文',
          env_file: 'env_file',
          label_file: 'label_file',
          'extends file': 'extends 文件',
          working_dir: 'working_dir',
          tmpfs: 'tmpfs',
          'develop.watch path': 'develop.watch 路径',
          'develop.watch target': 'develop.watch 目标路径',
          'secret file': 'secret 文件',
          'config file': 'config 文件',
          include: 'include',
          'include path': 'include 路径',
          'include env_file': 'include 的 env_file',
          'include project_directory': 'include 的 project_directory',
        },
      },
      docs: {
        what: '找出 DGT201 不覆盖的 compose 文件中的 Windows 路径写法：不以 `.\\` 开头的相对路径中的反斜杠（`docker\\Dockerfile`、`./data\\db`），以及 `secrets`、`configs`、`include`、`extends`、`additional_contexts`、`label_file` 等键中的反斜杠；被 Git Bash 改写过的路径（`C:/Program Files/Git/app`）；以及 `/c/Users/me/app` 这样的 Git Bash 盘符路径。',
        why: '同一个 compose 文件会被 Windows 上的 Docker Desktop、WSL 中的 Compose、用 macOS 和 Linux 的同事以及 CI 读取，反斜杠只在第一种情况下有效。Git Bash（MSYS）会改写命令行上所有看起来像 Linux 路径的参数——`/app` 变成 `C:/Program Files/Git/app`——这样被改写的路径会随着在 Git Bash 中生成或复制的内容进入 compose 文件。`/c/Users/...` 是 Git Bash 对 `C:\\Users\\...` 的叫法；路径写在文件里时，Docker 看不到这种转换。',
        fixes: '反斜杠改为正斜杠；被改写的路径恢复为原来的 Linux 路径（`/app`）；`/c/Users/...` 改为 `C:/Users/...`（工作区位于 Windows 盘上时为首选）。在 WSL 工作区中不提供自动修复：消息中给出 `/mnt/c/...`，它能用但很慢（见 DGT203）。',
        notFlagged: [
          '卷、构建上下文、`dockerfile` 和 `env_file` 中的 `C:\\...` 与 `.\\...` 路径：由 DGT201 报告。',
          'Windows 容器（Windows 镜像、`platform: windows`、Windows 容器路径），以及 `\\\\.\\pipe\\docker_engine` 这样的命名管道。',
          '含变量的路径，以及后面不是 Windows 目录（Users、Program Files、Windows 等）的 `/c/...` 路径。',
        ],
      },
    },
    DGT203: {
      title: '在 WSL 下从 Windows 盘（/mnt/c）绑定挂载',
      messages: {
        mnt: '`{source}` 位于 Windows 盘 {drive}:，这是从 WSL2 看到的路径。那里的文件要经过 9P 文件服务器，比 Linux 文件系统慢很多倍（`go build`、`go mod download` 和数据库都会很慢），而且文件变更事件传不到容器里，热重载（air、CompileDaemon、nodemon）永远不会触发。请把项目和数据放在 WSL 的文件系统中（例如 ~/src），从那里挂载。',
      },
      docs: {
        what: '找出源路径位于 WSL 所挂载的 Windows 盘上（`/mnt/c/...`、`/mnt/d/...`）的绑定挂载。',
        why: '在 WSL2 下，`/mnt/c` 是通过 9P 协议提供的 Windows 盘。绑定挂载它的容器每读写一个文件都要跨过这座桥：构建和数据库都很慢，而且在 Windows 一侧所做修改的 inotify 事件不会送达，容器里的文件监视器（air、CompileDaemon、nodemon、webpack）什么也看不到。Docker 和微软的建议都是把文件放在发行版自己的 Linux 文件系统中。',
        notFlagged: [
          '相对路径的绑定挂载源（速度取决于项目所在位置，工作区路径本身已经说明了这一点）。',
          '编辑器报告主机是 Linux 或 macOS 时（`dockerGoTraps.hostMode`）。',
        ],
      },
    },
    DGT204: {
      title: '绑定挂载源不存在（Docker 会创建一个目录）',
      messages: {
        missing: '工作区中不存在 `{source}`。Docker 不会报错，而是创建一个名为 `{name}` 的空目录并挂载它：程序在期望文件的地方看到一个目录（`read {target}: is a directory`），或者容器根本无法启动：`Are you trying to mount a directory onto a file (or vice-versa)?`。请在 `docker compose up` 之前创建这个文件。',
        template: '`{source}` 不存在，但有 `{template}`：请先把它复制为 `{name}`。否则 Docker 会创建一个名为 `{name}` 的空目录并挂载它（`read {target}: is a directory`，或 `Are you trying to mount a directory onto a file (or vice-versa)?`）。',
        case: '`{source}` 不存在，但有 `{actual}`：两者只有大小写不同。Windows 和 macOS 上的 Docker Desktop 忽略大小写；在 Linux、WSL 和 CI 中，Docker 会新建一个空的 `{name}` 并挂载它。请使用 `{actual}`。',
      },
      fixTitles: {
        case: '使用磁盘上的名称：{path}',
      },
      docs: {
        what: '找出不存在的相对绑定挂载源：项目希望你从模板创建的配置文件、与磁盘上文件大小写不同的名称，或者 git 检出中缺少的文件。',
        why: '绑定挂载的源不存在时，Docker 会创建它——而且是创建成目录。缺少的 `./config.yaml` 会在主机和容器中变成一个空文件夹 `config.yaml/`；程序报错 "is a directory"，或者当镜像在目标位置有文件时，容器根本无法启动。Windows 和 macOS 的文件系统不区分大小写，所以 `./Config.yaml` 在那里能用，到了 Linux 和 WSL 就出错。',
        fixes: '只有大小写不同时，把名称改成磁盘上的名称。',
        notFlagged: [
          '不存在的目录（`./data:/var/lib/postgresql/data`）：让 Docker 创建它们通常正是项目的本意。',
          '不是 git 检出的工作区（compose 文件所在目录及其上级都没有 `.git`）中缺少的文件，除非有模板文件或大小写不同的文件表明这是个错误：这个文件可能只是不在打开的内容里。',
          '绝对路径、主目录（`~`）、含变量的路径和 Windows 路径。',
          '挂载进官方 redis 镜像、但其命令没有指定的配置文件：redis-server 不会读取其他配置文件，Docker 在那里创建的目录永远不会被读取。',
          '同时也是同一个服务必需的 `env_file` 的文件：Compose 在创建任何容器之前就会以 `env file ... not found` 停下。',
          '按 compose 文件上级、且含有另一个 compose 文件的文件夹来写的源——它从那里指回 compose 文件自己的文件夹（dev/docker-compose.full.yml 中的 `./dev/prometheus.yml`），并且从那里看是存在的：Compose 会从第一个文件所在的文件夹解析所有文件的相对路径（`docker compose -f docker-compose.yml -f dev/docker-compose.full.yml up`）。',
        ],
      },
    },
    DGT205: {
      title: '把文件挂载到目录上，或把目录挂载到文件上',
      messages: {
        fileOntoDir: '`{source}` 是文件，但 `{target}` 在镜像中是目录（{why}）：容器无法启动（`Are you trying to mount a directory onto a file (or vice-versa)?`）。请把它挂载到该目录里面：`{fixed}`。',
        dirOntoFile: '`{source}` 是目录，但 `{target}` 在镜像中是文件（{why}）：容器无法启动（`not a directory: Are you trying to mount a directory onto a file (or vice-versa)?`）。请把目录挂载到别处，或者只挂载它要替换的那个文件。',
      },
      fixTitles: {
        inside: '把文件挂载到目录里面：{path}',
      },
      related: {
        image: '`{service}` 的镜像。',
      },
      docs: {
        what: '找出主机一侧的源是文件、而镜像在目标位置是目录的绑定挂载，以及源是目录、而镜像在目标位置是文件（Dockerfile 复制进去的二进制文件或配置文件）的绑定挂载。',
        why: '绑定挂载会替换镜像在目标位置的内容，但只能用同一类东西替换：runc 拒绝把文件挂载到目录上，也拒绝把目录挂载到文件上，容器因此启动失败。常见的情况是为了热重载写 `- .:/app`，而 Dockerfile 把编译好的二进制文件复制到了 `/app`。',
        fixes: '对于挂载到目录上的文件，改为以其原名挂载到该目录里面。',
        notFlagged: ['使用现成镜像的服务（不知道镜像在目标位置有什么），以及 Dockerfile 中看不出是文件还是目录的目标路径。'],
      },
    },
    DGT206: {
      title: '通过挂载 /etc/localtime 或 /etc/timezone 传递主机时区',
      messages: {
        mount: '挂载 `{source}` 只有在 Linux 主机上才能传递主机时区。在 Docker Desktop（Windows、macOS）上，这个文件是 Linux 虚拟机的，时区是 UTC，或者根本不存在（`The path {source} is not shared from the host and is not known to Docker`，或者 Docker 创建一个目录：`Are you trying to mount a directory onto a file (or vice-versa)?`）；在 Git Bash 中路径还会被改写（`mkdir C:\\Program Files\\Git\\etc\\localtime;C: Access is denied`）。请改为在 `environment` 中设置 `TZ`。',
      },
      fixTitles: {
        remove: '删除 {file} 挂载（已设置 TZ）',
        setZone: '设置 TZ: {zone}，不再挂载 {file}',
        setFromEnv: '从 .env 设置 TZ（默认 UTC），不再挂载 {file}',
      },
      docs: {
        what: '找出把主机的 `/etc/localtime` 或 `/etc/timezone` 绑定挂载进容器的配置。',
        why: '这种挂载把主机的时区复制到容器中，只在 Linux 主机上有效。Docker Desktop 在 Linux 虚拟机中运行容器，虚拟机的 /etc/localtime 是 UTC（而且没有 /etc/timezone）；macOS 除非共享了该路径否则拒绝挂载；Git Bash 会把 `/etc/localtime` 改写成 Windows 路径。`TZ` 变量明确写出时区，在每台机器上效果都一样（镜像需要 zoneinfo，或者 Go 程序嵌入 `time/tzdata`）。',
        fixes: '删除这个挂载。如果服务已经设置了 `TZ`，只做这一步；如果项目中另一个服务设置了时区，修复还会在这里设置相同的 `TZ`；否则提供另一个修复，设置 `TZ: ${TZ:-UTC}`，由 `.env` 提供具体值。',
        notFlagged: ['挂载其他文件，以及从项目中的文件挂载 `/etc/localtime`（`./localtime:/etc/localtime`）。'],
      },
    },
    DGT208: {
      title: '未加引号、会被 YAML 1.1 读成数字的端口映射',
      messages: {
        base60: 'YAML 1.1 会把未加引号的 `{spec}` 读成六十进制数 {number}，而不是端口映射。Docker Compose v2 能正确读取，但 docker-compose v1、podman-compose 等 YAML 1.1 工具看到的是 {number}（`Invalid port specification: "{number}"`，或者不报错地发布了错误的端口）。请加上引号："{spec}"。',
      },
      fixTitles: {
        quote: '给映射加引号："{spec}"',
      },
      docs: {
        what: '找出未加引号、容器端口小于 60 的端口映射，例如 `2222:22` 或 `22:22`。',
        why: 'YAML 1.1 有六十进制整数：`2222:22` 等于 2222 × 60 + 22 = 133342，`22:22` 等于 1342——这是一个合法端口，所以会不报任何错误地发布错误的端口。Compose v2 按 YAML 1.2 解析，把它当作字符串；但同一个文件也会被 docker-compose v1、podman-compose、Ansible 以及其他基于 PyYAML 的工具读取，它们看到的是数字。Compose 自己的文档也因此建议给端口映射加引号。',
        fixes: '用双引号把映射括起来。',
        notFlagged: [
          '容器端口大于等于 60 的映射（`8080:80`）：它们不是六十进制数。',
          '已加引号的映射、带 IP 地址或协议的映射（`2222:22/tcp`）以及端口范围。',
        ],
      },
    },
    DGT209: {
      title: 'Go 服务没有监听的已发布容器端口',
      messages: {
        mismatch: '`{mapping}` 的容器一侧是端口 {target}，但 `{service}` 的 Go 程序监听的是 {listens}。发布的端口后面没有任何程序应答：`curl: (52) Empty reply from server`（Docker Desktop）或 `connection refused`。请映射它实际监听的端口（{fixed}）。',
      },
      fixTitles: {
        map: '映射容器端口 {port}',
      },
      related: {
        listen: '{api} 在这里监听 {addr}。',
        envPort: '{name} 把监听端口设为 {port}。',
        envPortDockerfile: 'ENV {name} 把监听端口设为 {port}。',
        expose: 'Dockerfile 用 EXPOSE 声明了端口 {port}。',
      },
      docs: {
        what: '找出容器端口与服务的 Go 程序所监听的所有端口都不同的 `ports` 映射——监听端口来自代码中的监听地址、代码读取的 PORT 之类环境变量，或命令行 flag。',
        why: '`HOST:CONTAINER` 把主机端口转发到容器端口；如果程序监听在别的端口上（代码写的是 `:8080`，映射写的是 `3000:3000`），Docker 仍然在主机上接受连接，然后无处转发。症状看起来像网络问题，大家通常也就在网络上找原因。Dockerfile 的 EXPOSE 只是文档，会一并显示出来。',
        fixes: '当程序只监听一个端口时，把容器端口改为该端口。',
        notFlagged: [
          '镜像中运行的不是工作区中 Go main 包的服务，以及监听地址无法确定的 Go 程序（从配置文件读取、运行时计算，或者 go-micro、go-zero、Kitex、Dubbo、Dapr、GoFrame、Beego 这类从自己的参数、环境变量或配置文件取地址的服务器）。',
          '命令行中提到的端口（例如调试器的 `--listen=:2345`），或镜像自身命令运行的构建上下文脚本中提到的端口、UDP 映射、端口范围，以及 `network_mode: host`（见 DGT210）。',
          '容器端口等于服务设置的 PORT 变量、而代码忽略 PORT 的情况：由 DGT308 go-hardcoded-port 在 Go 文件中报告。',
          '服务把另一个变量设为该容器端口、而 Go 程序提到了这个变量名（`METRICS_PORT=9090`，由项目中的某个包启动指标服务器），或主包以数字形式写出了该端口：主包之外的监听可能用的就是它。',
        ],
      },
    },
    DGT210: {
      title: '`ports` 与 `network_mode: host` 同时使用',
      messages: {
        desktop: '这个服务使用 `network_mode: host`：在 Docker Desktop 上，“主机”是 Docker 的 Linux 虚拟机，而不是你的电脑，所以监听端口 {port} 的 Go 服务从电脑上访问不到（`localhost:{port}` 会拒绝连接），除非在 Docker Desktop 中开启了 host 网络（Settings › Resources › Network，4.34 及以后版本）。请改为发布端口：删除 `network_mode: host`，加上 `ports: ["{port}:{port}"]`。',
        ports: '这个服务使用 `network_mode: host`，所以它的 `ports` 会被忽略（Docker 警告 `Published ports are discarded when using host network mode`）。在 Docker Desktop（Windows、macOS）上，host 网络指的是 Linux 虚拟机的网络，所以从主机上也访问不到这个服务。请删除 `network_mode: host` 以发布端口，或者删除 `ports`。',
      },
      fixTitles: {
        dropMode: '删除 `network_mode: host`（发布端口）',
        dropPorts: '删除被忽略的 `ports`',
        publish: '把 `network_mode: host` 换成 `ports: ["{port}:{port}"]`',
      },
      docs: {
        what: '找出使用 `network_mode: host` 的同时又发布 `ports` 的服务；以及 Docker 运行在 Docker Desktop（Windows 或 macOS）上时，使用 `network_mode: host`、没有 `ports`、而其 Go 程序监听某个端口的服务。',
        why: '使用 host 网络时，容器共享主机的网络栈：没有什么可发布的，Docker 会带着警告丢弃 `ports`。在 Linux 上服务仍然可以通过主机端口访问；在 Windows 和 macOS 的 Docker Desktop 上，“主机”是 Linux 虚拟机，所以在你的电脑上访问 `localhost:8080` 什么也连不上（那里的 host 网络是需要手动开启的测试功能）。本意通常是发布端口。',
        fixes: '删除 `network_mode: host`（首选），或者删除 `ports`。对于 Docker Desktop 上没有 `ports` 的服务，把 `network_mode: host` 换成发布 Go 程序所监听端口的 `ports`。',
        notFlagged: [
          '其他网络模式（`bridge`、`service:...`、`container:...`、命名网络）。',
          '在 Linux、WSL 或未知主机上使用 `network_mode: host` 且没有 `ports` 的服务，以及不知道其程序监听端口的服务（不是工作区构建的 Go 程序，或端口来自变量）。',
        ],
      },
    },
    DGT211: {
      title: '服务地址写成 localhost 而不是服务名',
      messages: {
        localhost: '`{key}` 指向 {host}:{port}，但在 `{service}` 容器里，localhost 就是这个容器自己；端口 {port} 由 `{provider}` 服务提供。连接会失败：`dial tcp 127.0.0.1:{port}: connect: connection refused`。请使用服务名：`{fixed}`。',
        published: '`{key}` 指向 {host}:{port}，但在 `{service}` 容器里，localhost 就是这个容器自己；{port} 是 `{provider}` 服务发布到主机的端口，在 compose 网络内部它提供的是端口 {cport}。连接会失败：`dial tcp 127.0.0.1:{port}: connect: connection refused`。请使用服务名和容器端口：`{fixed}`。',
        several: '`{key}` 指向 {host}:{port}，但在 `{service}` 容器里，localhost 就是这个容器自己；端口 {port} 由服务 {providers} 提供。连接会失败：`dial tcp 127.0.0.1:{port}: connect: connection refused`。请使用你要连接的那个服务的名称。',
      },
      fixTitles: {
        serviceName: '使用服务名：{address}',
      },
      related: {
        provider: '`{service}` 服务提供端口 {port}。',
      },
      docs: {
        what: '找出指向 `localhost` 或 `127.0.0.1`、而端口由同一 compose 项目中另一个服务提供的环境变量值（连接 URL、DSN、`host:port` 地址、`*_HOST` 变量）。',
        why: '每个 compose 服务都运行在自己的容器里，有自己的网络命名空间：`api` 容器里的 `localhost` 是 `api` 自己，而不是旁边的 `db` 容器。Compose 把所有服务放在同一个网络上，每个服务都可以通过服务名、在容器端口（而不是发布到主机的端口）上访问。程序在主机上运行时能用的地址，在容器里要改成 `db:5432`。',
        fixes: '当只有一个服务提供该端口时，把 `localhost` 换成服务名（发布到主机的端口同时换成容器端口）。',
        notFlagged: [
          'HTTP 和 WebSocket URL，以及由浏览器读取的变量（`NEXT_PUBLIC_*`、`VITE_*`、`REACT_APP_*` 等）：浏览器的 localhost 是用户自己的电脑。',
          '设置了 `network_mode: host`、`service:...` 或 `container:...` 的服务、被其他服务以 `network_mode: service:<名称>` 加入的服务（边车容器共享它的 localhost），以及项目中没有其他服务提供的端口。',
          '说明服务自己在哪里监听的变量（`LISTEN_ADDR`、`BIND_ADDRESS`）：在那里写 localhost 是让端口只在容器内可用，是一种选择，而不是写错了地址。',
          'env_file 文件中的值；Go 代码中的连接目标（由 DGT307 go-dials-localhost 报告）。',
        ],
      },
    },
    DGT212: {
      title: '`depends_on` 数据库时没有 `condition: service_healthy`',
      messages: {
        started: '`{service}` 只等到 `{dep}` 容器启动，而不是等到 {engine} 可以接受连接，所以它最初的连接可能失败：`dial tcp 172.18.0.2:{port}: connect: connection refused`。请使用 `condition: service_healthy`，并给 `{dep}` 加上 healthcheck。',
      },
      fixTitles: {
        healthy: '等待 {dep} 通过健康检查',
        healthyWithCheck: '等待 {dep} 通过健康检查（并给 {dep} 添加 healthcheck）',
      },
      docs: {
        what: '找出依赖数据库或消息代理（postgres、mysql、mariadb、redis、mongo、rabbitmq 等）却没有 `condition: service_healthy` 的 `depends_on` 条目。',
        why: '普通的 `depends_on`（或 `condition: service_started`）只决定容器的启动顺序。数据库容器“已启动”之后还要过几秒才能接受连接——首次运行、初始化数据目录时更久。一个在启动时只连接一次、出错就退出的 Go 服务于是会反复崩溃重启，更糟的是在没有数据库的情况下继续运行。`condition: service_healthy` 会等待依赖的 healthcheck 通过。',
        fixes: '设置 `condition: service_healthy`（把列表改成长格式）；如果数据库没有 healthcheck，再按镜像添加一个：postgres 用 `pg_isready`，mysql 用 `mysqladmin ping`，mariadb 用 `healthcheck.sh`，redis 用 `redis-cli ping`。',
        notFlagged: [
          '对非数据库、非消息代理服务的依赖，以及对用 Dockerfile 构建的服务的依赖（不知道它们何时就绪）。',
          '已有 `condition: service_healthy` 或 `service_completed_successfully` 的条目，以及 healthcheck 被禁用的数据库。',
          '由工作区构建但不运行 Go 程序的服务（Web 前端）、管理和监控工具（adminer、phpMyAdmin、pgAdmin、kibana、grafana 等）、以自身身份运行（服务没有 `command` 或 `entrypoint`）并依赖另一个数据库的数据库、消息代理和协调服务（副本、Kafka、ZooKeeper、etcd），以及自己的命令会等待数据库的服务（`wait-for-it`、`dockerize -wait`、`until nc -z` 循环）。',
        ],
      },
    },
    DGT213: {
      title: '对 Go 服务设置了内存上限却没有 GOMEMLIMIT',
      messages: {
        noLimit: '这个 Go 服务的内存上限是 {limit}，但没有任何地方设置 GOMEMLIMIT（compose environment、Dockerfile ENV 或 debug.SetMemoryLimit）：垃圾回收器不知道这个上限，会让堆增长到存活数据的两倍，结果是内核杀掉容器（`OOMKilled`，退出码 137），而不是 GC 更努力地回收。请设置 GOMEMLIMIT={value}（约为上限的 90%）。',
      },
      fixTitles: {
        set: '设置 GOMEMLIMIT={value}',
      },
      related: {
        program: '在这个容器中运行的 Go 程序。',
        image: '这个服务的镜像。',
      },
      docs: {
        what: '找出镜像运行工作区中的 Go 程序、设置了内存上限（`mem_limit` 或 `deploy.resources.limits.memory`），却在任何地方都没有设置 GOMEMLIMIT 的 compose 服务。',
        why: '默认情况下，Go 垃圾回收器让堆增长到存活数据的两倍（GOGC=100），而且对 cgroup 的限制一无所知。因此在容器内存上限下，一次负载高峰的结局是内核的 OOM killer，而不是多几轮 GC。从 Go 1.19 起，GOMEMLIMIT 为运行时提供一个软上限；把它设得比容器上限略低，给堆以外的内存留出空间。',
        fixes: '在服务的 `environment` 中添加 `GOMEMLIMIT`，取上限的约 90%，单位为 MiB（整数个 GiB 时用 GiB）。',
        notFlagged: [
          '镜像中运行的不是工作区中 Go main 包的服务（postgres、redis 等）。',
          '在 `environment`、`env_file` 或 Dockerfile（ENV）中设置了 GOMEMLIMIT，或者 main 包调用了 `debug.SetMemoryLimit`。',
        ],
      },
    },
    DGT214: {
      title: '对 Go 服务设置了 CPU 上限但它会忽略（go < 1.25）',
      messages: {
        cpus: '这个 Go 服务的 CPU 上限是 {cpus}，但它的模块写的是 `go {go}`：在 Go 1.25 之前（以及 go.mod 低于 1.25 时，即使用更新的工具链），GOMAXPROCS 等于主机的 CPU 数而不是容器的配额，于是运行时启动的线程超过配额允许的数量，被限流（延迟飙升）。请设置 GOMAXPROCS={procs}。',
      },
      fixTitles: {
        set: '设置 GOMAXPROCS={value}',
      },
      related: {
        goLine: '模块的 go 行：从 go 1.25 起 GOMAXPROCS 才跟随 CPU 上限。',
      },
      docs: {
        what: '找出运行工作区中 Go 程序、设置了 CPU 上限（`cpus` 或 `deploy.resources.limits.cpus`），而模块的 go.mod `go` 行低于 1.25、也没有设置 GOMAXPROCS 的 compose 服务。',
        why: 'Go 1.25 让 GOMAXPROCS 跟随 cgroup 的 CPU 上限，但只对 go.mod 写着 `go 1.25` 或更高版本的模块生效（默认行为取决于 go 行）。更早的模块按主机核数设置 GOMAXPROCS：在 16 核主机上，一个限制为 1 个 CPU 的服务会运行 16 个线程，在每个周期的开头就用完配额，剩下的时间都被限流。',
        fixes: '在服务的 `environment` 中添加 `GOMAXPROCS`（CPU 上限向上取整）。',
        notFlagged: [
          'go.mod 为 `go 1.25` 或更高版本的模块。',
          '在环境变量或 Dockerfile 中设置了 GOMAXPROCS、main 包调用了 runtime.GOMAXPROCS，或者使用了 go.uber.org/automaxprocs。',
          '镜像中运行的不是工作区中 Go main 包的服务。',
        ],
      },
    },
    DGT215: {
      title: 'json-file 日志没有 `max-size`',
      messages: {
        noMaxSize: 'json-file 日志驱动会保留容器写出的每一行，除非设置 `max-size`，否则没有大小上限：日志多的 Go 服务会写满磁盘（在 Docker Desktop 上是虚拟机的虚拟磁盘），直到写入失败：`no space left on device`。请添加 `options: max-size`（以及 `max-file`），或者使用默认就会轮转的 `local` 驱动。',
      },
      fixTitles: {
        rotate: '轮转日志：max-size 10m，max-file 3',
      },
      docs: {
        what: '找出 `logging` 选择了 `json-file` 驱动却没有 `max-size` 选项的服务。',
        why: 'Docker 的 json-file 驱动把容器输出写到 /var/lib/docker/containers 下的一个文件里，不设 `max-size` 它就会无限增长。记录每个请求的 Go 服务（例如 gin 的默认日志）几天就能写满主机磁盘；在 Docker Desktop 上磁盘是虚拟机的，它同样会增长，而且不会自己缩小。',
        fixes: '在 logging 的 options 中添加 `max-size: "10m"` 和 `max-file: "3"`。',
        notFlagged: [
          '没有 `logging` 段的服务：它们使用守护进程的默认驱动和选项（daemon.json），这条规则看不到。',
          '其他驱动（`local` 默认会轮转；`journald`、`syslog`、`fluentd` 等自己管理存储）。',
        ],
      },
    },
    DGT216: {
      title: '`environment` 中的明文密钥',
      messages: {
        secret: '`{key}` 是以明文写在 compose 文件中的密钥：它会进入版本控制，也会出现在 `docker inspect` 和 `docker compose config` 的输出中。请从 env_file 或被 git 忽略的 `.env` 中读取（`{key}: ${{key}}`），或者使用 Compose 的 `secrets:`。',
        url: '`{key}` 中的连接 URL 以明文带着密码：它会进入版本控制，也会出现在 `docker inspect` 的输出中。请从被 git 忽略的 `.env` 中插值密码（`${VAR}`），把这个变量移到 env_file，或者使用 Compose 的 `secrets:`。',
      },
      fixTitles: {
        move: '把 {key} 移到 .env 并通过插值引用',
      },
      docs: {
        what: '找出在服务的 `environment` 中以字面值书写的密码、令牌和密钥（按变量名判断：`*_PASSWORD`、`*_SECRET`、`*_TOKEN`、`*_API_KEY` 等），以及连接字符串中的密码（`postgres://user:password@db/app`、Go MySQL 驱动的 `user:password@tcp(db:3306)/app`）。',
        why: 'compose 文件会被提交、分享、贴进 issue；`environment` 中的每个值也能被任何可以运行 `docker inspect` 或 `docker compose config` 的人看到。密钥应当放在被 git 忽略的 `.env` 文件中（用 `${VAR}` 插值）、放在 `env_file` 中，或者使用 Compose 的 `secrets:`，它把密钥作为 /run/secrets 下的文件挂载，而不是放进环境变量。',
        fixes: '当项目有 `.env` 文件时，把值移到那里（`KEY=value`），并在 compose 文件中改成 `${KEY}`。URL 中的密码不提供修复。',
        notFlagged: [
          '插值的值（`${VAR}`）、空值、`MYSQL_RANDOM_ROOT_PASSWORD: "yes"` 这样的开关，以及明显的占位符（`changeme`、`CHANGE-ME`、`xxx`、`your_password_here`、`<token>`、`random_string`、`example`）。',
          '指向密钥文件或配置密钥行为的变量（`*_PASSWORD_FILE: /run/secrets/db`、`*_TOKEN_TTL`）。',
          '来自 `env_file` 的值：它们本来就该放在那里。',
        ],
      },
    },
    DGT217: {
      title: '过时的顶层 `version`',
      messages: {
        version: '顶层的 `version: {value}` 已经过时：Docker Compose v2 会忽略它，并警告 `the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion`。请删除这一行。',
      },
      fixTitles: {
        remove: '删除过时的 `version` 行',
      },
      docs: {
        what: '找出 compose 文件的顶层 `version:` 键。',
        why: 'Docker Compose v2 实现的 Compose 规范没有文件版本：`version` 被读取、被忽略，并且每条 `docker compose` 命令都会为它输出警告。它还会误导读者，以为某些功能受它控制（其实不然：`depends_on` 条件、`deploy.resources` 等无论它写什么都能用）。只有已经退役的 docker-compose v1（Python 版）需要它。',
        fixes: '删除 `version` 这一行。',
        notFlagged: ['非顶层的 `version` 键（例如在 `x-` 扩展或服务的 label 中）。'],
      },
    },
    DGT218: {
      title: '使用 CRLF 换行且含多行值的 env 文件',
      messages: {
        envFile: '`{file}` 使用 Windows（CRLF）换行，而 `{key}` 的带引号值跨越多行：Compose 会把每行的 "\\r" 保留在值里，于是容器得到的 `{key}` 每行末尾都带一个回车符（PEM 私钥或证书因此无法解析：`x509: malformed certificate` / `tls: failed to find any PEM data`）。用 `source` 读取这个文件的 shell 脚本则会在每个值末尾得到 "\\r"。请把文件保存为 LF 换行。',
        interpolated: '`{key}` 来自 `{file}`，该文件使用 Windows（CRLF）换行；它的带引号值跨越多行，Compose 会把每行的 "\\r" 保留在值里，所以这里的 `${{key}}` 带有回车符（PEM 私钥因此出错：`tls: failed to find any PEM data`）。请把 `{file}` 保存为 LF 换行。',
      },
      fixTitles: {
        lf: '把 {file} 转换为 LF 换行',
      },
      related: {
        spans: '{key} 的值跨越多行，这些行以 CRLF 结尾。',
      },
      docs: {
        what: '找出使用 CRLF 换行、并含有跨越多行的带引号值的 env 文件（`env_file` 条目，以及本 compose 文件用到其值的项目 `.env`）。',
        why: '对于普通的一行 `KEY=value`，Compose 会去掉行尾的 "\\r"，但不会去掉跨越多行的带引号值内部的 "\\r"：粘贴进在 Windows 上保存的 env 文件中的私钥或证书，到了容器里每个换行前都多了一个 "\\r"，Go 的 PEM 和 x509 解析器会拒绝它。同一个文件被 shell 读取时（`set -a; . ./.env`），每个值末尾都会带上 "\\r"。Windows 编辑器保存的文件，或在 `core.autocrlf=true` 下检出的文件，使用 CRLF 换行。',
        fixes: '把 env 文件转换为 LF 换行。',
        notFlagged: [
          '所有值都只占一行的 CRLF env 文件：Compose 会去掉这些值行尾的 "\\r"。',
          '不存在的 env 文件，或没有服务使用的 env 文件。',
        ],
      },
    },
    DGT230: {
      title: '绑定挂载遮住了镜像构建出的程序',
      messages: {
        hides: '这个绑定挂载把 `{source}` 放在了 `{target}` 之上，而 `{service}` 的镜像正是在那里构建出它要启动的程序 `{program}`；宿主机文件夹中没有这个文件，所以容器会立刻以 `exec {program}: no such file or directory` 退出。请把源代码挂载到别处（或只挂载程序运行时读取的文件），或者从挂载不覆盖的文件夹运行程序。',
      },
      related: { starts: '镜像启动 {program}，它的构建把这个程序写在那里。' },
      docs: {
        what: '找出 compose 服务的绑定挂载：其目标覆盖了该服务镜像要启动的程序，而这个程序正是镜像自己的构建写在那里的，宿主机文件夹中却没有它——典型的就是在 `WORKDIR /app` 上挂载 `.:/app` 用于开发，而 `go build -o /app/server` 正是在那里运行的。',
        why: '绑定挂载会用宿主机文件夹替换其目标之下的一切。Dockerfile 构建进 /app 的二进制文件仍在镜像中，但容器看不到它：它看到的是宿主机上的源代码。镜像用 `docker run` 能正常工作，只有在 compose 下才失败，而错误信息指向二进制文件，而不是挂载。',
        notFlagged: [
          '挂载覆盖的不是镜像自己构建的程序（来自包的工具、从构建上下文复制的二进制文件），宿主机文件夹中有同名文件（在宿主机上构建的二进制文件），以及 compose 文件覆盖了 `entrypoint` 或 `command` 的服务。',
          '运行 `go run` 或热重载工具的开发环境：挂载正是它们要读取的内容。',
          '具名卷和 tmpfs：Docker 会把镜像中的文件复制到新建的具名卷中（之后保留旧文件是另一回事）。',
        ],
      },
    },
    DGT219: {
      title: 'compose 路径中的 `$PWD`',
      messages: {
        pwd: '这个{what}中的 `{ref}` 来自运行 Compose 的 shell。cmd.exe 和 PowerShell 不设置 PWD：v2.35.0 之前的 Compose 会警告 `The "PWD" variable is not set. Defaulting to a blank string.` 并使用 `{blank}`——Docker 虚拟机里的一个文件夹，文件去了你看不到的地方（缺少的文件会变成空文件夹）；较新的 Compose 使用启动它的那个文件夹，用 `-f` 从别处运行时它并不是 compose 文件所在的文件夹。请使用 `{fixed}`：相对路径在任何机器上都相对于 compose 文件所在的文件夹解析。',
      },
      fixTitles: { relative: '使用相对于 compose 文件的路径：{path}' },
      values: { what: { 'volume source': '卷来源', 'bind source': '绑定挂载源', 'build context': '构建上下文', 'dockerfile path': 'dockerfile 路径', env_file: 'env_file' } },
      docs: {
        what: '找出 compose 文件中主机路径开头的 `$PWD` 和 `${PWD}`：卷来源、构建上下文、`dockerfile` 路径和 `env_file`。',
        why: '`$PWD` 是 Unix shell 的变量。在 Windows 上，cmd.exe 和 PowerShell 不设置它，所以 v2.35.0 之前的 Compose 会把它替换为空字符串：`$PWD/media:/app/media` 挂载的是 Docker Desktop 虚拟机里的 `/media`，缺少的 `/config.yaml` 在那里会变成空文件夹。Compose v2.35.0 及以后会把 PWD 设为启动 Compose 的文件夹，但用 `-f` 从别处指定文件时，它仍然不同于 compose 文件所在的文件夹。相对路径（`./media`）在任何地方都相对于 compose 文件所在的文件夹解析。',
        fixes: '把 `$PWD`（或 `${PWD}`）替换为 `.`。',
        notFlagged: ['不在主机路径开头的 `$PWD`（`environment`、`command`、容器路径中）。', '文本不是逐字写出的值（带转义的双引号 YAML）。'],
      },
    },
    DGT220: {
      title: '绑定挂载源位于某个用户的主目录中',
      messages: {
        home: '`{source}` 位于 `{user}` 的主目录中：它只存在于写下这个文件的那台机器上。在其他任何地方 Docker 都不会报错，而是把 `{source}` 创建成一个属于 root 的空文件夹（Docker Desktop 会创建在它的虚拟机里，你根本看不到）并挂载到 `{target}` 上：镜像在那里的内容被遮住，服务写入的文件也不在你查看的地方。请使用相对于 compose 文件的路径，或者命名卷。',
      },
      fixTitles: { relative: '使用相对于 compose 文件的路径：{path}' },
      docs: {
        what: '找出 compose 文件中位于某个用户主目录下的绑定挂载源（`/home/alice/...`、`/Users/alice/...`），而 compose 文件本身并不在那个主目录中。',
        why: '`/home/alice/app/config:/app/config` 这样的路径只存在于 Alice 的机器上。在同事的笔记本、服务器和 CI 上，Docker 会把缺少的来源创建成属于 root 的空文件夹（Docker Desktop 会创建在它的虚拟机里）并挂载：镜像自带的配置被空文件夹遮住，上传的文件和日志落进没人查看的文件夹，而且没有任何报错。',
        fixes: '当路径末尾的文件夹或文件存在于 compose 文件旁边时（`/home/alice/api/config` 与 `./config`），把来源替换为这个相对路径。',
        notFlagged: [
          '位于同一个主目录中的 compose 文件（路径所属的那台机器）。',
          '每台 Mac 都有的共享文件夹（`/Users/Shared`）、`~` 和 `$HOME` 路径（它们随用户而变），以及 Windows 路径（`C:\\Users\\...`：由 DGT201 报告）。',
          'Windows 容器的挂载。',
        ],
      },
    },
    DGT221: {
      title: '不存在的构建上下文或 Dockerfile',
      messages: {
        context: '构建上下文 `{value}` 不存在：`docker compose build` 和 `up` 会在任何容器启动之前停在 `unable to prepare context: path "{value}" not found`。',
        outside: '构建上下文 `{value}` 位于这个仓库之外，而且不存在：在全新克隆的仓库中，`docker compose build` 和 `up` 会停在 `unable to prepare context: path "{value}" not found`。请把那个文件夹检出到这个文件夹旁边（并在 README 中说明），或者从本仓库的文件夹构建。',
        dockerfile: 'Dockerfile `{value}` 在构建上下文 `{context}` 中不存在：构建会停在 `failed to read dockerfile: open {value}: no such file or directory`。',
        case: '`{value}` 不存在，但有 `{actual}`：两者只有大小写不同。Windows 和 macOS 上的 Docker Desktop 忽略大小写；在 Linux、WSL 和 CI 中构建会停止（`unable to prepare context` / `failed to read dockerfile`）。请使用 `{actual}`。',
      },
      fixTitles: { case: '使用磁盘上的名称：{path}' },
      docs: {
        what: '找出 compose 服务中在检出（git 工作树）里不存在的 `build:` 上下文和 `dockerfile:` 路径，包括仓库之外的上下文。',
        why: 'Compose 相对于 compose 文件所在的文件夹解析构建上下文。被改名、从未提交或属于另一个仓库（`../../auth-proxy`）的文件夹，会让全新克隆上的每一次 `docker compose up` 在任何服务启动之前就失败。Windows 和 macOS 不区分大小写，所以 `./Backend` 在那里能用，到了 Linux 和 CI 就失败。',
        fixes: '只有大小写不同时，把路径改成磁盘上的名称。',
        notFlagged: [
          '不是 git 检出的工作区（compose 文件所在目录及其上级都没有 `.git`）：那个文件夹可能只是不在打开的内容里。',
          'git 和 HTTP 上下文、含变量的上下文、绝对路径和 Windows 路径，以及 `dockerfile_inline`。',
        ],
      },
    },
    DGT222: {
      title: '只有 `.env` 模板设置的变量',
      messages: {
        missing: '这个文件使用了 {names}，但只有 `{template}` 设置了它们：compose 文件旁边没有 `.env`。Compose 会警告 `The "{first}" variable is not set. Defaulting to a blank string.` 并用空值继续：`:` 这样的端口会被拒绝（`invalid containerPort`），密码为空的数据库会拒绝初始化。请在 `docker compose up` 之前把 `{template}` 复制为 `.env` 并填好。',
      },
      related: { template: '`{name}` 在模板中设置。' },
      docs: {
        what: '找出使用了不带默认值的 `${VAR}` 的 compose 文件：项目没有 `.env` 文件，只有设置了这些变量的模板（`.env.example`、`.env.sample`、`.env.template`、`example.env` ……）。',
        why: 'Compose 从项目文件夹的 `.env` 读取 `${VAR}` 的值；`.env.example` 只是模板，而 `.env` 本身通常被 git 忽略。在全新克隆的仓库中，这些变量全都为空：发布的端口变成 `:`，镜像标签变成 `postgres:`，`POSTGRES_PASSWORD` 变成空字符串，数据库容器停在 `Database is uninitialized and superuser password is not specified`。关于空变量的警告淹没在拉取镜像的输出里。',
        notFlagged: [
          '有 `.env` 文件的项目（无论其中的值从哪里来）、带默认值的变量（`${PORT:-8080}`），以及必填变量（`${PORT:?set PORT in .env}`：Compose 会带着这条消息停下）——文件中任何一处这样的变量，也会让 Compose 在其他变量之前就停下。',
          '其服务把 `.env` 用作 `env_file`（没有 `required: false`）的 compose 文件：Compose 会以 `env file ... not found` 停下，而不是带着空值继续。',
          '模板没有设置的变量（它们可能来自 shell），以及每个 Unix shell 都会设置的变量（`HOME`、`USER`、`PWD` ……）。',
          '本身就是模板的 compose 文件（`docker-compose.example.yml`）。',
        ],
      },
    },
    DGT223: {
      title: 'compose 的 `sh -c` 命令让 shell 成为 PID 1',
      messages: {
        dash: '`{key}` 运行 `{shell} -c`，而 {image} 的 /bin/sh 是 dash：它把 `{bin}` 作为子进程启动，而不是用它原地替换自己，shell 一直是 PID 1。`docker compose stop` 把 SIGTERM 发给 shell，而 shell 不会转发：服务的优雅退出永远不会执行，10 秒后 Docker 强制杀掉它（`exited with code 137`）。请用 `exec {bin}` 启动它。',
        notLast: '`{bin}` 在这个 `{shell} -c` 脚本中{how}运行，因此 shell 一直是 PID 1，Go 二进制只是它的子进程。`docker compose stop` 把 SIGTERM 发给 shell，而 shell 不会转发：服务的优雅退出永远不会执行，10 秒后 Docker 强制杀掉它（`exited with code 137`）。请把它作为最后一条命令、用 `exec` 启动，并让它直接写到 stdout，而不是管道。',
        script: '`{key}` 运行 `{script}`，它启动 Go 二进制 `{bin}` 时没有用 `exec`，所以运行这个脚本的 shell 一直是 PID 1，服务只是它的子进程（shell 从不会把自己的位置让给脚本文件的最后一条命令）。`docker compose stop` 把 SIGTERM 发给 shell，而 shell 不会转发：服务的优雅退出永远不会执行，10 秒后 Docker 强制杀掉它（`exited with code 137`）。请在脚本中用 `exec {bin}` 启动它。',
        scriptNotLast: '`{key}` 运行 `{script}`，它{how}启动 Go 二进制 `{bin}`，所以运行这个脚本的 shell 一直是 PID 1，服务只是它的子进程。`docker compose stop` 把 SIGTERM 发给 shell，而 shell 不会转发：服务的优雅退出永远不会执行，10 秒后 Docker 强制杀掉它（`exited with code 137`）。请把它作为脚本的最后一条命令、用 `exec` 启动，并让它直接写到 stdout，而不是管道。',
      },
      fixTitles: { execPrefix: '用 exec 启动 {bin}' },
      related: { scriptLine: '脚本在这里启动 {bin}。' },
      values: { how: { 'in a pipeline': '在管道中', 'in the background (`&`)': '在后台（`&`）', 'before other commands': '在其他命令之前' } },
      docs: {
        what: '找出 `sh -c "... && ./server"` 形式的 compose `command:` 和 `entrypoint:` 覆盖，它们让 shell 作为 PID 1 挡在 Go 二进制前面：该二进制由服务的 Dockerfile（或同一脚本中前面的 `go build -o`）构建。还有 compose 运行的入口脚本（`command: sh ./start.sh`、`entrypoint: ["/app/start.sh"]`；镜像从构建上下文得到它，或由绑定挂载带进来），它启动 Go 二进制时没有用 `exec`。',
        why: '`docker compose stop` 和 `down` 只把 SIGTERM 发给 PID 1。Debian 和 Ubuntu 镜像（golang、debian、ubuntu）的 /bin/sh 是 dash，它会 fork 出 `sh -c` 的最后一条命令而不是用 exec 运行，于是 shell 成为 PID 1 且不转发信号：`signal.Notify` 永远不会触发，连接被切断，每次停止都要等满 10 秒后被 SIGKILL。busybox sh（alpine）和 bash 会用 exec 原地运行单条或最后一条简单命令，所以在那里只有管道、后台任务以及后面还有其他命令的情况才会让 shell 留在前面。',
        fixes: '在 Go 二进制前加上 `exec `，让 shell 把自己替换为它——在 compose 文件中，或者当入口脚本把它作为最后一条命令启动时，在脚本中。',
        notFlagged: [
          '用 `exec` 启动的二进制；在 busybox（alpine）和 bash 镜像上，单条或最后一条简单命令（shell 会用 exec 原地运行它）。同一脚本中有多个 Go 二进制时，最后一个才是服务器：它之前的（`./migrate up && ./server`）会在它启动前结束。',
          '镜像带有 ENTRYPOINT 时的 `command:`（命令会变成它的参数）、基础镜像表不认识的镜像，以及带循环、子 shell 或 trap 的脚本。',
          '不是由服务的 Dockerfile 或同一脚本中的 `go build -o` 构建的程序；`go run`（另一个问题：go 工具一直是父进程）。',
          '用 exec 启动二进制（或 `exec "$@"`）、自己处理信号（`trap`、`wait`）、在 init（tini、dumb-init）之后运行，或者镜像和绑定挂载都没有从项目中带进来的入口脚本。',
        ],
      },
    },
    DGT224: {
      title: '不是 compose 键的顶层键',
      messages: {
        stripped: '`{key}` 位于顶层，而它上面的 `services:` 是空的：`services:` 下面的行丢失了缩进。`docker compose` 会拒绝这个文件（`additional properties \'{key}\' not allowed`）。请把服务重新缩进到 `services:` 下面。',
        v1: '`{key}` 在顶层定义了一个服务，没有 `services:`：这是第 1 版格式，`docker compose` 已经不再读取（`additional properties \'{key}\' not allowed`）。请把服务放到 `services:` 键下面。',
        typo: '`{key}` 不是 compose 文件的顶层键：`docker compose` 会拒绝这个文件（`additional properties \'{key}\' not allowed`）。你是想写 `{suggestion}` 吗？',
        unknown: '`{key}` 不是 compose 文件的顶层键：`docker compose` 会拒绝这个文件（`additional properties \'{key}\' not allowed`）。顶层只能有 `services`、`networks`、`volumes`、`secrets`、`configs`、`include`、`name` 以及名为 `x-...` 的扩展。',
      },
      fixTitles: { rename: '改名为 {suggestion}' },
      docs: {
        what: '找出 Compose 不认识的 compose 文件顶层键：丢失缩进的服务、旧的第 1 版格式文件，以及拼错的节名（`service:`、`volume:`）。',
        why: 'Compose 规范在顶层只允许 `services`、`networks`、`volumes`、`secrets`、`configs`、`include`、`name`、`version`（以及 `models`），外加 `x-` 扩展。粘贴时丢了缩进的键，或者为 docker-compose v1 编写、没有 `services:` 的文件，会让 `docker compose` 拒绝整个文件，而错误信息只说出键名，不说原因。',
        fixes: '拼错的节名（`service`、`volume`、`network`、`secret`、`config`）会被改正。',
        notFlagged: [
          '扩展键（`x-...`），以及 YAML 无法读取的文件（先报告 YAML 错误）。',
          '名字像 compose 文件、却没有任何 compose 键、没有接近 compose 键的拼写、也没有像服务的内容的文件：那是别的程序的配置（挂载进容器的 `docker-compose.config.yaml`）。',
        ],
      },
    },
    DGT225: {
      title: '数据库卷挂载在镜像不存放数据的位置',
      messages: {
        misplaced: '{image} 把数据存放在 `{dataDir}`，而不是 `{target}`：这个卷一直是空的，数据库实际存放在镜像声明的匿名卷中（`VOLUME {volume}`）。它能挺过重启，但挺不过 `docker compose down` 或新容器：下一次 `up` 会从空数据库开始。请把卷挂载到 `{fixed}`。',
        typo: '`{target}` 看起来是 `{dataDir}` 的拼写错误，{kind} 把数据存放在那里（{image} 以它命名）：这个卷一直是空的，数据库存放在数据目录的匿名卷中，挺不过 `docker compose down` 或新容器。请把卷挂载到 `{dataDir}`。',
        oldPostgresDir: '{image}（postgres 18 及以后）把数据存放在 `{dataDir}` 之下，它的入口脚本拒绝挂载在 `{target}`（postgres 17 及以前的数据目录）的卷：首次启动时容器会停在 `Error: in 18+, these Docker images are configured to store database data in a format which is compatible with "pg_ctlcluster" ... there appears to be PostgreSQL data in: /var/lib/postgresql/data (unused mount/volume)`。请把卷挂载到 `{fixed}`。',
        unpinnedOldDir:
          '{image} 没有固定 postgres 版本，而从 2025-09-25 起这样拉取到的是 postgres 18 或更新的版本：它把数据存放在 `/var/lib/postgresql/<major>/docker` 之下，它的入口脚本拒绝挂载在 `{target}`（postgres 17 及以前的数据目录）的卷：在没有旧镜像的机器上首次启动时，容器会停在 `Error: in 18+, these Docker images are configured to store database data in a format which is compatible with "pg_ctlcluster" ... there appears to be PostgreSQL data in: /var/lib/postgresql/data (unused mount/volume)`。请固定为 `postgres:17` 以保留这个目录，或把卷挂载到 `/var/lib/postgresql`。',
        unpinned: '{image} 把数据存放在 `/var/lib/postgresql/data`（postgres 17 及以前）或 `/var/lib/postgresql` 之下（18 及以后），而不是 `{target}`：这个卷一直是空的，数据库存放在匿名卷中，挺不过 `docker compose down`。请固定 postgres 的主版本，并把卷挂载到它的数据目录。',
      },
      fixTitles: { target: '把卷挂载到 {path}' },
      docs: {
        severity: '警告；postgres 18 及以后的卷挂载在 `/var/lib/postgresql/data` 时为错误：其入口脚本会拒绝启动。没有版本的 postgres 镜像（今天拉取到的是 18 或更新的版本）的同样的卷为警告。',
        what: '找出数据库服务（官方 postgres、mysql、mariadb、mongo 和 redis 镜像，或基于它们构建的 Dockerfile）挂载在镜像不存放数据的文件夹上的卷——拼错的数据目录（`/var/lib/postres/data`）、数据目录里面的文件夹（MariaDB 的 `/var/lib/mysql/data`），或常见的猜测（postgres 和 mysql 的 `/data`、`/var/lib/redis`）——而真正的数据目录上什么也没挂载；以及 postgres 18 及以后、或没有版本（今天拉取到的是 18 或更新的版本）的 postgres 挂载在 `/var/lib/postgresql/data` 的卷——其入口脚本会拒绝它。',
        why: '官方镜像把数据目录声明为 VOLUME。当 compose 文件把命名卷挂载到别处时，服务仍然写入自己的目录，Docker 用一个匿名卷承载它：一切正常，直到 `docker compose down`、`--force-recreate` 或新镜像创建出带着新的空匿名卷的新容器。人们备份的那个命名卷一直是空的。postgres 18 把数据移到了 `/var/lib/postgresql/18/docker`（VOLUME `/var/lib/postgresql`）。',
        fixes: '把卷挂载到镜像的数据目录（postgres 18 及以后：`/var/lib/postgresql`）。未固定版本的 postgres 没有修复：它的目录取决于拉取镜像的日期。',
        notFlagged: [
          '同时在数据目录或其上级挂载了东西的服务，以及移动了数据目录的服务（PGDATA、`--datadir`、`--dbpath`、`--dir`、配置文件）。',
          '非官方镜像（bitnami 等把数据放在别处），但名称表明是哪种数据库的镜像中拼错的数据目录除外。',
          '匿名卷、文件的绑定挂载，以及 compose 的 `entrypoint:`。',
        ],
      },
    },
    DGT226: {
      title: '镜像拒绝初始化的数据库服务',
      messages: {
        noPassword: '{image} 没有设置 {settings} 中的任何一个：第一次启动、数据目录为空时，entrypoint 停在 `{error}`，容器退出。请设置 {first}（来自 `.env` 或密钥文件）。',
        rootUser: '`MYSQL_USER: root` 会让 mysql 的 entrypoint 停止：`{error}`。root 总是存在；MYSQL_USER 和 MYSQL_PASSWORD 用来创建一个额外的普通用户。请删除 MYSQL_USER，用 MYSQL_ROOT_PASSWORD 设置 root 密码。',
      },
      fixTitles: { removeUser: '删除 MYSQL_USER', rootPassword: '用 MYSQL_ROOT_PASSWORD 设置 root 密码' },
      docs: {
        what: '找出运行官方 postgres、mysql 或 mariadb 镜像（或基于它构建的 Dockerfile）、却没有设置其 entrypoint 初始化空数据目录前所要求的任何设置的服务，以及带 `MYSQL_USER: root` 的 mysql 服务。',
        why: '官方数据库镜像在第一次启动时创建数据库，而没有超级用户密码的决定就拒绝这样做：postgres 需要 POSTGRES_PASSWORD（或 POSTGRES_HOST_AUTH_METHOD=trust），mysql 需要 MYSQL_ROOT_PASSWORD、MYSQL_ALLOW_EMPTY_PASSWORD、MYSQL_RANDOM_ROOT_PASSWORD 之一，mariadb 需要对应的 MARIADB_（或 MYSQL_）设置。mysql 还拒绝教程里常写的 MYSQL_USER=root。数据库容器立即退出，依赖它的 Go 服务报 `connection refused`。',
        fixes: '删除 `MYSQL_USER: root`；没有设置 root 密码时，把 MYSQL_PASSWORD 改为 MYSQL_ROOT_PASSWORD。',
        notFlagged: [
          '`env_file` 无法读取的服务、有任何值的设置（包括 `${VAR}` 和取自 shell 的值），以及非官方镜像。',
          'compose 的 `entrypoint:`、已经包含文件的绑定挂载数据目录（已初始化的数据库），以及 /docker-entrypoint-initdb.d 中有文件的 mariadb 服务（备份可以不用密码恢复）。',
          '标签指向 2020 年 2 月之前发布版本的 postgres（`11.4`、`9.6.16-alpine`，直到 12.1、11.6、10.11、9.6.16、9.5.20 和 9.4.25，以及所有 9.3 及更早的版本）：这些镜像不会再重新构建，它们的入口脚本只会警告没有设置密码，然后允许所有连接。只写主版本的标签（`11`、`9.6`）得到的是该系列的最后一个版本，它会停止。',
        ],
      },
    },
    DGT301: {
      title: '容器中的服务只监听回环地址',
      messages: {
        loopback: '{api} 监听 {addr}，这是容器自己的回环地址：容器外的任何东西都连不上，发布的端口会返回 `curl: (52) Empty reply from server` 或 `connection refused`。请监听所有网络接口："{fixed}"。',
        loopbackDefault: '除非设置了 {override}，{api} 都会监听 {addr}，而工作区中没有任何 Dockerfile 或 compose 文件设置它：服务于是只能在容器内部访问（`curl: (52) Empty reply from server`）。请让默认值监听所有网络接口："{fixed}"。',
      },
      fixTitles: { allInterfaces: '监听所有网络接口："{addr}"', allIPv4: '监听所有 IPv4 网络接口："{addr}"' },
      related: { ...BUILT_HERE, listens: '{api} 监听这个地址。' },
      docs: {
        what: '找出被工作区中某个 Dockerfile 或 compose 服务构建进镜像的 Go main 包，其服务监听在 `127.0.0.1`、`localhost` 或 `[::1]` 上。',
        why: '每个容器都有自己的网络命名空间和自己的回环接口。容器内绑定到 `127.0.0.1` 的服务只接受来自该容器内部的连接；Docker 的端口发布转发到容器的外部接口，那里没有任何程序在监听。同样的代码在笔记本上能正常运行，所以这个坑往往要花掉一个下午。',
        fixes: '修改保存主机部分的字面量：`"127.0.0.1:8080"` 改为 `":8080"`（所有接口，首选）或 `"0.0.0.0:8080"`；`"localhost:"+port` 改为 `":"+port`；只有主机名的字面量改为 `"0.0.0.0"`。',
        appliesTo:
          'net/http（`ListenAndServe`、`http.Server{Addr}`）、`net.Listen`/`net.ListenTCP`/`tls.Listen`（包括 gRPC）、gin `Run`、echo `Start`、fiber `Listen`、iris `Listen`/`Run`、hertz `WithHostPorts`、kratos `Address`；地址可以写成字面量、包内任意文件中的常量、字符串拼接、`fmt.Sprintf`、`net.JoinHostPort`、带默认值的 `os.Getenv`（`if port == ""`、`cmp.Or`、getEnv 风格的辅助函数）或 flag 默认值。',
        notFlagged: [
          '工作区中没有任何 Dockerfile 或 compose 服务构建的 main 包：在主机上，回环地址是合理的默认值。',
          '设置了 `network_mode: host`、`service:...` 或 `container:...` 的 compose 服务：它共享一个回环地址可达的网络命名空间。',
          '环境变量或 flag 的回环默认值，而 Dockerfile（ENV、ENTRYPOINT/CMD）或 compose 服务（environment、env_file、command）设置了它。',
          '测试、生成的文件、只为其他操作系统构建的文件，以及在运行时根据配置计算出的地址。',
          '回环地址上的旁路端口（在 goroutine 中启动的监听，或按 pprof 惯例监听 6060），而程序的主服务在所有网络接口或来自配置的地址上监听：这是有意保持私有的调试或管理端点。',
        ],
      },
    },
    DGT302: {
      title: '容器化的 Go 程序中硬编码了 Windows 路径',
      messages: {
        windowsPath: '{api} 拿到的是 Windows 路径 {value}，但这个程序运行在 Linux 容器里，那里没有{kind} {drive}：调用会失败，报 `{op} {value}: no such file or directory`。请从环境变量或命令行参数读取路径，或者使用相对于工作目录的路径（再把该目录作为卷挂载）。',
      },
      values: { kind: { drive: '盘符', share: '共享' } },
      related: { ...BUILT_HERE, usesPath: '{api} 使用了这个路径。' },
      docs: {
        what: '在工作区会构建成 Linux 镜像的 Go main 包中，找出作为参数传给 `os`、`path/filepath` 或 `io/ioutil` 函数的 Windows 路径字符串字面量（`"C:\\\\data\\\\app.db"`、`` `D:\\logs` ``、`"C:/data"`、`\\\\server\\share`）——无论是直接传入，还是经由常量、变量或字符串拼接。',
        why: '在 Windows 机器上编写和调试的代码常常带着那台机器上的绝对路径。在 Linux 容器里，这些路径什么也不指向：`C:\\data` 只是一个带冒号和反斜杠的相对文件名，`filepath.Join` 会保留反斜杠，程序在第一次访问文件时就会失败，而这往往发生在一条很少走到的代码路径上。',
        fixes: '没有自动修复：正确的路径取决于文件在镜像或卷中的位置。提示信息建议使用环境变量、命令行参数，或相对于工作目录的路径。',
        notFlagged: [
          '`if runtime.GOOS == "windows"` 或 `switch runtime.GOOS` 分支中的调用、只为 Windows 构建的文件（`_windows.go`、`//go:build windows`）、测试和生成的文件。',
          '工作区中没有任何 Dockerfile 或 compose 服务构建的 main 包（Windows 工具本来就可以用 Windows 路径），以及在运行时计算出的路径。',
        ],
      },
    },
    DGT303: {
      title: '在没有 zoneinfo 的镜像中调用 time.LoadLocation',
      messages: {
        missing: 'time.LoadLocation("{zone}") 在镜像 {image} 中会失败：镜像里没有时区数据库（/usr/share/zoneinfo），程序会得到 `unknown time zone {zone}`。请用 `import _ "time/tzdata"` 把数据库内嵌进程序（约 450 KB），或者把 zoneinfo 加入镜像。',
      },
      fixTitles: {
        importTzdata: '内嵌时区数据库：import _ "time/tzdata"',
        apkTzdata: '在镜像中安装 tzdata：RUN apk add --no-cache tzdata',
        aptTzdata: '在镜像中安装 tzdata（apt-get）',
        copyZoneinfo: '从 {stage} 阶段复制时区数据库：{copy}',
        tagsTimetzdata: '把时区数据库编译进二进制：{flag}',
      },
      related: { ...BUILT_HERE, noZoneinfo: '镜像 {image} 中没有 /usr/share/zoneinfo。' },
      docs: {
        what: '在镜像没有时区数据库的 Go main 包中，找出以具名时区（字面量、常量，或容器为某个环境变量设置的值）调用的 `time.LoadLocation`：scratch、busybox，以及未安装 `tzdata` 的 alpine 或 ubuntu。',
        why: 'Go 从 /usr/share/zoneinfo（或 $ZONEINFO，或 Go 安装目录下的 zoneinfo.zip）读取时区。在开发机和 golang 构建镜像里它们都存在；在 scratch、busybox、alpine 或 ubuntu 镜像里却没有，于是 LoadLocation 在运行时返回错误——往往发生在上线很久之后才运行的定时任务或报表里。导入 time/tzdata 会把数据库内嵌进二进制，在任何基础镜像上都能工作。',
        fixes: '首选：在当前文件中加入 `import _ "time/tzdata"`，位置与 gofmt 一致（放进 import 块的标准库分组并排序；单个 import 会变成块；没有 import 的文件在 package 子句后新增声明）。其他修复改 Dockerfile：alpine 上 `RUN apk add --no-cache tzdata`，scratch 和 busybox 上 `COPY --from=<构建阶段> /usr/share/zoneinfo /usr/share/zoneinfo`（alpine 构建阶段会先安装 tzdata），以及在 `go build` 上加 `-tags timetzdata`。',
        notFlagged: [
          '"UTC"、"Local" 和 ""（Go 不需要文件就能处理）、在运行时计算出的时区名，以及容器没有设置的环境变量（os.Getenv 返回 ""，即 UTC）。',
          '带 zoneinfo 的镜像：Debian、distroless、golang；安装了 tzdata 的 alpine/ubuntu；复制了 zoneinfo；设置了 ENV ZONEINFO；`-tags timetzdata`；包中已有 `import _ "time/tzdata"`。',
          '工作区中没有 Dockerfile 构建的 main 包、测试和生成的文件。',
        ],
      },
    },
    DGT304: {
      title: '程序需要 cgo，镜像却用 CGO_ENABLED=0 构建它',
      messages: {
        sqlite: 'github.com/mattn/go-sqlite3 需要 cgo，但 {where} 用 CGO_ENABLED=0 构建这个程序：构建能成功，第一次查询却会失败，报 `Binary was compiled with \'CGO_ENABLED=0\', go-sqlite3 requires cgo to work. This is a stub`。请换成纯 Go 驱动 modernc.org/sqlite（驱动名 "sqlite"），或者在 golang:<版本>-alpine 上 `apk add gcc musl-dev`、设置 CGO_ENABLED=1 构建，并在 alpine 上运行。',
        cgoModule: '{module} 需要 cgo，但 {where} 用 CGO_ENABLED=0 构建这个程序，所以 `go build` 会失败（`build constraints exclude all Go files` 或未定义的符号）。请在带 C 编译器的构建镜像上用 CGO_ENABLED=1 构建（golang:<版本>-alpine 加 `apk add gcc musl-dev`，在 alpine 上运行；或用 golang:<版本> 并在 debian:bookworm-slim、distroless/base 这样带 glibc 的镜像上运行）。',
        importC: '这个文件使用了 cgo（`import "C"`），但 {where} 用 CGO_ENABLED=0 构建它：cgo 文件会被排除，`go build` 失败，报 `build constraints exclude all Go files` 或名称未定义。请在带 C 编译器的构建镜像上用 CGO_ENABLED=1 构建（golang:<版本>-alpine 加 `apk add gcc musl-dev` 并在 alpine 上运行；或用 Debian 版 golang 构建镜像和带 glibc 的运行镜像）。',
      },
      related: { cgoOff: '这条 go build 以 CGO_ENABLED=0 运行。' },
      docs: {
        what: '在工作区某个 Dockerfile 用 CGO_ENABLED=0 构建的 Go main 包中，或者在这样的程序所导入的本模块的包中，找出 `import "C"` 以及对只能用 cgo 的模块（github.com/mattn/go-sqlite3、confluent-kafka-go、go-gl、godror……）的导入。',
        why: 'CGO_ENABLED=0 是为 scratch 或 alpine 镜像生成静态二进制的常见建议，对纯 Go 程序也确实正确。但需要 C 代码的程序要么无法构建，要么——go-sqlite3 的情况——构建出一个桩，在镜像发布之后才于运行时失败。',
        fixes: '没有自动修复：换驱动需要改 go.mod 和驱动名，而启用 cgo 需要构建镜像里有 C 编译器、运行镜像里有对应的 C 库。提示信息列出了这两种做法。',
        notFlagged: [
          '保持 cgo 开启的构建（未设置 CGO_ENABLED 或为 1）：DGT101 会检查这些二进制是否落在带有其 C 库的镜像中。',
          '只在 go.mod 中出现的 cgo 模块（可能由模块里的其他 main 使用）、测试和生成的文件。',
          '在程序自己模块的包中（不是 main 包）：其声明没有被程序的其他包用到的文件（程序从不调用的辅助包里的 SQLite 部分），以及只有带标签的构建才编译的文件（`//go:build sqlite3`）。',
        ],
      },
    },
    DGT305: {
      title: '容器化的 HTTP 服务没有优雅退出',
      messages: {
        noShutdown: '{api} 提供 HTTP 服务，但程序从不处理 SIGTERM：`docker stop` 先发送 SIGTERM，等待 10 秒后强行杀死进程（`exited with code 137`），正在处理的请求会被中断。请用 signal.NotifyContext 捕获信号并调用 Shutdown。',
        interruptOnly: '{api} 只捕获 os.Interrupt（SIGINT，Ctrl-C）：在终端里服务能优雅地停止，但 `docker stop` 发送的是 SIGTERM，没有代码捕获它，进程会立即退出，正在处理的请求会被中断。请同时捕获 syscall.SIGTERM。',
      },
      fixTitles: { graceful: '收到 SIGTERM 时优雅地停止服务（signal.NotifyContext + Shutdown）', addSigterm: '同时捕获 syscall.SIGTERM' },
      related: { ...BUILT_HERE },
      docs: {
        what: '找出被工作区构建成镜像、提供 HTTP 服务（net/http、gin、echo、fiber、chi），却既不处理信号也不调用 Shutdown 的 Go main 包；以及 signal.Notify / NotifyContext 只捕获 os.Interrupt（Ctrl-C）、而包中没有任何地方提到 SIGTERM 的 Go main 包。',
        why: '`docker stop`、`docker compose down`、滚动更新和 Kubernetes 都是先发 SIGTERM，宽限期（默认 10 秒）过后再发 SIGKILL 来停止容器。不处理 SIGTERM 的 Go 程序会立即退出（如果在 shell 下运行则要等满宽限期），断开已打开的连接和处理到一半的请求；每次发布都会带来一阵 502。',
        fixes: '当 main 以 `log.Fatal(http.ListenAndServe(addr, handler))`、`r.Run(addr)`（gin）或 `e.Logger.Fatal(e.Start(addr))`（echo）结尾时，代码操作会把这条语句替换成 signal.NotifyContext + Shutdown 的写法，并加上所需的 import。其他情况没有自动修复，提示信息会描述这种写法。对于只捕获 os.Interrupt 的 signal.Notify / NotifyContext，修复会在调用中加上 `syscall.SIGTERM`（并 import syscall）。',
        notFlagged: [
          '捕获 SIGTERM 的程序：main 包中任何地方提到了 syscall.SIGTERM，signal.Notify / NotifyContext 没有列出信号（即所有信号）或列出了 os.Interrupt 和 SIGINT 以外的信号；以及没有 signal.Notify、但调用了 Shutdown / GracefulStop 的程序。',
          '自己处理信号的框架（hertz、kitex、kratos、go-zero、iris、fx、go-micro、oklog/run、endless、tableflip……）、只有 gRPC 的服务，以及在 main 包之外启动的服务。',
          '在 goroutine 或回调中启动的服务（pprof 或指标这类旁路端口）：此时 main 在做别的事，那部分代码可能会处理信号。',
          '工作区中没有 Dockerfile 构建的 main 包、测试和生成的文件。',
        ],
      },
    },
    DGT306: {
      title: '容器化的程序把日志写到文件',
      messages: {
        logFile: '{sink} 把日志写到容器内的文件 {file}：`docker logs` 和 `docker compose logs` 都看不到任何输出，文件在容器的可写层中不断增长，容器被删除时日志也随之丢失。请把日志写到 stdout/stderr（或用 io.MultiWriter 同时写 os.Stdout），交给 Docker 收集。',
      },
      related: { ...BUILT_HERE },
      docs: {
        what: '找出被工作区构建成镜像、日志只写到文件的 Go main 包：`log.SetOutput`/`log.New`/logrus/zerolog/slog/zapcore 使用了由 `os.OpenFile`/`os.Create` 打开的日志文件、lumberjack 日志器，或 OutputPaths 全是文件的 zap 配置。',
        why: 'Docker 收集的是容器写到 stdout 和 stderr 的内容：`docker logs`、`docker compose logs`、日志驱动和各种日志采集器读的都是这个流。容器里的文件对它们全都不可见，会占满可写层（乃至磁盘）且 Docker 不会轮转，而且在容器被替换时——恰恰是最需要这些日志的时候——随之消失。',
        notFlagged: [
          '同时写到 os.Stdout 或 os.Stderr 的日志器（io.MultiWriter）、/dev/stdout 和 /dev/stderr，以及在运行时计算出的文件路径。',
          '由命令行参数或环境变量给出、且 Dockerfile 或 compose 服务设置了它的日志文件，以及位于卷上（compose 的 `volumes:` 或 Dockerfile 的 VOLUME）的日志文件：那是有意收集的日志。',
          '工作区中没有 Dockerfile 构建的 main 包、测试和生成的文件。',
        ],
      },
    },
    DGT307: {
      title: '容器化的程序连接 localhost 上的数据库或缓存',
      messages: {
        service: '{api} 连接 {target} 上的{what}，但在容器里 localhost 就是容器自己：连接会失败，报 `dial tcp {ip}:{port}: connect: connection refused`。compose 服务 "{service}" 提供了端口 {port}：请用它的名字作为主机名（{fixed}）。',
        services: '{api} 连接 {target} 上的{what}，但在容器里 localhost 就是容器自己（`dial tcp {ip}:{port}: connect: connection refused`）。请用运行它的 compose 服务名（{services}）作为主机名。',
        noService: '{api} 连接 {target} 上的{what}，但在容器里 localhost 就是容器自己（`dial tcp {ip}:{port}: connect: connection refused`）。请使用该{what}的 compose 服务名；如果它运行在宿主机上，则用 host.docker.internal，最好通过环境变量传入。',
        envDefault: '{api} 连接 {target} 上的{what}：没有为 "{own}" 的容器设置 `{env}`，于是代码中的默认值生效，而在容器里 localhost 就是容器自己（`dial tcp {ip}:{port}: connect: connection refused`）。compose 服务 "{service}" 提供了端口 {port}：请在 "{own}" 的 environment 中设置 `{env}: {value}`。',
        envDefaultNoService: '{api} 连接 {target} 上的{what}：没有为 "{own}" 的容器设置 `{env}`，于是代码中的默认值生效，而在容器里 localhost 就是容器自己（`dial tcp {ip}:{port}: connect: connection refused`）。请在 "{own}" 的 environment 中把 `{env}` 设为该{what}的 compose 服务名；如果它运行在宿主机上，则设为 host.docker.internal。',
        config: '{api} 读取 `{config}`，镜像从构建上下文中得到了这个文件，而它把{what}指向 `{value}`（`{key}`）：在容器里 localhost 就是容器自己，所以程序会以 `dial tcp {ip}:{port}: connect: connection refused` 失败。compose 服务 "{service}" 提供了端口 {port}：请在那里用它的名字作为主机名，或者让环境变量来设置地址。',
        configNoService: '{api} 读取 `{config}`，镜像从构建上下文中得到了这个文件，而它把{what}指向 `{value}`（`{key}`）：在容器里 localhost 就是容器自己，所以程序会以 `dial tcp {ip}:{port}: connect: connection refused` 失败。请在那里使用该{what}的 compose 服务名（如果它运行在宿主机上，则用 host.docker.internal），或者让环境变量来设置地址。',
        wrongPort: '{api} 连接 {target}，但 compose 服务 "{service}" 运行的是 {image}，它在 compose 网络内监听端口 {expected}：连接会以 `dial tcp: connect: connection refused` 失败。像 "{port}:{expected}" 这样的 `ports:` 映射只改变宿主机上的端口；容器之间请使用 {service}:{expected}。',
      },
      fixTitles: { useService: '连接 compose 服务 "{service}"', setEnv: '为 compose 服务 "{service}" 设置 {env}={value}', usePort: '连接 {service} 的端口 {port}' },
      values: { what: { database: '数据库' } },
      related: { provides: 'compose 服务 "{service}" 提供端口 {port}。', connects: '{api} 在这里发起连接。', configLine: '{what}的地址（{key}）。', runs: 'compose 服务 "{service}" 运行 {image}，它监听 {port}。' },
      docs: {
        what: '在由工作区某个 compose 服务运行的 Go main 包中，找出连接 `localhost`、`127.0.0.1` 或 `::1` 的数据库、缓存和消息队列连接（sql.Open、gorm、pgx、go-redis、redigo、mongo ApplyURI、amqp、nats、kafka）——也包括作为服务没有设置的环境变量的默认值，以及程序读取、镜像复制进去的配置文件（ini、yaml、json、toml、.env）中的地址；还有连接另一个 compose 服务、但用的端口不是其镜像监听的端口的情况（redis 服务监听 6379，却连接 `redis:6380`）。',
        why: 'compose 把每个服务放进各自的容器，接入同一个网络，服务之间通过服务名互相访问。程序所在容器里的 localhost 就是这个容器本身，那里并没有数据库在监听。同样的代码在笔记本上用 `go run` 能正常运行，所以问题直到 `docker compose up` 之后才暴露。',
        fixes: '当地址是某个环境变量的默认值、且 compose 文件中恰好有一个其他服务提供该端口（通过 postgres、mysql、redis、mongo、rabbitmq、nats、kafka 等知名镜像，或通过它的 `ports`/`expose`）时，在服务的 environment 中设置这个变量（“全部修复”会应用它：`go run` 仍使用默认值）。另有一个“全部修复”和 `--fix` 不会应用的代码操作（服务名只能在 compose 网络中解析，在宿主机上 `go run` 会因此失败）：把字面量中的主机名替换成该服务的名字。另一个服务的错误端口会被改成其镜像监听的端口。配置文件不提供修复：消息会说明要改什么。',
        notFlagged: [
          '不由 compose 服务运行的程序（Kubernetes Pod 与其 sidecar 共享 localhost，比如 Cloud SQL proxy），以及设置了 `network_mode: host`、`service:...` 或 `container:...` 的服务。',
          'compose 服务或 Dockerfile 设置了对应环境变量或命令行参数的 localhost 默认值。',
          'HTTP 和 gRPC 客户端（Dapr 这类 localhost sidecar 很常见）、测试和生成的文件。',
          '程序通过变量或参数（`-env prod`、`APP_ENV`）找到的配置文件、被 compose 挂载替换的配置文件，或者服务的环境可能设置其地址的配置文件（env_file，或 `MYSQL_HOST`、`DB_DSN` 这样的变量）；键名表示程序自己监听地址的条目。',
          '另一个服务在自己的定义中声明（`ports`、`expose`）或提到（`--port` 参数、环境变量设置）的端口，以及端口未知的镜像。',
          '只由 Dockerfile 运行的程序：见 DGT309 go-dials-localhost-image。',
        ],
      },
    },
    DGT308: {
      title: '平台通过 PORT 指定端口，程序却硬编码了监听端口',
      messages: {
        platform: '{api} 监听硬编码的端口 {port}，但 {who} 会通过 $PORT 告诉容器该监听哪个端口：两者不一致时，平台的健康检查会发现没有程序在监听（Cloud Run：`The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable`）。请读取 $PORT，未设置时再回退到 {port}。',
        mismatch: '{api} 监听硬编码的端口 {port}，但 {who} 设置了 PORT={value}：所有发往端口 {value} 的流量都找不到监听者（`connection refused`）。请读取 $PORT，未设置时再回退到 {port}。',
      },
      fixTitles: { readPort: '监听 $PORT，未设置时用 {port}：{expr}' },
      related: { ...BUILT_HERE },
      docs: {
        what: '在从不读取 $PORT 的容器化 Go main 包中，找出端口被硬编码（不涉及环境变量或命令行参数）的监听地址，前提是容器或其平台设置了 PORT：代码或 Dockerfile 旁边有平台文件（fly.toml、Procfile、heroku.yml、render.yaml、railway.toml/json、App Engine 的 app.yaml、Cloud Run 的 service.yaml 或 cloudbuild.yaml），或者 Dockerfile 或 compose 服务中设置的 PORT 与硬编码的端口不同。',
        why: 'Cloud Run、App Engine、Heroku、Fly、Render 和 Railway 都把流量转发到它们写进 $PORT 的端口，并检查容器是否在那里监听。忽略 PORT 的服务只在数字恰好相同时能工作，一旦平台或同事改了端口，发布就会失败。',
        fixes: '当地址是调用中的字面量、且模块使用 Go 1.22 或更新版本时，把 `":8080"` 改写为 `":"+cmp.Or(os.Getenv("PORT"), "8080")` 并加上所需的 import。',
        notFlagged: [
          'main 包中任何地方读取了 PORT 的程序、端口来自命令行参数或其他环境变量的地址、不带地址的 gin `Run()`（它自己会读取 PORT），以及回环地址（由 DGT301 报告）。',
          '没有平台文件时，Dockerfile 或 compose 文件中与硬编码端口相同的 PORT。',
          '工作区中没有 Dockerfile 构建的 main 包、测试和生成的文件。',
        ],
      },
    },
  },
};
