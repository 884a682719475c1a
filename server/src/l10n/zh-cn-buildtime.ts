/**
 * Simplified Chinese texts of the rules about images that do not build (DGT128–DGT135): private
 * modules, cgo without a C compiler, local modules outside the build context, VCS stamping,
 * goreleaser, end-of-life package repositories, .dockerignore. Spread into the `rules` of
 * zh-cn.ts; same conventions: error texts in backticks stay as they are.
 */
import type { RuleTranslation } from './index';

export const ZH_CN_BUILD_TIME: Record<string, RuleTranslation> = {
  DGT128: {
    title: '在没有 git 的构建镜像中直接从仓库拉取模块',
    messages: {
      noGit:
        '{gomod} 依赖 `{module}`，而 `{setting}` 让这条 `go {verb}` 用 git 直接从仓库拉取它，但构建镜像 `{builder}` 里没有 git：构建会停在 `go: {module}@{version}: git init --bare in /go/pkg/mod/cache/vcs/…: exec: "git": executable file not found in $PATH`。请在这个 RUN 之前安装 git：`apk add --no-cache git openssh-client`。',
      noGitOldGo:
        '{gomod} 依赖 `{module}`，而 Go 1.13 之前（构建镜像 `{builder}`）没有模块代理：这条 `go {verb}` 会用 git 从仓库拉取每个模块，但镜像里没有 git。构建会停在 `go: {module}@{version}: git init --bare in /go/pkg/mod/cache/vcs/…: exec: "git": executable file not found in $PATH`。请在这个 RUN 之前安装 git（`apk add --no-cache git`），或改用当前版本的 Go。',
    },
    fixTitles: { installGit: '在这个 RUN 之前安装 git' },
    related: { requires: '{gomod} 依赖 {module}。', setting: '{setting} 让这些模块绕过模块代理。' },
    docs: {
      what: '找出某个阶段中第一条必须直接从仓库拉取模块的 `go mod download`/`go build`/……——被 GOPRIVATE 或 GONOPROXY 匹配的模块、GOPROXY=direct 时的所有模块，或 Go 1.13 之前的所有模块——而构建镜像里没有 git（golang alpine 镜像、alpine、没有安装 git 的 debian）。',
      why: '通过模块代理时，go 命令用 HTTPS 下载 zip 文件；绕过代理时，它要克隆仓库，这就需要运行 git。golang alpine 镜像故意不带 git，所以在开发者机器上好好的私有模块会让镜像构建失败。这些设置按 go 命令实际看到的方式读取：命令前内联、`export`、ENV、ARG 默认值和 compose 文件传入的构建参数，以及 `go env -w`。',
      fixes: '在 go 命令之前插入 `RUN apk add --no-cache git openssh-client`（基于 Debian 的构建镜像用 apt-get）。凭据是另一回事：由 DGT129 检查凭据是否到达构建。',
      notFlagged: [
        '有 git 的构建镜像（Debian 版 golang 镜像，或在该阶段前面已经安装了 git）、事实表不认识的镜像，以及用规则读不懂的方式安装软件包的情况。',
        'vendor 的模块（`-mod=vendor`，或 go.mod 为 Go 1.14 及以上且旁边有 vendor 文件夹）、GOPROXY=off、来自变量或无值构建参数的 GOPRIVATE/GOPROXY，以及模式不匹配的模块。',
        '被本地文件夹 replace 的模块，以及不读取模块的 go 命令（`go install tool@version`、`go version`）。',
      ],
    },
  },
  DGT129: {
    title: '私有模块没有凭据，或令牌放在构建参数里',
    messages: {
      noCredentials:
        '{gomod} 依赖 `{module}`，`{setting}` 让这条 `go {verb}` 用 git 从 {host} 克隆它，但没有任何凭据到达这一步构建：没有 `--mount=type=secret` 或 `--mount=type=ssh`，没有 .netrc，也没有 git `insteadOf`。对于私有仓库，git 会停在 `fatal: could not read Username for \'https://{host}\': terminal prompts disabled`。请把 .netrc 作为构建密钥挂载（`RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download`，并使用 `docker build --secret id=netrc,src=$HOME/.netrc` 或 compose 的 `build.secrets`）。',
      argTokenImage:
        '构建参数 `{name}` 在这里被写入 {file}，于是令牌留在了你发布的镜像的一层里，而且 `docker history` 会显示 RUN 用到的每个构建参数的值。请改用构建密钥（`RUN --mount=type=secret,id={name},env={name} ...`），并放在拉取模块的那个 RUN 里，这样它永远不会落进镜像层。',
      argToken:
        '构建参数 `{name}` 在这里被写入 {file}，于是令牌保存在这个阶段的层里，构建缓存会保留它（使用 `--cache-to` 时还会推送出去）。请改用构建密钥（`RUN --mount=type=secret,id={name},env={name} ...`），并放在拉取模块的那个 RUN 里，这样它永远不会落进镜像层。',
    },
    fixTitles: { secretMount: '为这个 RUN 把 ~/.netrc 挂载为构建密钥 "netrc"' },
    related: { requires: '{gomod} 依赖 {module}。', setting: '{setting} 让这些模块绕过模块代理。' },
    docs: {
      what: '找出某个阶段中第一条克隆 GOPRIVATE 或 GONOPROXY 所匹配模块的 go 命令，而构建中没有任何 git 凭据（没有 secret 或 ssh 挂载、没有 .netrc、没有 `insteadOf`、没有令牌）；以及被 RUN 写进 git 配置（`git config url."https://${TOKEN}@github.com/".insteadOf`）或 .netrc 的构建参数。',
      why: '构建里没有开发者的任何凭据：没有 SSH agent，没有 Windows 的 Git 凭据管理器，也没有 ~/.netrc。git 无法询问密码，于是失败。常见的变通办法——把令牌放进构建参数——会让令牌留在写入它的那一层和镜像历史里；BuildKit 的密钥挂载只把令牌交给一个 RUN，不会保存它。',
      fixes: '给 RUN 加上 `--mount=type=secret,id=netrc,target=/root/.netrc`，并为每个构建该 Dockerfile 的 compose 服务在 `build:` 下加上 `secrets: [netrc]`，在顶层加上 `secrets: netrc: file: ~/.netrc`（在该文件中写一行 `machine github.com login <用户> password <令牌>`）。只在 RUN 以 root 运行、且涉及的每个 compose 文件都能编辑时提供。',
      notFlagged: [
        '在 RUN 之前或 RUN 中有任何凭据迹象的构建：secret 或 ssh 挂载、.netrc、`insteadOf`、凭据助手、GIT_ASKPASS 或 GIT_SSH、SSH 密钥、GOAUTH，或名字像令牌、密码的变量或参数。',
        '只因 GOPROXY=direct 才直接访问仓库的模块（它们是公开的）、vendor 的模块，以及来自变量的设置。',
        '来自密钥挂载的令牌（`--mount=type=secret,...,env=TOKEN`），以及写在 ENV 或 ARG 默认值里的字面令牌（由 DGT143 报告）。',
      ],
    },
  },
  DGT130: {
    title: '在没有 C 编译器的构建镜像中使用 cgo',
    messages: {
      explicit:
        '这条 `go {verb}` 设置了 CGO_ENABLED=1，但构建镜像 `{builder}` 里没有 C 编译器（golang alpine 镜像不带 gcc）。构建会停在 `cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH`。请在这个 RUN 之前安装编译器（`apk add --no-cache build-base`）；如果没有代码需要 cgo，就用 CGO_ENABLED=0 构建。',
      oldGo:
        '{reason}，所以这条 `go {verb}` 要编译 C 代码，但构建镜像 `{builder}` 里没有 C 编译器：构建会停在 `exec: "gcc": executable file not found in $PATH`。请在这个 RUN 之前安装编译器：`apk add --no-cache build-base`。',
      silentSqlite:
        '{reason}，它需要 cgo，但构建镜像 `{builder}` 里没有 C 编译器，于是 Go 1.20 及以后会悄悄关闭 cgo：镜像能构建出来，程序却在第一次查询时失败，报 `Binary was compiled with \'CGO_ENABLED=0\', go-sqlite3 requires cgo to work. This is a stub`。请在这个 RUN 之前安装 C 编译器（`apk add --no-cache build-base`，并在 alpine 上运行），或改用纯 Go 的 modernc.org/sqlite。',
      silentCgo:
        '{reason}，它需要 cgo，但构建镜像 `{builder}` 里没有 C 编译器，于是 Go 1.20 及以后会悄悄关闭 cgo，并跳过 cgo 文件：构建会以 `build constraints exclude all Go files` 或未定义的名字失败。请在这个 RUN 之前安装 C 编译器：`apk add --no-cache build-base`。',
      noHeaders:
        '这条 `go {verb}` 用这个阶段安装的 gcc 编译 cgo 代码，但没有 musl-dev 就缺少 C 库的头文件：构建会停在 `fatal error: stdlib.h: No such file or directory`。请同时安装 musl-dev（或同时包含两者的 build-base）。',
    },
    fixTitles: { buildBase: '在这个 RUN 之前安装 C 编译器：apk add --no-cache build-base', muslDev: '在这个 RUN 之前安装 C 头文件：apk add --no-cache musl-dev' },
    docs: {
      what: '找出 golang alpine 阶段中没有 C 编译器却设置了 CGO_ENABLED=1 的 `go build`/`go install`，或者 main 包导入了 "C" 或仅支持 cgo 的模块（github.com/mattn/go-sqlite3、confluent-kafka-go 等）而没有关闭 cgo 的构建；以及阶段中只安装了 gcc 却没有 musl-dev 的构建。',
      why: '`golang:<版本>-alpine` 镜像没有 gcc。设置 CGO_ENABLED=1 时构建会立即停止。不关闭 cgo 时，Go 1.20 之前一遇到 C 代码就停止；Go 1.20 及以后在找不到 C 编译器时会悄悄关闭 cgo，于是 go-sqlite3 编译成一个只在程序运行时才失败的桩。在 alpine 上只有 gcc 是不够的：C 库的头文件在 musl-dev 里。',
      fixes: '二进制在 alpine 上运行时，在构建之前插入 `RUN apk add --no-cache build-base`（首选）：在 alpine 上构建的 cgo 二进制运行时需要 musl，所以对于 scratch、distroless 或 Debian 的最终镜像，消息会说明还要改什么。对于只有 gcc 没有头文件的情况，插入 `RUN apk add --no-cache musl-dev`。',
      notFlagged: [
        'CGO_ENABLED=0（需要 cgo 的程序由 DGT304 检查）、由 compose 文件传入的构建参数决定的 CGO_ENABLED、CC 设为其他编译器，以及交叉编译（GOOS 不是 linux，或设置了 GOARCH）。',
        '在构建之前安装了 C 编译器（gcc、build-base、alpine-sdk、clang）的构建镜像，用规则读不懂的方式安装软件包（变量、yum、脚本）的构建镜像，以及 golang 官方镜像以外的构建镜像。',
        '只通过间接导入的包才需要 cgo 的 main 包（规则只读 main 包自己的导入）。',
      ],
    },
  },
  DGT131: {
    title: '镜像中缺少本地模块文件夹',
    messages: {
      replaceOutside:
        '{file} 把 `{module}` 替换为 `{dir}`，这个文件夹在构建上下文 `{context}` 之外：任何 COPY 都无法把它带进镜像，这条 `go {verb}` 会停在 `go: {module}@{version} (replaced by {dir}): reading {dir}/go.mod: open {target}/go.mod: no such file or directory`（Go 1.17 之前：`replacement directory {dir} does not exist`）。请把这个文件夹作为附加构建上下文传入，或从同时包含两者的上下文构建（compose 的 `context:` 设为共同的父目录，`dockerfile:` 指回原来的位置）。',
      replaceNotCopied:
        '{file} 把 `{module}` 替换为 `{dir}`，但在这条 `go {verb}` 之前没有任何指令把该文件夹复制到 {target}，所以它会停在 `go: {module}@{version} (replaced by {dir}): reading {dir}/go.mod: open {target}/go.mod: no such file or directory`。请先复制它：`COPY {src} {target}`。',
      workOutside:
        '复制进镜像的 go.work 使用了 `{dir}`，这个文件夹在构建上下文 `{context}` 之外，所以这条 `go {verb}` 会停在 `go: cannot load module {dir} listed in go.work file: open {dir}/go.mod: no such file or directory`。如果镜像只需要这一个模块，请用 GOWORK=off 构建（或用 .dockerignore 把 go.work 排除在外）；否则请从包含整个工作区的上下文构建。',
      workMemberNotCopied:
        '复制进镜像的 go.work 使用了 `{dir}`，但在这条 `go {verb}` 之前没有任何指令把该文件夹复制到 {target}，所以它会停在 `go: cannot load module {dir} listed in go.work file: open {dir}/go.mod: no such file or directory`。请先复制工作区的各个模块，或用 GOWORK=off 构建。',
    },
    fixTitles: {
      copyFolder: '在这个 RUN 之前把 {src} 复制到 {target}',
      additionalContext: '把 {dir} 作为附加构建上下文 "{name}" 传入并复制进来',
      goworkOff: '用 GOWORK=off 构建',
    },
    related: { replace: '指定 {dir} 的 replace 指令。', use: '指定 {dir} 的 go.work use 指令。' },
    docs: {
      what: '找出某个阶段中第一条读取模块的 go 命令：其 go.mod 把依赖的模块替换为本地文件夹（`replace example.com/x => ../x`），或它在复制进镜像的 go.work 下运行，而该文件夹在构建上下文之外，或在命令之前没有被复制进来。',
      why: '本地 replace 和工作区在开发者机器上能用，是因为旁边的文件夹都在。构建只有它的上下文：compose 的 `build: ./services/api` 看不到 `../lib`；先 `COPY go.mod go.sum ./` 再 `go mod download`，执行时 `COPY . .` 还没有把被替换的文件夹带进来。被 `COPY . .` 复制进来的 go.work 会让 go 命令去找工作区里的每一个模块。',
      fixes: '被替换的文件夹在上下文之内时：在 RUN 之前插入 `COPY <文件夹> <go 命令查找的位置>`。在上下文之外、且由 compose 文件构建时：把该文件夹加入每个构建该 Dockerfile 的服务的 `additional_contexts`，并在 RUN 之前插入 `COPY --from=<名字> . <目标>`（BuildKit）。不该进入镜像的 go.work：在 go 命令前插入 `GOWORK=off`。',
      notFlagged: [
        '替换为模块路径的 replace（`=> github.com/fork/x v1.2.3`）、go.mod 没有依赖的模块的 replace、绝对路径，以及磁盘上也没有 go.mod 的文件夹（项目的部分副本说明不了什么）。',
        '可能由 COPY --from、归档或 URL 的 ADD、绑定挂载，或克隆、创建文件的 RUN 提供的文件夹；被 .dockerignore 排除的文件夹（由 DGT112 检查）。',
        'GOWORK 设为路径或变量的情况，以及不读取模块的 go 命令。',
        '没有 compose 文件构建、位于仓库子文件夹中或 git 工作区之外的 Dockerfile：它可能从上级文件夹构建（`docker build -f sub/Dockerfile .`），用的是另一个 go.mod。',
      ],
    },
  },
  DGT132: {
    title: '从构建镜像中 git 读不了的 .git 写入 VCS 信息',
    messages: {
      noGit:
        '这条 `go {verb}` 要从 `{copy}` 带到 {dir} 的 `.git` 中写入版本控制信息，{why}，但构建镜像 `{builder}` 里没有 git：构建会停在 `error obtaining VCS status: exec: "git": executable file not found in $PATH` 和 `Use -buildvcs=false to disable VCS stamping.`。请用 -buildvcs=false 构建，用 .dockerignore 把 `.git` 排除在上下文之外，或安装 git。',
      notOwner:
        '这条 `go {verb}` 以 `{user}` 运行，要从 `{copy}` 带到 {dir} 的 `.git` 中写入版本控制信息，而该仓库属于 root：git 拒绝读取其他用户的仓库（`fatal: detected dubious ownership in repository at \'{dir}\'`），构建会停在 `error obtaining VCS status: exit status 128`。请用 -buildvcs=false 构建，用 .dockerignore 把 `.git` 排除在上下文之外，或用 --chown={user} 复制。',
    },
    values: {
      why: {
        'as `-buildvcs=true` asks': '这是 `-buildvcs=true` 的要求',
        'which Go 1.18.0 does whenever it finds a repository': 'Go 1.18.0 只要找到仓库就会这样做',
      },
    },
    fixTitles: { buildvcs: '用 -buildvcs=false 构建' },
    related: { copiesGit: '这条复制指令把 .git 文件夹带进了镜像。' },
    docs: {
      what: '找出 golang 镜像（Go 1.18 及以上，没有 `-buildvcs=false`）中，在从构建上下文收到 `.git` 的文件夹里执行的 `go build`/`go install`，而 git 读不了它：构建镜像没有 git 且 Go 坚持要读（Go 1.18.0，或 `-buildvcs=true`），或构建以非 root 的 USER 运行，而复制进来的仓库属于 root。',
      why: '从 Go 1.18 起，当 main 模块位于 git 仓库中时，`go build` 会运行 `git status` 来给二进制写入版本信息。从 Go 1.18.1 起，缺少 git 会被悄悄跳过，但 Go 1.18.0 和 `-buildvcs=true` 会让构建停止。git 自 2.35.2 起拒绝其他用户拥有的仓库（CVE-2022-24765）：COPY 让文件归 root 所有，所以以非 root 用户构建会失败。',
      fixes: '在子命令之后加上 `-buildvcs=false`。',
      appliesTo: '构建上下文中有未被 .dockerignore 排除的 `.git` 文件夹的 Dockerfile',
      notFlagged: [
        '被 .dockerignore 排除的 `.git`（部分排除的由 DGT113 报告）、命令或 GOFLAGS 中的 `-buildvcs=false`，以及 1.18 之前的 golang 镜像。',
        '在 Go 1.18.1 及以后、没有 `-buildvcs=true` 时缺少 git 的构建镜像：Go 会按设计不写入版本信息而继续构建。',
        'COPY --chown、复制与构建之间对所复制文件夹的 `chown -R`、USER 为 root 或未设置、来自变量的 USER，以及构建之前的 `git config ... safe.directory`。',
        '绑定挂载进容器、在启动时构建的源代码（compose 下带绑定挂载的 `go run`）：那里的文件属于谁取决于宿主机。',
      ],
    },
  },
  DGT133: {
    title: 'goreleaser 镜像要用它没有的源代码构建',
    messages: {
      copyGoMod:
        '{config} 用 goreleaser 构建这个镜像，它的构建上下文是一个临时文件夹，里面只有它构建好的二进制和 `extra_files`：`{file}` 不在其中，所以这条 COPY 会以 `failed to compute cache key: failed to calculate checksum of ref …: "/{file}": not found` 失败。请改为复制 goreleaser 构建好的二进制（只含二进制的 Dockerfile），或把这些文件列入 `extra_files`。',
      buildsSource:
        '{config} 用 goreleaser 构建这个镜像，它的构建上下文是一个临时文件夹，里面只有它构建好的二进制和 `extra_files`：`COPY . .` 带不来任何源代码，这条 `go {verb}` 会停在 `go: go.mod file not found in current directory or any parent directory`。请使用复制 goreleaser 构建好的二进制的 Dockerfile。',
    },
    fixTitles: {
      generate: '生成 {file}（只含二进制）并在 {config} 中使用它',
      extraFiles: '在 {config} 的 extra_files 中加入 {files}',
    },
    related: { entry: '这个 goreleaser 条目用 {dockerfile} 构建镜像。' },
    docs: {
      what: '找出由 goreleaser 配置（所在文件夹或其上级中的 `.goreleaser.y(a)ml` 或 `goreleaser.y(a)ml`，`dockers` 或 `dockers_v2`）构建、却复制 go.mod 或在 `COPY . .` 之后编译模块的 Dockerfile。',
      why: 'goreleaser 先构建好二进制，然后在一个临时文件夹中运行 Docker 构建，这个文件夹里只有这些二进制和 `extra_files` 中列出的文件——而不是仓库。一个从源代码编译的多阶段 Dockerfile 用 `docker build .` 能构建，却在发布流水线里失败，通常就在发布那天。',
      fixes: '根据最终阶段在 Dockerfile 旁生成 `Dockerfile.goreleaser`，二进制从上下文复制（名字取自构建的 `binary` 或项目名），并把配置的 `dockerfile:` 指向它（首选；仅对 `dockers` 条目、且最终阶段没有从构建阶段复制其他东西时提供）。对于复制具名文件的 Dockerfile，则改为把这些文件加入 `extra_files`。',
      appliesTo: '由 goreleaser 配置构建的 Dockerfile',
      notFlagged: [
        '只复制二进制和 `extra_files` 的 Dockerfile，以及 `extra_files` 中列有 go.mod 的配置（有意从源代码构建）。',
        '模板化的 Dockerfile 路径、`templated_dockerfile`、设置了 `skip_build: true` 的条目，以及不是合法 YAML 的配置。',
      ],
    },
  },
  DGT134: {
    title: '在软件包仓库已下线的发行版上安装软件包',
    messages: {
      gone:
        '`{image}` 是 {release}，它的软件包仓库已于 {since} 从镜像站下线（{what}）。这条 `{command}` 会让构建停在 `{error}`。请基于仍受支持的发行版构建（换用该镜像的当前标签），或在这个 RUN 之前把软件源指向 {archive}。',
    },
    values: {
      what: {
        'Debian 8 (jessie) lost jessie-updates on the Debian mirrors, then moved to archive.debian.org': 'Debian 8（jessie）先是 jessie-updates 从 Debian 镜像站下线，之后整个发行版移到了 archive.debian.org',
        'Debian 9 (stretch) left the Debian mirrors for archive.debian.org': 'Debian 9（stretch）已从 Debian 镜像站移到 archive.debian.org',
        'Debian 10 (buster) left the Debian mirrors for archive.debian.org': 'Debian 10（buster）已从 Debian 镜像站移到 archive.debian.org',
        'CentOS Linux 7 reached its end of life on 2024-06-30; mirrorlist.centos.org stopped answering and the packages moved to vault.centos.org':
          'CentOS Linux 7 已于 2024-06-30 停止支持；mirrorlist.centos.org 不再响应，软件包移到了 vault.centos.org',
        'CentOS Linux 8 reached its end of life on 2021-12-31; its packages left the mirrors for vault.centos.org on 2022-01-31':
          'CentOS Linux 8 已于 2021-12-31 停止支持；其软件包于 2022-01-31 从镜像站移到了 vault.centos.org',
      },
    },
    fixTitles: { archive: '在这个 RUN 之前把软件源指向 {archive}' },
    docs: {
      what: '找出基础镜像所属发行版的软件包仓库已从镜像站下线的阶段中的 `apt-get update`/`apt-get install`（以及 `yum`/`dnf`）：Debian 8（jessie）、9（stretch）和 10（buster），包括基于它们的 `golang` 标签（`golang:1.10`、`golang:1.15`、`golang:1.16-stretch`）和标签中带有这些代号的官方镜像（`node:14-buster`）；CentOS Linux 7 和 8。',
      why: '一个构建了多年的 Dockerfile 会在它的发行版离开镜像站的那天无法构建：软件包索引不在了，每次 `apt-get update` 都以 404 失败。旧的 golang 标签是最常见的情况，因为它固定了 Go 版本，也就固定了该 Go 版本所基于的 Debian 发行版。每个发行版的日期和出处都记录在同一张表中（server/src/facts/baseImages.ts）。',
      fixes: '在失败的 RUN 之前插入一个 RUN，把软件源指向归档（Debian：archive.debian.org，去掉 `-updates` 套件并关闭索引过期检查；CentOS：vault.centos.org）。不作为首选：归档不再有安全更新，换用受支持的发行版才是真正的修复。',
      notFlagged: [
        '在命令之前已经修改过软件源的阶段：提到 archive.debian.org、vault.centos.org、sources.list、/etc/apt/、yum.repos.d、mirrorlist 或 baseurl 的 RUN，或复制到 /etc/apt 或 /etc/yum.repos.d 的 COPY。',
        'Ubuntu LTS 版本（14.04、16.04、18.04 在扩展安全维护期间仍留在 archive.ubuntu.com）、alpine（旧分支仍保留在 CDN 上）、事实表不认识的镜像，以及由构建参数选择的镜像。',
        'Windows 阶段和带 `# escape=` 指令的文件。',
      ],
    },
  },
  DGT135: {
    title: 'Go 构建上下文没有 .dockerignore',
    messages: {
      missing:
        '构建上下文 `{context}` 没有 .dockerignore，所以这条复制整个上下文的 COPY 会把 {items} 带进镜像：它们一变化，这一层就要重建{gitNote}，镜像里也带着它们，而且每次构建都要传输它们（在 Docker Desktop 下从 Windows 盘读取很慢）。请添加 .dockerignore。',
    },
    values: { gitNote: { ' (`.git` changes with every commit)': '（`.git` 每次提交都会变化）' } },
    fixTitles: { create: '为 Go 模块创建 {file}' },
    docs: {
      what: '找出 Go 构建上下文没有 .dockerignore、却含有 `.git`、`node_modules`（在顶层或下一层文件夹中），或被 git 忽略的 `bin`、`dist` 文件夹（构建产物）时，复制整个上下文的 `COPY . .`（或 `ADD .`）。',
      why: '没有 .dockerignore 时，`COPY . .` 会复制所有东西：`.git` 文件夹每次提交都会变化，所以即使没有 Go 文件改动，这一层以及之后的每一层（包括 `go build`）都要重建；`node_modules` 和构建产物让上下文变得巨大，Docker Desktop 每次构建都要从 Windows 盘读取它们；而且这些都进了构建镜像，`.git` 还带着全部历史。',
      fixes: '在构建上下文中创建 .dockerignore，内容与 Dockerfile 生成器为 Go 模块写入的相同（上下文中有 `node_modules` 和 `dist` 时也加上它们），去掉会排除 Dockerfile 按名字复制的内容的行；构建要用到 `.git` 时（有 RUN 调用 git，或 `go build` 写入版本控制信息）也去掉 `.git`。',
      appliesTo: 'Dockerfile（问题标在复制整个上下文的 COPY 上）',
      notFlagged: [
        '有 .dockerignore（或 `<Dockerfile>.dockerignore`）的上下文、没有上述任何文件夹的上下文，以及只复制具名文件和文件夹的 Dockerfile。',
        '不构建 Go（没有 go 命令）且顶层没有 go.mod 的上下文中的 Dockerfile。',
        '没有 compose 文件构建、位于仓库或模块子文件夹中的 Dockerfile：它可能从上级文件夹构建，而那里可能有自己的 .dockerignore。',
        '有 RUN 调用 git（`git describe`）、`go build` 要从中写入版本控制信息（Go 1.18 及以上且构建镜像有 git，或 `-buildvcs=true`），或在有 git 的地方由 make、mage、task 或脚本构建时的 `.git`。',
        'git 跟踪的 `bin` 和 `dist` 文件夹（提交的脚本或资源，不是构建产物），以及 git 工作区之外的这类文件夹。',
      ],
    },
  },
};
