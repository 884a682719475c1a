/**
 * Simplified Chinese texts of the Go toolchain rules (DGT102–DGT113): Go version, GOOS/GOARCH,
 * GOPATH-era builds, go.mod in the build. Spread into the `rules` of zh-cn.ts; same conventions:
 * error texts in backticks stay as they are.
 */
import type { RuleTranslation } from './index';

export const ZH_CN_GO_TOOLCHAIN: Record<string, RuleTranslation> = {
  DGT102: {
    title: 'golang 镜像的 Go 版本低于 go.mod 的要求',
    messages: {
      local:
        '`{image}` 镜像运行的是 Go {running}，但 {gomod} 写的是 `go {required}`。golang 镜像设置了 GOTOOLCHAIN=local，所以构建会停在 `go: go.mod requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`。请使用 golang:{fixed}{viaArg}{digestNote}。',
      parse:
        '`{image}` 镜像运行的是 Go {running}，它读不了 {gomod}：`go {required}` 这一行有三段版本号，旧版 Go 会报 `go: errors parsing go.mod: go.mod:{line}: invalid go version \'{required}\': must match format 1.23`。请使用 golang:{fixed}{viaArg}{digestNote}。',
      toolchain:
        '`{image}` 镜像运行的是 Go {running}，它读不了 {gomod}：Go 1.21 之前不认识 `toolchain` 这一行，会报 `go: errors parsing go.mod: go.mod:{line}: unknown directive: toolchain`。请使用 golang:{fixed}{viaArg}{digestNote}。',
      advisory:
        '`{image}` 镜像运行的是 Go {running}，但 {gomod} 写的是 `go {required}`。Go 1.21 之前这一行只是建议：模块会按旧的语言规则和标准库编译，用到新特性的代码会失败并提示 `note: module requires Go {required}`。请使用 golang:{fixed}{viaArg}{digestNote}。',
      advisoryNeeds:
        '`{image}` 镜像运行的是 Go {running}，但 {gomod} 写的是 `go {required}`，而程序确实需要更新的 Go：`{what}` 是 Go {added} 才有的，所以构建会停在 `{errorText}`。请使用 golang:{fixed}{viaArg}{digestNote}。',
      localWork:
        '`{image}` 镜像运行的是 Go {running}，但这次构建复制进来的工作区 {gomod} 写的是 `go {required}`。golang 镜像设置了 GOTOOLCHAIN=local，所以构建会停在 `go: go.work requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`。请使用 golang:{fixed}{viaArg}{digestNote}；如果镜像只需要一个模块，也可以用 GOWORK=off 构建。',
      toolchainWork:
        '`{image}` 镜像运行的是 Go {running}，它读不了这次构建复制进来的工作区 {gomod}：Go 1.21 之前不认识 `toolchain` 这一行，会报 `go: errors parsing go.work: go.work:{line}: unknown directive: toolchain`。请使用 golang:{fixed}{viaArg}{digestNote}。',
    },
    fixTitles: { useTag: '使用 golang:{tag}', setArg: '把 ARG {name} 的默认值改为 {version}' },
    values: { digestNote: { ' with its own digest': '（并换成该版本自己的 digest）' } },
    related: { requires: '{gomod} 要求 Go {version}。', argDefault: '镜像版本来自 ARG {name} 的默认值。', needs: '`{what}` 是 Go {added} 才有的：Go {running} 里没有。' },
    docs: {
      severity: '构建会停下时为错误（Go 1.21 及以后、旧版 Go 解析不了的 go 行、toolchain 行，以及程序用到了更晚的 Go 版本才加入的标准库包或名字的 Go 1.21 之前的镜像）；Go 1.21 之前的镜像遇到更新的两段式 go 行、又没有找到需要新版本的代码时为提示：构建会继续，只有代码或依赖用到更新的 Go 时才失败。',
      what: '找出 `FROM golang:<版本>`（任何后缀，也包括镜像仓库代理、`amd64/golang` 这类 Docker Hub 上单一架构的副本，以及 ARG 默认值写出的标签），其 Go 版本低于该构建阶段所编译模块的 go.mod（或复制进来的 go.work）中 `go` 行的版本；以及遇到无法解析的 `toolchain` 行的 Go 1.21 之前的版本。对 Go 1.21 之前的镜像，它会读取该阶段构建的程序（main 包及其导入的本模块的包），找出更晚的 Go 版本（不超过 go.mod 的版本）才加入的标准库包或包级名字（`slices`、`log/slog`、`io.ReadAll`、`errors.Join`；依据 Go 仓库自己的 API 列表），并指出第一个。',
      why: '从 Go 1.21 起，go.mod 的 `go` 行是最低要求，而官方 golang 镜像设置了 `GOTOOLCHAIN=local`，所以旧镜像会直接拒绝构建，而不是下载新的工具链。更旧的镜像（1.21 之前）要么解析不了三段式的 `go 1.22.3` 或 `toolchain` 行，要么用模块并不适用的规则去编译它。这里的 go.mod 是该阶段的 go 命令实际读取的那个，按 WORKDIR 和 COPY 追踪得到；没有 compose 文件构建的 Dockerfile 先从它自己的文件夹追踪，找不到时再从上级文件夹（直到仓库根目录）中第一个能让 go 命令找到 go.mod 的文件夹追踪。',
      fixes: '把标签中的版本提高到 go.mod 的版本，保持标签原来的精度（`1.21` → `1.22`，`1.21.5` → `1.22.3`）和后缀（`-alpine3.20`、`-bookworm`）。如果标签来自 ARG 默认值（`ARG GO_VERSION=1.21` + `FROM golang:${GO_VERSION}`），则修改 ARG 的默认值。',
      notFlagged: [
        '已经覆盖 go.mod 版本的次版本标签：`golang:1.22` 运行的是最新的 1.22.x，满足 `go 1.22.3`。',
        '通过 ENV、ARG、命令前内联、`export` 或 `go env -w` 为 go 命令设置了 GOTOOLCHAIN=auto（或 `go1.22.3+auto`、`path`、不低于 go.mod 版本的 `goX.Y.Z`）。',
        '`go` 行已满足时比镜像更新的 `toolchain` 行：在 GOTOOLCHAIN=local 下它只是建议。',
        '未固定版本的标签（`golang:alpine`、`golang:latest`、`golang:1`）、被 compose 文件的构建参数覆盖的标签，以及该阶段没有复制进去的 go.mod（克隆的源码、`go install pkg@version`）。',
        '该阶段没有复制进去的 go.work，或设置了 GOWORK（`off`、路径或变量）的情况；Go 1.21 之前 go.work 的 `go` 行（那时不强制）。',
        '作为错误：Go 1.21 之前的镜像，其程序只通过方法、结构体字段、语言变化（泛型、`min`/`max`）、带构建约束的文件、其他模块（`replace` 到文件夹）或依赖才需要新版 Go：这些不会被读取，版本不一致只作为提示。Go 1.12 及更早的镜像也只作为提示。',
      ],
    },
  },
  DGT103: {
    title: 'golang 镜像没有指定 Go 版本',
    messages: {
      unpinned:
        '`{image}` 每次构建都使用当天最新的 Go；{gomod} 需要 Go {required} 或更新版本。请固定一个版本（至少 `golang:{suggest}`），免得新的 Go 版本在不知不觉中改变或弄坏构建。',
    },
    fixTitles: { pin: '固定为 golang:{tag}（go.mod 的最低版本）' },
    docs: {
      what: '当构建阶段编译的模块在项目中有 go.mod 时，找出 `FROM golang`、`golang:latest`、`golang:alpine`、`golang:bookworm` 等不带 Go 版本的 golang 标签。',
      why: '不固定版本的 golang 标签会随每个 Go 版本变化：同一个提交今天和明天会用不同的编译器、标准库和默认设置来构建，旧模块也可能因此构建失败。固定模块所针对的 Go 版本能让构建可复现；之后再由 Dependabot 或 Renovate 有意识地升级。',
      fixes: '把 go.mod 的 Go 版本（主版本.次版本）插入标签并保留变体：`golang:alpine` → `golang:1.22-alpine`，`golang:latest` → `golang:1.22`，`golang` → `golang:1.22`。“全部修复”不会应用它：go 行只是最低要求，如果它很旧，固定为它会降低构建用的版本——你也可以选一个更新的版本。',
      notFlagged: [
        '带版本的标签（`golang:1.22`、`golang:1`）、用 digest 固定的镜像，以及来自 ARG 的标签。',
        '无法通过 WORKDIR 和 COPY 找到 go.mod 的构建阶段（没有可建议的版本）。',
        '由 GOTOOLCHAIN 决定 Go 版本的构建阶段（`export GOTOOLCHAIN=go${GO_VERSION}`）：镜像标签并不起决定作用。',
      ],
    },
  },
  DGT104: {
    title: 'Go 二进制的目标操作系统与镜像不符',
    messages: {
      linuxInWindows:
        '这个 `go {verb}` 在 Linux 镜像 `{builder}` 中运行且没有设置 GOOS=windows，因此生成的是 Linux 二进制；而最终镜像 `{final}` 是 Windows，无法启动它（`The system cannot find the file specified`，或 `is not a valid Win32 application`）。请设置 GOOS=windows，并给二进制起一个 .exe 名字。',
      foreignInLinux:
        '这个 `go {verb}` 设置了 GOOS={goos}，生成的是 {format} 二进制，而 Linux 镜像 `{final}` 以 `{exe}` 启动它：容器会以 `exec {exe}: exec format error` 退出。请用 GOOS=linux 构建。',
      hostForeign:
        '这里复制的 `{exe}` 由 {script} 在 `docker build` 之前于主机上以 `{setting}` 构建：它是 {format} 二进制，而 Linux 镜像 `{final}` 启动它，容器会以 `exec {exe}: exec format error` 退出。请用 GOOS=linux 构建它。',
      hostWindows:
        '这里复制的 `{exe}` 由 {script} 在 `docker build` 之前于主机上构建，且没有设置 GOOS：Go 按它所运行的系统构建，这里是 Windows，所以它是 Windows（PE）二进制，而 Linux 镜像 `{final}` 启动它：容器会以 `exec {exe}: exec format error` 退出。请在构建之前设置 GOOS=linux。',
    },
    fixTitles: { setGoos: '使用 GOOS={goos} 构建', setGoosEnv: '在 {via} 中设置 GOOS={goos}', setHostGoos: '在 {script} 中使用 GOOS={goos} 构建' },
    values: { format: { 'Windows (PE)': 'Windows（PE）', 'macOS (Mach-O)': 'macOS（Mach-O）', 'iOS (Mach-O)': 'iOS（Mach-O）' } },
    related: { finalImage: '最终镜像：{image}。', starts: '镜像启动时运行 {exe}。', hostBuild: '二进制在这里构建。' },
    docs: {
      what: '找出二进制最终进入另一种操作系统镜像的 `go build`：Linux 构建阶段的产物在没有 GOOS=windows 的情况下被复制进 Windows（servercore/nanoserver）最终阶段，或者 Linux 最终阶段以 ENTRYPOINT 或 CMD 运行 GOOS=windows/darwin 的二进制——也包括由 Makefile 目标或脚本先在主机上构建、再运行 `docker build` 的二进制（不设置 GOOS 的 Windows 批处理文件或 PowerShell 脚本构建的是 Windows 二进制）。',
      severity: '构建指定了其他 GOOS 时为错误；Windows 脚本没有设置 GOOS 时为警告（那台机器上用 `go env -w` 设置过的 GOOS 会改变结果）。',
      why: 'Go 只有在被明确告知时才交叉编译：不设置 GOOS 时，`go build` 的目标就是它所运行的系统。Windows 镜像里的 Linux 二进制（或者反过来）复制时不会报错，直到容器启动才失败。',
      fixes: '为构建设置 GOOS：Windows 镜像用 `GOOS=windows`（只有当输出文件名已经是 .exe 时“全部修复”才会应用，因为 Windows 靠扩展名找程序），Linux 镜像用 `GOOS=linux`——已有 GOOS 赋值时直接修改它。对于主机上的构建，修改在脚本里：改它的 GOOS 值，或在构建之前加一行 `set GOOS=linux`（`$env:GOOS = "linux"`）。',
      notFlagged: [
        '来自变量的 GOOS 或 GOARCH，例如 BuildKit 交叉编译写法（`FROM --platform=$BUILDPLATFORM`、`ARG TARGETOS TARGETARCH`、`GOOS=$TARGETOS GOARCH=$TARGETARCH`）。',
        '也能在 Windows 上运行的构建镜像（`golang:1.22`、`golang:1.22-windowsservercore`）：在 Windows 守护进程上它构建的就是 Windows 二进制。只有仅限 Linux 的标签（`-alpine`、`-bookworm` 等）或 `--platform=linux/...` 才算 Linux。',
        'Linux 镜像只是携带（发布包、下载页面）而不启动的 Windows 或 macOS 二进制。',
        '不设置 GOOS 的 shell 脚本和 Makefile 中的主机构建（它们可能在 Linux 上运行），以及脚本从别处取得的 GOOS 值（调用者的变量、`$(shell ...)`、Makefile 条件语句）。',
      ],
    },
  },
  DGT105: {
    title: 'Go 不认识的 GOOS/GOARCH 值',
    messages: {
      arch: '`GOARCH={value}` 不是 Go 认识的架构，所以每个 go build 都会停在 `go: unsupported GOOS/GOARCH pair {os}/{value}`。Go 里它叫 `{suggest}`。',
      archUnknown: '`GOARCH={value}` 不是 Go 认识的架构，所以每个 go build 都会停在 `go: unsupported GOOS/GOARCH pair {os}/{value}`。Go 的架构名有：amd64、arm64、arm、386、ppc64le、s390x、riscv64 等。',
      os: '`GOOS={value}` 不是 Go 认识的操作系统，所以每个 go build 都会停在 `go: unsupported GOOS/GOARCH pair {value}/{arch}`。Go 里它叫 `{suggest}`。',
      osUnknown: '`GOOS={value}` 不是 Go 认识的操作系统，所以每个 go build 都会停在 `go: unsupported GOOS/GOARCH pair {value}/{arch}`。Go 的系统名有：linux、windows、darwin、freebsd 等。',
      pair: '`{os}/{arch}` 不是 Go 支持的平台（`go tool dist list`）：`go: unsupported GOOS/GOARCH pair {os}/{arch}`。',
    },
    fixTitles: { rename: '使用 {name}={value}' },
    docs: {
      what: '找出不在 `go tool dist list` 中的 GOOS 和 GOARCH 值——通常是其他工具使用的名字（`x86_64`、`aarch64`、`arm64v8`、`win`、`macos`）——以及 Go 不支持的 GOOS/GOARCH 组合。',
      why: 'Docker、uname 和 Linux 发行版把架构叫作 x86_64 和 aarch64，Go 则叫 amd64 和 arm64。Go 不认识的值会让该阶段的每次构建都失败，而出错的地方离设置它的那一行很远。',
      fixes: '把已知的别名换成 Go 的名字：x86_64/x64/amd → amd64，aarch64/arm64v8/armv8 → arm64，i386/i686 → 386，armv7/armhf → arm，win → windows，macos/osx → darwin，以及大小写错误（Linux → linux）。',
      notFlagged: [
        '来自变量的值（`GOARCH=$TARGETARCH`、`${GOARCH:-amd64}`）——BuildKit 交叉编译写法本身是正确的。',
        '空值（`GOARCH=`），表示“使用本机的值”。',
        'Docker 平台名（`--platform=linux/x86_64`）：Docker 自己会规范化这些名字。',
      ],
    },
  },
  DGT106: {
    title: '有 go.mod 的模块设置了 GO111MODULE=off',
    messages: {
      imports:
        'GO111MODULE=off 让 go 命令进入 GOPATH 模式，它会忽略 {gomod}：`{pkg}` 只会在 GOPATH 中查找，构建失败并报 `cannot find package "{pkg}" in any of: /usr/local/go/src/{pkg} (from $GOROOT), /go/src/{pkg} (from $GOPATH)`。请删除这个设置（从 Go 1.16 起默认就是模块模式）。',
      ignored:
        'GO111MODULE=off 让 go 命令进入 GOPATH 模式，它会忽略 {gomod}：其中的 Go 版本、依赖和 replace 指令都不起作用，任何标准库以外的导入都会失败，报 `cannot find package ... in any of: ... (from $GOPATH)`。请删除这个设置（从 Go 1.16 起默认就是模块模式）。',
    },
    fixTitles: { moduleMode: '使用模块模式（GO111MODULE=on）' },
    related: { goMod: 'GOPATH 模式会忽略的 go.mod。' },
    docs: {
      what: '找出对编译带 go.mod 模块的 go 命令生效的 GO111MODULE=off（ENV、ARG、命令前内联、`export`、`go env -w`），且镜像中有该 go.mod。',
      why: 'GOPATH 模式早于 Go 模块：它忽略 go.mod，在 $GOPATH/src 下查找每个导入。从 GOPATH 时代教程抄来的旧 Dockerfile 保留了这个设置，构建会在第一个第三方导入处失败，或者悄悄用 GOPATH 里碰巧存在的代码构建。',
      fixes: '提供把值改为 `on`（模块模式）的修复。“全部修复”不会应用它：依赖 $GOPATH 组织代码的 GOPATH 模式构建可能还需要调整目录结构。',
      notFlagged: [
        '所在目录没有来自构建上下文的 go.mod 的 go 命令（在 Dockerfile 中获取的 GOPATH 风格源码）。',
        'GO111MODULE=on 或 auto，以及来自变量的值。',
      ],
    },
  },
  DGT107: {
    title: '用 `go get` 安装程序',
    messages: {
      outside:
        '从 Go 1.18 起 `go get {pkg}` 不再构建或安装任何东西，而且这里它在模块之外运行：构建会停在 `go: go.mod file not found in current directory or any parent directory. \'go get\' is no longer supported outside a module. To build and install a command, use \'go install\' with a version, like this: go install example.com/cmd@latest`。请使用 `go install {install}`。',
      inside:
        '从 Go 1.18 起 `go get {pkg}` 只会在 go.mod 中添加依赖，不会构建或安装 `{name}`，所以后面使用它时会报 `{name}: not found`。请使用 `go install {install}`。',
    },
    fixTitles: { install: '使用 go install {pkg}' },
    docs: {
      what: '在 golang 1.18 及以上的构建阶段中，找出用来安装程序的 `go get <远程包>`：它在模块之外运行（所在目录没有 go.mod），或者之后会运行或复制这个程序。',
      why: '在 Go 模块出现之前，`go get` 会下载、构建并安装程序；GOPATH 时代的 Dockerfile 和 README 至今还这样写。从 Go 1.17 起这种用法被弃用（`go: go get: installing executables with \'go get\' in module mode is deprecated`），从 Go 1.18 起 `go get` 只管理 go.mod 中的依赖。`go install pkg@version` 可以构建并安装程序，而不会改动任何 go.mod。',
      fixes: '把 `go get pkg` 改写为 `go install pkg@latest`（已经写了版本 `pkg@v1.2.3` 时保留该版本），并去掉 `go install` 没有的参数（`-u`、`-t`、`-insecure`）。对于模块已迁移、或所要版本需要比镜像更新的 Go 的工具（见 DGT156），改为安装该版本声明的路径，或镜像能构建的最新版本。只有一个包参数时才提供。',
      notFlagged: [
        '1.18 之前的 golang 镜像、golang 以外的镜像（Go 版本未知）中的 `go get`，以及 GO111MODULE=off 或 auto 时的 `go get`。',
        '`go get -d ...`、`go get ./...` 和不带参数的 `go get`：管理模块依赖正是 `go get` 的用途。',
        '在模块内、且之后并不使用该程序的 `go get pkg`（可能是有意添加依赖）。',
      ],
    },
  },
  DGT155: {
    title: 'Go 1.20 及以上版本中的 `go build -i`',
    messages: {
      removed:
        '`go {verb} -i`：Go 1.20 已从 go build 和 go test 中移除 -i 参数，而 `{image}` 运行的是 {go}：构建会停在 `flag provided but not defined: -i`。请去掉这个参数：从 Go 1.10 起，编译好的包不需要它也会保存在构建缓存中。',
    },
    fixTitles: { drop: '从 go {verb} 中去掉 {flag}' },
    values: { go: { 'the newest Go': '最新版本的 Go' } },
    docs: {
      what: '在 golang 镜像为 Go 1.20 及以上、或未固定版本（`golang`、`golang:alpine`：即最新的 Go）的阶段中，找出 RUN 里的 `go build -i` 和 `go test -i`。',
      why: '`-i` 用来安装所列包的依赖。Go 1.10 引入构建缓存后它已没有意义；Go 1.16 将其弃用（`go build: -i flag is deprecated`），Go 1.20 从 go build 和 go test 中移除了它。GOPATH 时代的 Dockerfile 和 Makefile 仍然带着它，一个多年来都能构建的未固定版本的 `FROM golang:alpine`，会在下一次拉取新镜像时失败。',
      fixes: '从命令中删除 `-i` 这个词（连同其后的空白）。',
      notFlagged: [
        'Go 1.20 之前的 golang 镜像（那里 `-i` 只是被弃用）、golang 以外的镜像（Go 版本未知），以及 `go install -i`。',
        '出现在第一个非参数的词之后的 `-i`（Go 会把它当作包名），以及作为其他参数取值的 `-i`（`-o -i`）。',
        'RUN 通过 make 或脚本启动的 go 命令：只读取 RUN 本身的词。',
      ],
    },
  },
  DGT156: {
    title: '`go install` 的工具版本无法由该 go 命令构建',
    messages: {
      moved:
        '`go {verb} {pkg}@{version}` 会让构建失败：从 {since} 起，模块 {from} 的 go.mod 声明的路径是 {to}，go 命令拒绝旧路径并报 `module declares its path as: {to} but was required as: {from}`。请使用 {fixed}@{version}。',
      movedNoReleases:
        '`go {verb} {pkg}@{version}` 会让构建失败：模块 {from} 的 go.mod 声明的路径是 {to}，go 命令拒绝旧路径并报 `module declares its path as: {to} but was required as: {from}`。请使用 {fixed}@{version}。',
      movedBack:
        '`go {verb} {pkg}@{version}` 会让构建失败：{version} 发布于模块迁到 {to}（{since}）之前，它的 go.mod 声明的是 {from}，go 命令会停在 `module declares its path as: {from} but was required as: {to}`。请使用 {fixed}@{version}，或 {since} 及之后的版本。',
      movedPin:
        '`go {verb} {pkg}@{version}` 会让构建失败：从 {since} 起，模块 {from} 的 go.mod 声明的路径是 {to}，go 命令拒绝旧路径并报 `module declares its path as: {to} but was required as: {from}`。请在 Go {required} 或更新的镜像中使用 {fixed}@{version}；对于这里的 Go {goMinor}，请安装 {pinPkg}@{pin}（能用它构建的最新版本）。',
      movedNoReleasesPin:
        '`go {verb} {pkg}@{version}` 会让构建失败：模块 {from} 的 go.mod 声明的路径是 {to}，go 命令拒绝旧路径并报 `module declares its path as: {to} but was required as: {from}`。请在 Go {required} 或更新的镜像中使用 {fixed}@{version}；对于这里的 Go {goMinor}，请安装 {pinPkg}@{pin}（能用它构建的最新版本）。',
      movedBackPin:
        '`go {verb} {pkg}@{version}` 会让构建失败：{version} 发布于模块迁到 {to}（{since}）之前，它的 go.mod 声明的是 {from}，go 命令会停在 `module declares its path as: {from} but was required as: {to}`。请使用 {since} 及之后的版本，或在 Go {required} 或更新的镜像中使用 {fixed}@{version}；对于这里的 Go {goMinor}，请安装 {pinPkg}@{pin}（能用它构建的最新版本）。',
      tooNew:
        '`go {verb} {pkg}@{version}` 需要 Go {required}：{module} {release} 的 go.mod 写的是 `go {required}`，而 `{image}` 运行的是 Go {running}，且设置了 GOTOOLCHAIN=local，所以构建会停在 `go: {pkg}@{version}: {module}@{release} requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`。请使用 golang:{needImage} 或更新的镜像。',
      tooNewPin:
        '`go {verb} {pkg}@{version}` 需要 Go {required}：{module} {release} 的 go.mod 写的是 `go {required}`，而 `{image}` 运行的是 Go {running}，且设置了 GOTOOLCHAIN=local，所以构建会停在 `go: {pkg}@{version}: {module}@{release} requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`。请安装 {pinPkg}@{pin}（能用 Go {goMinor} 构建的最新版本），或使用 golang:{needImage} 或更新的镜像。',
      latestTooNew:
        '`go {verb} {pkg}@latest` 需要 Go {required} 或更新：截至 {asOf}，{module} 的最新版本 {release} 的 go.mod 写的是 `go {required}`（之后的版本只会要求同样新或更新的 Go），而 `{image}` 运行的是 Go {running}，且设置了 GOTOOLCHAIN=local，所以构建会停在 `go: {pkg}@latest: {module}@{release} requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`。请使用 golang:{needImage} 或更新的镜像。',
      latestTooNewPin:
        '`go {verb} {pkg}@latest` 需要 Go {required} 或更新：截至 {asOf}，{module} 的最新版本 {release} 的 go.mod 写的是 `go {required}`（之后的版本只会要求同样新或更新的 Go），而 `{image}` 运行的是 Go {running}，且设置了 GOTOOLCHAIN=local，所以构建会停在 `go: {pkg}@latest: {module}@{release} requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`。请安装 {pinPkg}@{pin}（能用 Go {goMinor} 构建的最新版本），或使用 golang:{needImage} 或更新的镜像。',
    },
    fixTitles: { usePath: '安装 {pkg}@{version}', pin: '安装 {pkg}@{version}（可用 Go {go} 构建）' },
    docs: {
      what: '在 golang 镜像阶段的 RUN 中，找出不可能成功的 `go install <包>@<版本>`（以及 `go run <包>@<版本>`）：包所在的模块已迁到别的路径（air：github.com/cosmtrek/air → github.com/air-verse/air；Delve：github.com/derekparker/delve → github.com/go-delve/delve；golint：github.com/golang/lint → golang.org/x/lint；sqlc：github.com/kyleconroy/sqlc → github.com/sqlc-dev/sqlc），而所要的版本声明的是另一个路径；或者所要的版本（`@latest` 即最新版本）在 go.mod 中写了 `go 1.N`，而镜像运行的是更旧的 Go 且 GOTOOLCHAIN=local。',
      why: '开发镜像常用 `go install tool@latest` 安装文件监视器和调试器，同一行可以用上几个月，直到工具迁移了路径或提高了 Go 版本要求。迁移后的模块仍保留旧的仓库地址（GitHub 会重定向），于是 go 命令下载到新代码，读到声明新路径的 go.mod 后就停止。go.mod 要求更新 Go 的版本无法由旧的工具链构建：官方 golang 镜像（从 1.21 起）设置了 GOTOOLCHAIN=local，go 命令会直接拒绝，而不是下载更新的 Go。这两种失败都来自 Dockerfile 写好之后才发布的版本：镜像昨天还能构建，今天就不行了。',
      fixes: '对于迁移了路径的模块：改用该版本所声明的路径下的包，版本不变（若该版本需要比镜像更新的 Go，则改为镜像能构建的最新版本）。对于对镜像来说太新的版本：改为镜像的 Go 能构建的该工具的最新版本（使用该版本声明的模块路径），前提是表中有这样的版本；否则由消息给出应使用的 golang 镜像。',
      notFlagged: [
        '用变量写的版本、伪版本和分支名（对未迁移的工具而言），以及表中没有列出的版本。',
        '镜像不是官方 golang 镜像的阶段（Go 版本未知）、Go 1.16 之前的 golang 镜像，以及 GO111MODULE=off。',
        '镜像的 Go 早于 1.21.2（没有 GOTOOLCHAIN=local：这样的 Go 仍可能构建该工具）、golang 标签未固定版本（即最新的 Go），或 GOTOOLCHAIN 允许 go 命令获取更新的 Go（`auto`、`path`、足够新的 `goX.Y.Z`）时，对太新版本不报告。',
        '由 `make` 或脚本运行的 go 命令（只读取 RUN 这一行自己的 go 命令），以及 `go get`：见 DGT107。',
      ],
    },
  },
  DGT108: {
    title: '在 /go/src 下构建模块（GOPATH 目录结构）',
    messages: {
      gopath:
        '`WORKDIR {dir}` 是 GOPATH 目录结构（$GOPATH/src/<导入路径>）。有了 {gomod}，构建运行在模块模式下，这个目录没有任何意义；它能用，但这是 GOPATH 时代的习惯，容易招来 GO111MODULE=off 和 `go get` 之类的写法。用 /src 这样的普通目录更清楚。',
    },
    related: { goMod: '模块的 go.mod。' },
    docs: {
      what: '在 Linux 构建阶段中找出位于 /go/src 之下的 WORKDIR（例如 /go/src/github.com/acme/api 或 /go/src/app），且模块的 go.mod 被复制到该目录或其上层。',
      why: '在 Go 模块出现之前，代码必须放在 $GOPATH/src/<导入路径> 下，Dockerfile 也是这样写的。带 go.mod 的模块放在哪里都能构建；保留 GOPATH 路径本身无害，但会暗示那些已经不再适用的 GOPATH 时代设置（GO111MODULE=off、用 `go get` 安装工具）。这是提示信息，不是错误。',
      notFlagged: [
        'WORKDIR /go/src 本身，以及模块没有来自构建上下文的 go.mod 的目录（在 Dockerfile 中获取的 GOPATH 时代源码）。',
        'Windows 构建阶段，以及带 `# escape=` 指令的文件。',
      ],
    },
  },
  DGT109: {
    title: 'Dockerfile 中的 `go mod init`',
    messages: {
      notReached:
        '`go mod init` 在 {dir} 中新建了一个空的 go.mod，但项目里已经有 {gomod}：它的模块路径、Go 版本和固定的依赖版本都丢了，`go mod tidy` 会选今天最新的版本。真正的 go.mod 没有到达 {dir}：请检查 WORKDIR 和 COPY（`COPY go.mod go.sum ./`）。',
      excluded:
        '`go mod init` 在 {dir} 中新建了一个空的 go.mod，因为 .dockerignore 排除了 {gomod}（`{pattern}`）：它的模块路径、Go 版本和固定的依赖版本都丢了。请改为不再排除它。',
      outside:
        '`go mod init` 在 {dir} 中新建了一个空的 go.mod，因为 {gomod} 在构建上下文 `{context}` 之外：它的模块路径、Go 版本和固定的依赖版本都丢了。请改为从模块所在目录构建（上下文 `{moduleDir}`）。',
      noGoMod:
        'Dockerfile 中的 `go mod init` 每次构建都会生成一个一次性的模块：没有 go.sum，没有固定的版本，`go mod tidy` 会选今天最新的版本。请在项目中运行一次 `go mod init` 和 `go mod tidy`，提交 go.mod 和 go.sum，再复制它们。',
    },
    related: { excluded: '这个模式把 go.mod 排除在构建上下文之外。', goMod: '项目的 go.mod。' },
    docs: {
      what: '在编译项目自身源码（从构建上下文复制）的构建阶段中找出 `RUN go mod init`。',
      why: 'Dockerfile 中的 `go mod init` 几乎总是为了绕过 `go: go.mod file not found`。真正的原因是项目的 go.mod 没有进入构建——构建上下文深了一层、WORKDIR 与 COPY 的目标不一致，或者 .dockerignore 排除了它——或者项目根本没有提交 go.mod。生成的模块路径不同、没有固定版本也没有 go.sum，构建无法复现。',
      notFlagged: [
        '在 `go mod init` 之前获取源码（git clone、curl、wget、tar）的构建阶段：那是别人的模块。',
        '没有从构建上下文复制任何内容的构建阶段。',
      ],
    },
  },
  DGT110: {
    title: 'go.mod 被复制进 GOPATH（/go）',
    messages: {
      gopath:
        '因为没有设置 WORKDIR，这个 COPY 把 go.mod 放进了 {gopath}，也就是 golang 镜像的默认目录和 GOPATH。Go {running} 拒绝在那里使用模块：`go: $GOPATH/go.mod exists but should not`。请先设置 WORKDIR，例如 `WORKDIR /src`。',
      warning:
        '因为没有设置 WORKDIR，这个 COPY 把 go.mod 放进了 {gopath}，也就是 golang 镜像的默认目录和 GOPATH。之后每个 go 命令都会打印 `go: warning: ignoring go.mod in $GOPATH {gopath}`（Go 1.13–1.16 会直接报 `$GOPATH/go.mod exists but should not`），项目的目录也会和 GOPATH 自己的目录（pkg/mod、bin）混在一起。请先设置 WORKDIR，例如 `WORKDIR /src`。',
    },
    fixTitles: { workdir: '在 COPY 之前设置 WORKDIR /src' },
    docs: {
      what: '在没有设置 WORKDIR 时，找出把 go.mod 带进 /go（golang 镜像的工作目录和 GOPATH）的 COPY/ADD，且之后有 go 命令在那里运行。',
      why: 'golang 镜像从 /go 开始，而 /go 同时也是 $GOPATH。因此没有 WORKDIR 的 `COPY . .` 会生成 /go/go.mod。Go 1.13 到 1.16 对以 GOPATH 为根的模块的每个命令（包括 `go mod download`）都会拒绝；之后的版本每个命令都打印警告但仍然构建，项目的目录会混进 GOPATH 的目录（pkg/mod、bin）。',
      fixes: '在该 COPY 之前插入 `WORKDIR /src`（使用文件自己的换行符）。只有当没有任何构建输出依赖原来的工作目录时（相对的 `-o` 或没有 `-o` 会让输出从 /go 移到 /src，后面的 `COPY --from` 就找不到了），“全部修复”才会应用它。',
      notFlagged: [
        '复制到明确目录（`COPY . /app`）或在 WORKDIR 之后的复制，以及用 ENV 修改了 GOPATH 的构建阶段——在复制之前，或者在复制之后、go 命令之前（`ENV GOPATH=""` 会让它变成 $HOME/go）。',
        'Windows 构建阶段以及带 `# escape=` 指令的文件（那里的 GOPATH 是 C:\\go）。',
      ],
    },
  },
  DGT111: {
    title: '镜像中没有 go.mod 就运行 `go build`',
    messages: {
      notCopied:
        '这个 `go {verb}` 在 {dir} 中运行，但那里及其上层都没有复制 go.mod（{gomod} 留在了镜像之外），而 {file} 导入了 `{pkg}`。构建会停在 `no required module provides package {pkg}; go.mod file not found in current directory or any parent directory`（旧版 Go：`go: cannot find main module`）。请先复制 go.mod 和 go.sum。',
      outsideContext:
        '这个 `go {verb}` 在没有 go.mod 的 {dir} 中运行，而 {file} 导入了 `{pkg}`：`no required module provides package {pkg}; go.mod file not found in current directory or any parent directory`。模块的 {gomod} 在构建上下文 `{context}` 之外，任何 COPY 都拿不到它：请从模块所在目录构建。',
      noGoMod:
        '这个 `go {verb}` 在没有 go.mod 的 {dir} 中运行，而 {file} 导入了 `{pkg}`：`no required module provides package {pkg}; go.mod file not found in current directory or any parent directory`。项目没有 go.mod：请在项目中运行 `go mod init` 和 `go mod tidy`，并提交 go.mod 和 go.sum。',
      notCopiedPackage:
        '这个 `go {verb}` 在 {dir} 中构建包 `{target}`，但那里及其上层都没有复制 go.mod（{gomod} 留在了镜像之外）。指定包（而不是 .go 文件）需要主模块，即使 {file} 只导入标准库也一样：构建会停在 `go: go.mod file not found in current directory or any parent directory; see \'go help modules\'`。请先复制 go.mod。',
      outsideContextPackage:
        '这个 `go {verb}` 在没有 go.mod 的 {dir} 中构建包 `{target}`：指定包（而不是 .go 文件）需要主模块，即使 {file} 只导入标准库也一样，所以它停在 `go: go.mod file not found in current directory or any parent directory; see \'go help modules\'`。模块的 {gomod} 在构建上下文 `{context}` 之外：请从模块所在目录构建。',
      noGoModPackage:
        '这个 `go {verb}` 在 {dir} 中构建包 `{target}`，而项目中任何地方都没有 go.mod：指定包（而不是 .go 文件）需要主模块，即使 {file} 只导入标准库也一样，所以它停在 `go: go.mod file not found in current directory or any parent directory; see \'go help modules\'`。请在项目中运行 `go mod init` 并提交 go.mod，或者直接构建文件：`go {verb} {file}`。',
    },
    fixTitles: { copyGoMod: '构建前先复制 {gomod}', copyGoModSum: '构建前先复制 {gomod} 和 go.sum' },
    related: { goMod: '模块的 go.mod。' },
    docs: {
      what: '在 golang 构建阶段中找出从未得到 go.mod（没有 COPY go.mod、`.` 或包含它的目录）的 `go build`/`go install`/`go run`：main 包导入了标准库以外的包，或者命令指定的是包（`.`、`./cmd/api`）而不是 .go 文件。',
      why: '从 Go 1.16 起 go 命令工作在模块模式：没有 go.mod 就无法解析任何第三方导入。只把 `*.go` 或 main.go 复制进镜像是最典型的原因；构建上下文是模块的子目录也是。',
      fixes: '当 go.mod 位于被复制到构建目录的那个文件夹中时，在 RUN 之前插入 `COPY go.mod go.sum ./`（只有 go.sum 存在时才包含它）。',
      notFlagged: [
        '只导入标准库、并且通过指定 .go 文件构建的 main 包（没有 go.mod 时 `go build main.go` 也能工作；`go build .` 不行）。',
        '可能通过其他途径得到 go.mod 的构建阶段：COPY --from、ADD 压缩包或 URL、RUN --mount=type=bind、git clone、curl、wget、`go mod init`、go.work。',
        '被 .dockerignore 排除的 go.mod（由 DGT112 在原因处报告）、GO111MODULE=off、1.16 之前的 golang 镜像，以及 golang 以外的镜像。',
        '明确 COPY 了 go.mod 但文件缺失（那个 COPY 会先失败），以及不在 git 工作树中的缺失 go.mod（项目的部分拷贝说明不了什么）。',
      ],
    },
  },
  DGT112: {
    title: '.dockerignore 把 go.mod、go.sum 或 main 包排除在构建之外',
    messages: {
      goMod:
        '这个 `go {verb}` 在 {dir} 中找不到 go.mod：{ignore} 中的 `{pattern}` 把 {file} 排除在构建上下文之外，所以 `COPY` 跳过了它，命令停在 `go: go.mod file not found in current directory or any parent directory; see \'go help modules\'`。',
      goSum:
        '这个 `go {verb}` 有 go.mod 却没有 go.sum：{ignore} 中的 `{pattern}` 把 {file} 排除在构建上下文之外，所以构建停在 `missing go.sum entry for module providing package ...; to add: go mod download ...`。',
      mainDir:
        '这个 `go {verb}` 构建 {dir}，但 {ignore} 中的 `{pattern}` 把 {file} 排除在构建上下文之外，所以镜像中这个包没有 Go 文件（`no Go files in {dir}`，或 `stat {dir}: directory not found`）。',
    },
    fixTitles: { remove: '从 .dockerignore 中删除 `{pattern}`', reinclude: '在 .dockerignore 中重新包含 {path}（!{path}）' },
    related: { excludes: '这个模式把 {path} 排除在构建上下文之外。' },
    docs: {
      what: '找出因为构建的 .dockerignore（或 `<Dockerfile>.dockerignore`）把 go.mod、go.sum 或所编译 main 包的源码从 `COPY . .` 这类目录复制中排除而失败的 `go build`/`go mod download` 等命令。',
      why: '`*.mod`、`*.sum`、`cmd/` 或 `**/*.go` 这样的 .dockerignore 规则（常常是从别的项目抄来的，或本来是给别的目录写的）会悄悄地从每个 `COPY . .` 中去掉文件。构建随后在远离原因的地方失败，报的是 go.mod 或缺少 Go 文件。',
      fixes: '从 .dockerignore 中删除排除它的规则；如果该规则是通配全部的规则（`*`，白名单写法），或删除后仍有别的规则排除该文件，则在末尾追加 `!路径` 重新包含它。',
      appliesTo: 'Dockerfile（诊断标在 go 命令上并指向 .dockerignore 中的那一行；修复会编辑 .dockerignore）',
      notFlagged: [
        '有自己单独 COPY 的文件（`COPY go.sum ./`）：那个 COPY 会先以自己的错误失败。',
        '模块没有依赖、有 vendor 目录，或先运行了会重写 go.sum 的 `go mod download`/`go mod tidy`/`-mod=mod` 时的 go.sum。',
        '排除 `.git`、`vendor`、测试或文档的 .dockerignore。',
      ],
    },
  },
  DGT113: {
    title: '.dockerignore 把残缺的 .git 带进了 Go 构建',
    messages: {
      partial:
        '这个 `go {verb}` 会写入版本控制信息（Go 1.18+），{dir} 中有 `.git` 目录，但 {ignore} 中的 `{pattern}` 把其中的 {missing} 排除了。git 读不了这个仓库，构建停在 `error obtaining VCS status: exit status 128 ... Use -buildvcs=false to disable VCS stamping.`。请加上 -buildvcs=false，或者完整地排除 `.git`。',
    },
    fixTitles: { buildvcs: '使用 -buildvcs=false 构建', excludeGit: '在 .dockerignore 中完整排除 .git' },
    related: { partialGit: '这个模式把 .git 的一部分排除在构建上下文之外。' },
    docs: {
      what: '找出会写入 VCS 信息（Go 1.18 及以上、没有 `-buildvcs=false`）的 `go build`/`go install`，其目录从构建上下文得到了 `.git`，而 .dockerignore 只排除了 `.git` 的一部分（objects、refs 或 HEAD）。',
      why: '从 Go 1.18 起，`go build` 发现 `.git` 目录时会运行 `git status`，把提交信息写进二进制。为了缩小上下文而裁剪 `.git` 的 .dockerignore（`.git/objects`，或 `.git` 加 `!.git/HEAD`）会留下一个 git 打不开的仓库，构建因此失败。完整排除 `.git` 没有问题：Go 找不到仓库就会跳过写入。',
      fixes: '给 go 命令加上 `-buildvcs=false`（首选），或在 .dockerignore 末尾追加 `.git`，把整个目录排除在外。',
      appliesTo: 'Dockerfile（诊断标在 go 命令上并指向 .dockerignore 中的那一行）',
      notFlagged: [
        '完整排除 `.git`（常见且正确的写法）或完全不排除的 .dockerignore。',
        '命令或 GOFLAGS 中有 `-buildvcs=false`、1.18 之前的 golang 镜像，以及 golang 以外的镜像。',
      ],
    },
  },
};
