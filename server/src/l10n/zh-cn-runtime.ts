/**
 * Simplified Chinese texts of the rules about containers that build but do not run as they should
 * (health checks with missing tools, exposed ports, CPU architectures, volumes, addresses, files the
 * program reads, inputs a fresh clone lacks). Spread into the `rules` of zh-cn.ts; same conventions:
 * error texts in backticks stay as they are.
 */
import type { RuleTranslation } from './index';

const UNHEALTHY = '容器会一直处于 `unhealthy` 状态，等待它的服务（`depends_on: condition: service_healthy`）永远不会启动';
const UNHEALTHY_SERVICE = '服务会一直处于 `unhealthy` 状态，等待它的服务（`condition: service_healthy`）永远不会启动';

export const ZH_CN_RUNTIME: Record<string, RuleTranslation> = {
  DGT149: {
    title: 'HEALTHCHECK 调用了镜像中没有的程序',
    messages: {
      busybox: '`{image}` 中没有 `{tool}`，所以这个健康检查每次都会以 `{error}` 失败：' + UNHEALTHY + '。镜像里有 busybox 的 `wget`：`{wget}`。',
      install: '`{image}` 中没有 `{tool}`，所以这个健康检查每次都会以 `{error}` 失败：' + UNHEALTHY + '。请在镜像中安装它（`{install}`），或者让 Go 程序自己检查健康状态。',
      noTools:
        '`{image}` 中除了你复制进去的程序之外什么都没有，所以这个健康检查每次都会以 `{error}` 失败：' + UNHEALTHY + '。请让 Go 程序自己检查健康状态：`HEALTHCHECK CMD ["{binary}", "-healthcheck"]`，并在程序中加一个 `-healthcheck` 参数（规则页面上有 Go 代码）。',
      other: '`{image}` 中没有 `{tool}`，所以这个健康检查每次都会以 `{error}` 失败：' + UNHEALTHY + '。请调用镜像中有的程序，或者让 Go 程序自己检查健康状态。',
      healthMode: '`{image}` 中没有 `{tool}`，所以这个健康检查每次都会以 `{error}` 失败：' + UNHEALTHY + '。Go 程序自带健康检查：`HEALTHCHECK CMD {exec}`。',
    },
    fixTitles: {
      useWget: '改用 busybox 的 wget：{wget}',
      installTool: '在镜像中安装 {tool}：RUN {install}',
      useHealthMode: '让程序自己检查：HEALTHCHECK CMD {exec}',
    },
    related: { finalImage: '镜像基于 {image}。', healthMode: '程序的健康检查模式（{arg}）。' },
    docs: {
      what: '找出命令调用了镜像中没有的 `curl`、`wget`、`bash`、`sh` 或 `nc` 的 HEALTHCHECK：scratch 和 distroless 里没有任何程序；alpine 和 busybox 有 busybox 的 `wget`，但没有 `curl`；debian 和 ubuntu 镜像既没有 `curl` 也没有 `wget`，除非某个 RUN 安装了它们。',
      why: 'Docker 每隔一段时间就在容器里运行一次检查。缺少程序时，检查失败的样子和服务器挂掉一模一样，所以容器会永远被报告为 `unhealthy`：`docker compose up --wait` 会超时，带 `depends_on: condition: service_healthy` 的服务永远不会启动，Swarm 或 ECS 会一遍又一遍地替换任务。镜像能构建，服务器本身也运行正常，所以原因往往很晚才被发现。',
      fixes:
        '镜像中有 busybox 时（alpine、busybox、distroless `:debug`），简单的 `curl -f URL` 会改成 `wget -qO- URL`。有包管理工具时（alpine、debian、ubuntu），第二个修复会在健康检查之前（在切换到非 root 的 USER 之前）用 RUN 安装该程序。scratch 和 distroless 只能让程序自己检查：如果源代码中有健康检查模式（`-healthcheck` 参数、`os.Args[1] == "healthcheck"` 判断、cobra 子命令），修复会用 exec 形式调用 Go 二进制文件的这个模式；否则消息会说明需要加什么（代码片段“Go main for a container”带有这样的参数）。',
      notFlagged: [
        '镜像通过包安装、COPY（busybox、静态编译的 curl）或我们看不透的 RUN（脚本、`make`、归档）得到的程序，以及事实表不认识的基础镜像。',
        '没有 shell 的镜像（scratch、distroless）中的 shell 形式健康检查：由 DGT122 shell-form-without-shell 报告。',
        '通过路径调用 Go 程序或其他程序的健康检查、`HEALTHCHECK NONE`、Windows 阶段以及带 `# escape=` 指令的文件。',
      ],
    },
  },
  DGT231: {
    title: 'compose 健康检查调用了镜像中没有的程序',
    messages: {
      busybox: '`{service}` 的镜像（{image}）中没有 `{tool}`，所以这个健康检查每次都会以 `{error}` 失败：' + UNHEALTHY_SERVICE + '。镜像里有 busybox 的 `wget`：`{wget}`。',
      other: '`{service}` 的镜像（{image}）中没有 `{tool}`，所以这个健康检查每次都会以 `{error}` 失败：' + UNHEALTHY_SERVICE + '。请在镜像中安装它、调用镜像中有的程序，或者让 Go 程序自己检查健康状态。',
      noTools:
        '`{service}` 的镜像（{image}）中除了复制进去的程序之外什么都没有，所以这个健康检查每次都会以 `{error}` 失败：' + UNHEALTHY_SERVICE + '。请让 Go 程序自己检查健康状态：`["CMD", "{binary}", "-healthcheck"]`，并在程序中加一个 `-healthcheck` 参数（规则页面上有 Go 代码）。',
      noShell:
        '`{service}` 的镜像（{image}）中没有 shell，而字符串形式或 `CMD-SHELL` 的检查会运行 `/bin/sh -c`：它每次都会以 `exec: "/bin/sh": stat /bin/sh: no such file or directory` 失败，' + UNHEALTHY_SERVICE + '。请使用 exec 形式 `["CMD", ...]`，调用镜像中有的程序。',
      healthMode: '`{service}` 的镜像（{image}）中没有 `{tool}`，所以这个健康检查每次都会以 `{error}` 失败：' + UNHEALTHY_SERVICE + '。Go 程序自带健康检查：`{exec}`。',
    },
    fixTitles: { useWget: '改用 busybox 的 wget：{wget}', useHealthMode: '让程序自己检查：{exec}' },
    related: { image: '`{service}` 的镜像基于 {image}。', healthMode: '程序的健康检查模式（{arg}）。' },
    docs: {
      what: '找出调用了服务镜像中没有的 `curl`、`wget`、`bash`、`sh` 或 `nc` 的 compose `healthcheck.test`，以及镜像根本没有 shell 时 shell 形式的检查（字符串或 `CMD-SHELL`）。镜像是服务自己构建的那个（其 Dockerfile 的最终阶段，以及它安装的内容），或事实表认识的基础镜像。',
      why: 'Compose 在容器内运行检查。缺少程序时，检查失败的样子和服务器挂掉一样，所以服务会永远是 `unhealthy`：`docker compose up --wait` 会超时，所有对它设置了 `depends_on: condition: service_healthy` 的服务都不会启动（`dependency failed to start`）。最需要健康检查的 Go 镜像——scratch 和 distroless——恰恰没有 curl、没有 wget，也没有 shell。',
      fixes: '镜像中有 busybox 时（alpine、busybox、distroless `:debug`），简单的 `curl -f URL` 会改成 `wget -qO- URL`。当服务的 Go 程序有健康检查模式（`-healthcheck` 参数、`os.Args[1] == "healthcheck"` 判断、cobra 子命令）时，修复会以 exec 形式调用它。',
      notFlagged: [
        '镜像通过包安装、COPY 或我们看不透的 RUN 得到的程序，以及事实表不认识的镜像（`image: myorg/api`）。',
        '`["NONE"]`、`disable: true`、带变量的检查，以及通过路径调用 Go 程序或其他程序的检查。',
      ],
    },
  },
  DGT150: {
    title: 'EXPOSE 的端口不是 Go 程序监听的端口',
    messages: {
      mismatch:
        '`EXPOSE {port}` 表示容器在端口 {port} 上提供服务，但其中的 Go 程序监听的是 {listens}。`docker run -P`、Docker Desktop 的端口链接，以及按暴露端口路由的代理（Traefik 会使用容器唯一暴露的端口）都会指向一个没有任何程序应答的端口：`curl: (56) Recv failure: Connection reset by peer` 或 `Bad Gateway`。请暴露它实际监听的端口（{fixed}）。',
    },
    fixTitles: { expose: '暴露端口 {port}' },
    related: { listen: '{api} 在这里监听 {addr}。' },
    docs: {
      what: '找出最终镜像中 `EXPOSE` 的端口不是其 Go 程序监听的任何一个端口的情况——以代码中的监听地址为准，并应用 Dockerfile 的 `ENV`（代码读取的 PORT 之类的变量）以及 ENTRYPOINT/CMD 的参数。',
      why: 'EXPOSE 本身什么都不改变，但很多工具会读取它：`docker run -P` 发布暴露的端口，Docker Desktop 为它们生成链接，Traefik 把请求路由到容器唯一暴露的端口，人们也会照着 Dockerfile 写 `-p 3000:3000`。当代码监听 :8080 而 Dockerfile 写的是 3000 时，它们全都指向一个没有应答的端口，于是大家会去网络里找毛病。',
      fixes: '当程序只监听一个端口且该端口尚未被暴露时，把暴露的端口替换为它实际监听的端口。',
      notFlagged: [
        'Go 程序的监听地址并非全部已知的镜像（从配置文件读取、运行时计算、在其他包中启动，或者 go-micro、go-zero、Kitex、Dubbo、Dapr、GoFrame、Beego 这类从自己的参数、环境变量或配置文件取地址的服务器）、主包以数字形式写出的端口（交给其他包启动的服务器的默认值），以及由某个变量或参数设置、而镜像的 compose 服务会传入该变量或参数的端口（此时由 DGT209 比较 compose 的端口映射）。',
        'ENTRYPOINT 或 CMD 中提到的端口（例如调试器的 `--listen=:2345`），或它运行的构建上下文中的脚本提到的端口、UDP 端口以及由变量给出的端口。',
        'Windows 镜像和带 `# escape=` 指令的文件。',
      ],
    },
  },
  DGT151: {
    title: 'Go 二进制的 CPU 架构与镜像不同',
    messages: {
      goarch:
        '这条 `go {verb}` 为 {goarch} 构建（`{setting}`），但它所进入的镜像是为 `{platform}` 构建的（{where}）：二进制在那里无法运行，容器会立刻以 `exec {exe}: exec format error` 退出。请用 GOARCH={want} 构建，或者声明 `ARG TARGETARCH` 并用 `GOARCH=$TARGETARCH` 构建。',
      builder:
        '这条 `go {verb}` 没有设置 GOARCH，所以它按自己所在阶段的 CPU 构建，而该阶段被固定在 `{builderPlatform}`；它所进入的镜像是为 `{platform}` 构建的（{where}）：容器会立刻以 `exec {exe}: exec format error` 退出。请用 GOARCH={want} 构建，或者声明 `ARG TARGETARCH` 并用 `GOARCH=$TARGETARCH` 构建。',
      host:
        '这里复制的 `{exe}` 由 {script} 在 `docker build` 之前于主机上以 `{setting}` 构建，但镜像是为 `{platform}` 构建的（{where}）：二进制在那里无法运行，容器会立刻以 `exec {exe}: exec format error` 退出。请用 GOARCH={want} 构建它，或者在 Dockerfile 中用 `GOARCH=$TARGETARCH` 构建。',
      releaser:
        'goreleaser（{config}）以 `--platform={platform}` 构建这个镜像，但它的 `dockers` 条目放进去的是为 {goarch} 构建的二进制（{setting}）：容器会立刻以 `exec {exe}: exec format error` 退出。请在该条目中设置 `goarch: {want}`。',
      hostMulti:
        '这里复制的 `{exe}` 由 {script} 在主机上以 `{setting}` 只构建一次，而 `docker build` 为 `{platforms}` 构建镜像：`{other}` 镜像拿到的是同一个 {goarch} 二进制，会立刻以 `exec {exe}: exec format error` 退出。请在 Dockerfile 中构建二进制（`FROM --platform=$BUILDPLATFORM`、`GOOS=$TARGETOS GOARCH=$TARGETARCH`），或者为每个平台各构建一个二进制。',
    },
    fixTitles: { setGoarch: '用 GOARCH={want} 构建', setHostGoarch: '在 {script} 中用 GOARCH={want} 构建', setReleaserGoarch: '在 {config} 中设置 goarch: {want}' },
    related: { platform: '镜像在这里被指定为 {platform} 平台。', hostBuild: '二进制在这里构建。', releaserEntry: '构建这个镜像的 goreleaser 条目。' },
    docs: {
      what: '找出二进制最终进入了为另一种 CPU 构建的镜像的 `go build`：与最终阶段的字面 `--platform` 或构建它的 compose 服务的 `platform:` 不同的字面 GOARCH（内联、ENV、ARG 默认值、`go env -w`），以及固定在某个字面平台、又没有设置 GOARCH 的构建阶段为固定在另一个平台的镜像提供二进制的情况。也包括 Makefile 目标或脚本在主机上以字面 GOARCH 构建、再由 `docker build` 复制进去的二进制，而镜像是为另一种 CPU 构建的——由它的 FROM、compose，或该 `docker build` 的 `--platform` 决定（有多个平台时，除一个以外都会拿到错误的二进制）。还包括 goreleaser 的 `dockers` 条目：它的 `build_flag_templates` 为一种 CPU 构建镜像（`--platform=linux/arm64`），而它的 `goarch`（未设置时为 amd64）选中的是另一种 CPU 的二进制。',
      why: 'Go 严格按照指示交叉编译：`GOARCH=amd64` 无论镜像是什么都会生成 x86-64 二进制。Docker 会毫无怨言地把它复制进 arm64 镜像——复制字节不需要 CPU——只有容器会失败，而错误看起来像是文件坏了。这种情况常见于从在另一台机器上写的教程里复制粘贴，或部署目标换成 ARM（Graviton、Ampere、Apple 芯片）的时候。',
      fixes: '把 GOARCH 设为镜像的架构——改在内联赋值、设置它的 ENV 或 ARG 中；没有任何地方设置时，在 `go` 之前加上新的 `GOARCH=<架构>`；对于主机上的构建，修改脚本写下的值。多平台构建不提供修复：一个二进制无法满足所有平台。',
      notFlagged: [
        '来自变量的 GOARCH（`$TARGETARCH`：由 DGT152 cross-build-arch 检查它们的声明方式），以及没有字面平台的镜像（为构建它的那台机器构建）。',
        'RUN 通过 make 或脚本运行的 go 构建（不读取它们的环境）、没有进入最终镜像的二进制，以及 Windows 镜像（DGT104 binary-os-mismatch 比较操作系统）。',
        '没有字面 GOARCH 的主机构建（它们和镜像一样，为运行它们的机器构建），以及哪里都没有字面平台的镜像。',
        'Dockerfile 自己编译程序并把它复制进来（`COPY --from=build`）、而不是使用 goreleaser 放进上下文的二进制的 goreleaser 镜像。',
      ],
    },
  },
  DGT152: {
    title: '跨平台构建为错误的 CPU 编译',
    messages: {
      noGoarch:
        '这个构建阶段运行在构建机器的平台上（`--platform=$BUILDPLATFORM`），而这条 `go {verb}` 没有设置 GOARCH，所以它为执行构建的机器编译，而不是为镜像编译：在 amd64 机器上执行 `docker buildx build --platform linux/arm64`（或在 Apple 芯片的 Mac 上构建 amd64 镜像）时，会把错误 CPU 的二进制放进镜像，容器会以 `exec {exe}: exec format error` 退出。请在该阶段声明 `ARG TARGETOS TARGETARCH`，并用 `GOOS=$TARGETOS GOARCH=$TARGETARCH` 构建。',
      argDefault:
        '`ARG {name}={value}` 给 BuildKit 的平台参数设了默认值，而默认值优先于 BuildKit 传入的值：这个阶段的每次构建都为 `{value}` 编译，所以为其他平台构建时（`--platform linux/arm64`，或在 Apple 芯片的 Mac 上）会把错误 CPU 的二进制放进镜像：`exec {exe}: exec format error`。请声明它而不带默认值：`ARG {name}`。',
      finalOnBuildPlatform:
        '镜像自己的阶段运行在构建机器的平台上（`--platform=$BUILDPLATFORM`），而它的程序是为目标平台交叉编译的（`{goarch}`）：为其他平台构建时（在 amd64 机器上执行 `docker buildx build --platform linux/arm64`，或在 Apple 芯片的 Mac 上构建 amd64 镜像），得到的镜像里程序是目标平台的，`{base}` 自带的程序——shell、脚本或健康检查要运行的工具——却是构建机器的：`exec /bin/sh: exec format error`。请让最终阶段在目标平台上构建：去掉它 FROM 中的 `--platform=$BUILDPLATFORM`。',
      undeclared:
        '`${name}` 在这里是空的：BuildKit 设置的平台参数是全局的，一个阶段只有在 `ARG {name}` 之后才能看到它。于是 {variable} 为空，go 会为运行这个构建阶段的机器编译（`--platform=$BUILDPLATFORM`），而不是为镜像编译：两者一旦不同就会出现 `exec {exe}: exec format error`。请在该阶段加上 `ARG {name}`。',
    },
    fixTitles: {
      crossCompile: '为目标平台构建：ARG TARGETOS TARGETARCH 和 {env}',
      dropDefault: '声明它而不带默认值：ARG {name}',
      declare: '在该阶段声明它：ARG {names}',
      targetPlatform: '让最终阶段在目标平台上构建：去掉 --platform={platform}',
    },
    docs: {
      what: '找出出了错的交叉编译写法：运行在 `--platform=$BUILDPLATFORM` 上、`go build` 却没有设置 GOARCH 的构建阶段；在 go 构建会读取它的阶段中带默认值的 `ARG TARGETARCH=amd64`（或 TARGETOS、TARGETPLATFORM）；在从未声明 `ARG TARGETARCH` 的 `$BUILDPLATFORM` 阶段的 go 构建中使用的 `$TARGETARCH`/`$TARGETOS`；以及运行在 `--platform=$BUILDPLATFORM` 上、基于自带程序的镜像（alpine、debian）、却接收用 `GOARCH=$TARGETARCH` 交叉编译的二进制的最终阶段。',
      why: '运行在 `$BUILDPLATFORM` 上的构建阶段会在构建机器上原生运行——快，不需要模拟——但必须告诉它目标平台：`GOARCH=$TARGETARCH`。漏掉它，二进制就是为构建机器编译的，只有构建机器和服务器的 CPU 相同时才正确：在 Apple 芯片的 Mac 上为 amd64 服务器构建，或进行多平台的 `buildx` 构建，都会发布一个无法启动的镜像。给 `ARG TARGETARCH` 设默认值会把同样的错误固定下来（BuildKit 的值只会填入没有默认值的 ARG），而未声明的 `$TARGETARCH` 在阶段内是空的。',
      fixes: '对没有 GOARCH 的构建阶段：在其 FROM 之后加上 `ARG TARGETOS TARGETARCH`（缺少的那些名字），并在 `go` 之前加上 `GOOS=$TARGETOS GOARCH=$TARGETARCH`（已经设置了 GOOS 时只加 GOARCH）。对默认值：去掉默认值的 ARG。对未声明的参数：在 RUN 之前加上 `ARG <名字>`。对运行在构建平台上的最终阶段：去掉它的 `--platform=$BUILDPLATFORM`。',
      notFlagged: [
        '不运行在 `$BUILDPLATFORM` 上的构建阶段（它们运行在目标平台上，必要时通过模拟，所以默认的 GOARCH 是对的），以及最终阶段同样运行在 `$BUILDPLATFORM` 上、没有设置 GOARCH 的构建阶段（没有任何交叉构建）。基于 scratch 或 distroless/static（不带自己的程序）、或二进制不是交叉编译的、运行在 `$BUILDPLATFORM` 上的最终阶段。',
        '通过 make、脚本或 `xx-go` 运行的 go 构建（tonistiigi/xx 辅助工具会自己设置目标平台），以及字面设置的 GOARCH（由 DGT151 binary-arch-mismatch 与镜像平台比较）。',
        '没有任何 go 构建读取的 ARG 上的默认值、`ARG TARGETOS=linux`（这里说的都是 Linux 镜像），以及带 `# escape=` 指令的文件。',
      ],
    },
  },
  DGT233: {
    title: '镜像中的非 root 用户无法写入的卷',
    messages: {
      volume:
        '`{service}` 的 Go 程序要把 `{file}`（{api}）写进挂载在 `{target}` 的卷中，但它以 `{user}` 身份运行，而{why}：新建的卷会继承那个文件夹的属主——root，于是写入会以 `{error}` 失败。请在卷第一次使用之前，在镜像中为该用户创建这个文件夹（{hint}）。',
      bind:
        '`{service}` 的 Go 程序要把 `{file}`（{api}）写进 `{source}`，而全新克隆的仓库里没有这个文件夹：Docker 会创建它，属主是 root，而程序以 `{user}` 身份运行，所以在 Linux 主机上写入会以 `{error}` 失败（Docker Desktop 的文件共享允许任何用户写入）。请提交这个文件夹（放一个 `.gitkeep`）并把它交给该用户，或者改用由镜像准备好的具名卷。',
      bitnami:
        'Bitnami 镜像 `{image}` 以 uid {uid} 运行，把数据放在 `{persistence}`，而 `{source}` 被绑定挂载到那里：在 Linux 主机上（以及 WSL 的文件夹中），这个文件夹属于创建它的用户，或者在 Docker 创建它时属于 root，所以服务器无法写入数据：`{error}`。请改用具名卷（Docker 会让新卷继承镜像中的属主），或者在每台机器上把这个文件夹交给 uid {uid}（`sudo chown -R {uid}:{uid} {source}`）。',
    },
    fixTitles: {
      installDir: '在镜像中为 {user} 创建 {target}：RUN install -d {owner} {target}',
      copyDir: '在镜像中为 {user} 创建 {target}：用 COPY --chown={user} 复制一个空文件夹',
    },
    related: { write: '{api} 在这里写入 {file}。', made: '`{target}` 在这里被创建，属主是 root。' },
    docs: {
      what: '找出 compose 服务的 Go 程序会写入的具名卷（或全新克隆中没有其文件夹的绑定挂载）——`os.WriteFile`、`os.Create`、以写方式打开的 `os.OpenFile`、`os.MkdirAll`、sqlite 或 bolt 数据库文件、日志文件——而容器以非 root 用户运行（USER、compose 的 `user:`、distroless `:nonroot`、Bitnami 镜像的 uid 1001），镜像却没有为该用户创建这个文件夹。也包括绑定挂载到 Bitnami 镜像数据文件夹上的主机文件夹（`./pgdata:/bitnami/postgresql`），这些镜像以 uid 1001 运行——镜像名和绑定源通过项目的 `.env` 取值，数据文件夹按镜像自己的变量（`ETCD_DATA_DIR`）所移到的位置计算。',
      why: '新的具名卷会用镜像的内容初始化：它继承所挂载的那个文件夹的文件和属主。镜像中没有这个文件夹时，Docker 创建的挂载点属于 root；在 `USER app` 之前用 `RUN mkdir` 创建的文件夹，属主同样是 root。程序于是在那里连一个文件都创建不了。用 `docker run`（没有卷）或以 root 运行时一切正常，只有当镜像放弃 root 或 compose 加上卷之后才会失败——报错还来自程序深处。',
      fixes: '修改服务的 Dockerfile：在放弃 root 的 USER 之前加上 `RUN install -d -o <用户> -g <组> <路径>`；对于没有 shell 的镜像（scratch、distroless），在构建阶段创建一个空文件夹，再用 `COPY --chown=<uid>:<gid>` 复制进来。已经存在的卷会保留原来的属主：请重新创建它（`docker compose down -v`）。',
      notFlagged: [
        '以 root 运行的容器、为该用户创建了文件夹的镜像（`install -d -o`、`COPY --chown`、对它的 `chown` 或 `chmod`），以及镜像通过我们看不透的方式得到的文件夹。',
        'tmpfs 挂载（默认所有人可写）、仓库中已有文件夹的绑定挂载，以及服务设置的环境变量或参数可能改变的写入路径。',
        '程序在运行时拼出的路径，以及我们无法读取其包的程序。',
        '设置了 `user:` 的 Bitnami 服务（这些镜像接受任何 uid）、只读绑定、挂载进数据文件夹的单个文件，以及服务器不会写入的持久化文件夹子目录（`/bitnami/etcd/logs`：其下只有 `data` 会被写入）。',
      ],
    },
  },
  DGT309: {
    title: '镜像中的程序连接 localhost 上的数据库或缓存',
    messages: {
      dial: '{api} 连接 {target} 上的{what}，但在容器里 localhost 就是容器自己（`dial tcp {ip}:{port}: connect: connection refused`）：用 `docker run` 运行时，服务器在宿主机上或另一个容器里。请从环境变量读取地址，传入共享网络上数据库容器的名字；如果它运行在宿主机上，则传入 `host.docker.internal`（在 Linux 上还要加 `--add-host=host.docker.internal:host-gateway`，或在 compose 中加 `extra_hosts: ["host.docker.internal:host-gateway"]`）。',
      config: '{api} 读取 `{config}`，镜像从构建上下文中得到了这个文件，而它把{what}指向 `{value}`（`{key}`），但在容器里 localhost 就是容器自己（`dial tcp {ip}:{port}: connect: connection refused`）：用 `docker run` 运行时，服务器在宿主机上或另一个容器里。请从环境变量读取地址，传入共享网络上数据库容器的名字；如果它运行在宿主机上，则传入 `host.docker.internal`（在 Linux 上还要加 `--add-host=host.docker.internal:host-gateway`，或在 compose 中加 `extra_hosts: ["host.docker.internal:host-gateway"]`）。',
    },
    related: { connects: '{api} 在这里发起连接。', configLine: '{what}的地址（{key}）。' },
    docs: {
      what: '在由工作区某个 Dockerfile 构建、但没有任何 compose 服务运行的 Go 程序中，找出连接 `localhost`、`127.0.0.1` 或 `::1` 的数据库、缓存和消息队列连接——在代码中、作为 Dockerfile 没有设置的环境变量的默认值，或者在程序读取、镜像复制进去的配置文件（ini、yaml、json、toml、.env）中。',
      why: '同一个程序在本地数据库旁边用 `go run` 能运行，在容器里却失败，因为 localhost 就是容器自己。用 `docker run` 时，数据库在宿主机上或另一个容器里：可以在用户自定义网络上通过容器名访问，或者通过 `host.docker.internal` 访问——Docker Desktop 在 Windows 和 macOS 上会解析它，而 Linux 需要显式告诉它（`--add-host=host.docker.internal:host-gateway`）。这只是一条信息：在 Kubernetes Pod 中，sidecar（Cloud SQL proxy、服务网格）可能正好在这个地址上提供服务。',
      notFlagged: [
        '由工作区的 compose 服务运行的程序：由 DGT307 go-dials-localhost 报告，并指出提供该端口的服务。',
        'Dockerfile 设置了对应环境变量或参数的地址、通过变量或参数找到的配置文件、HTTP 和 gRPC 客户端、测试和生成的文件。',
      ],
    },
  },
  DGT153: {
    title: '全新克隆中没有的 COPY 源',
    messages: {
      ignored: '`{src}` 被 git 忽略（{ignoreFile} 中的 `{pattern}`）：这份项目副本里有它，但全新克隆的仓库——CI 运行器、同事、服务器——里没有，构建会停在 `failed to compute cache key: failed to calculate checksum of ref ...: "/{path}": not found`。请提交它（如果含有密钥，就提交一个带占位值的示例），或者在 Dockerfile 中生成它。',
      ignoredMissing: '`{src}` 不在项目中，并且被 git 忽略（{ignoreFile} 中的 `{pattern}`），仓库中也没有任何东西生成它（除了读取它之外，没有 Makefile、脚本、package.json 或 CI 工作流提到它）：每次全新克隆都会停在 `failed to compute cache key: failed to calculate checksum of ref ...: "/{path}": not found`。请提交它（如果含有密钥，就提交一个带占位值的示例）、在 Dockerfile 中生成它，或者去掉这个 COPY。',
      outside: '`{src}` 指向构建上下文 `{context}` 之外：构建器看不到它上面的任何东西。传统构建器会停在 `Forbidden path outside the build context: {src}`；BuildKit 会把它当作上下文中的 `/{path}`，然后停在 `"/{path}": not found`。请把文件移进上下文，或者从包含它的文件夹构建（compose 的 `build.context`、`docker build -f`）。',
    },
    related: { ignores: '这个模式让 git 忽略 {path}。' },
    docs: {
      what: '找出被 git 忽略的 COPY 或 ADD 源——无论这份副本中是否存在——前提是仓库中没有 Makefile、脚本、package.json 或 CI 工作流提到它（只是读取它的不算：Makefile 的 `include`、shell 的 `source` 或 `[ -f ... ]`），它也不是构建输出文件夹；以及用 `..` 跳出构建上下文的源。',
      why: '工作区中的一切都会进入构建上下文，无论是否被忽略，所以被 git 忽略的配置文件、证书或预编译的二进制文件，会让镜像在写下它们的那台机器上顺利构建。而在别处第一次克隆——CI、同事、部署服务器——就缺少它，构建在那里失败，报错里只有文件名，没有原因。`COPY ../x` 到不了上下文之上：交给构建的那个文件夹之上的东西都不会发送给构建器；经典构建器拒绝这个路径，BuildKit 则把它读作上下文根目录下的 `x`。',
      notFlagged: [
        '全新克隆在构建之前会通过其他方式得到的文件：构建输出（dist、bin、vendor 等）和构建产物（没有扩展名的文件、.exe、归档文件），以及仓库中的 Makefile、脚本、package.json、CI 工作流或 goreleaser 配置在读取之外提到的名字。',
        '不在 git 工作区中的 Dockerfile、带变量或通配符的源、复制整个上下文（`COPY . .`），以及 `..` 又回到上下文之内的源。',
        '在这份副本中也不存在、且没有被 git 忽略的源：由 DGT140 copy-source-not-found 报告。',
        '没有 compose 文件构建的 Dockerfile，其上级文件夹中存在的源（按从那里构建时的读法：`docker build -f internal/Dockerfile .` 把 `COPY ../go.mod` 读作仓库根目录下的 go.mod）。',
      ],
    },
  },
  DGT154: {
    title: '使用 cgo 的二进制所需的 glibc 比最终镜像中的新',
    messages: {
      cgo: '这个 `go {verb}` 在 `{builder}`（glibc {built}）上以启用 cgo 的方式运行，因此二进制链接了 glibc，并要求 GLIBC_2.34，但最终镜像 `{final}` 的 glibc 是 {runtime}：容器启动时立即以 `{error}` 退出。请设置 CGO_ENABLED=0（程序不需要 C 代码），或在 Debian 版本不比最终镜像新的 golang 镜像上构建。',
      explicit: '这个 `go {verb}` 在 `{builder}`（glibc {built}）上设置了 CGO_ENABLED=1，因此二进制要求 GLIBC_2.34，但最终镜像 `{final}` 的 glibc 是 {runtime}：容器启动时立即以 `{error}` 退出。请在 Debian 版本不比最终镜像新的 golang 镜像上构建，或在 glibc 2.34 及以上的镜像上运行（debian:bookworm-slim、gcr.io/distroless/base-debian12、ubuntu:22.04）。',
      needsCgo: '这个 `go {verb}` 把二进制链接到 `{builder}` 的 glibc（{built}），因此它要求 GLIBC_2.34，但最终镜像 `{final}` 的 glibc 是 {runtime}：容器启动时立即以 `{error}` 退出。不能直接设置 CGO_ENABLED=0：{reason}。请在 Debian 版本不比最终镜像新的 golang 镜像上构建，或在 glibc 2.34 及以上的镜像上运行（debian:bookworm-slim、gcr.io/distroless/base-debian12、ubuntu:22.04）。',
    },
    fixTitles: { cgoOff: '使用 CGO_ENABLED=0 构建' },
    related: { finalImage: '最终镜像 {image} 的 glibc 是 {runtime}。' },
    docs: {
      what: '找出在 glibc 2.34 及以上的 golang 镜像（Debian bookworm 或 trixie：`golang:1.19` 及以后、`golang:latest`）上启用 cgo 运行的 `go build`，且其二进制被复制进 glibc 更旧的最终镜像：Debian bullseye 及更早、Ubuntu 20.04 及更早、gcr.io/distroless/base-debian11 或 cc-debian11、Red Hat UBI 8、CentOS 7 和 8。',
      why: '基于 Debian 的 golang 镜像带有 gcc，所以 `go build` 会启用 cgo，用到 `net` 或 `os/user`（或 C 代码）的程序会链接到构建镜像的 glibc。glibc 2.34 把线程函数并入 libc，符号版本为 GLIBC_2.34，因此所有链接到 glibc 2.34 及以上的程序都需要它，最终镜像中更旧的 glibc 无法加载这个二进制。构建会成功，容器却在启动时退出。',
      fixes: '在 `go build` 命令前插入 `CGO_ENABLED=0`。如果程序需要 cgo（`import "C"`，或 go.mod 中有 github.com/mattn/go-sqlite3 这类 cgo 模块），或设置了 CGO_ENABLED=1，则不提供修复：消息中会列出其他做法（在较旧 Debian 版本上的构建镜像，如 `golang:<版本>-bullseye`，或更新的最终镜像）。',
      notFlagged: [
        'glibc 2.34 及以上的最终镜像、glibc 低于 2.34 的构建镜像（`golang:<版本>-bullseye`），以及都在 2.34 同一侧的两个版本：这时二进制需要什么取决于其 C 代码用到的符号。',
        'CGO_ENABLED=0（ENV、ARG 默认值、命令前内联、`export`、`go env -w`）、静态链接（`-extldflags "-static"`、`-tags netgo,osusergo`）、用不到任何 cgo 包（net、os/user、import "C"）的程序，以及交叉编译（设置了 GOARCH）。',
        '没有 glibc 的最终镜像（alpine、busybox、scratch、distroless/static）：由 DGT101 cgo-binary-in-static-image 报告。不是 golang 镜像的构建阶段、基础镜像表不认识的镜像，以及 Windows 镜像。',
      ],
    },
  },
  DGT234: {
    title: '全新克隆中没有的 compose 输入',
    messages: {
      envFile: '`{file}` 被 git 忽略（`{pattern}`），而且没有提交它的模板：这份项目副本里有它，全新克隆里没有，`docker compose up` 会停在 `env file {abs} not found: stat {abs}: no such file or directory`。请提交一个带占位值的模板（`{file}.example`）并说明如何生成真正的文件，或者把它标为可选（`required: false`，Compose 2.24 及以上）。',
      envFileAbsent: '`{file}` 不在仓库中，也没有提交它的模板：在每次全新克隆中，`docker compose up` 都会在任何容器启动之前停在 `env file {abs} not found: stat {abs}: no such file or directory`。请提交一个带占位值的模板（`{file}.example`）并说明如何生成真正的文件，或者把它标为可选（`required: false`，Compose 2.24 及以上）。',
      bindFile: '`{source}` 被 git 忽略（`{pattern}`），而且没有提交它的模板：全新克隆里没有它，于是 Docker 会在那里创建一个文件夹，容器以 `error mounting "{abs}" to rootfs at "{target}": ... not a directory: Are you trying to mount a directory onto a file (or vice-versa)?` 失败。请提交一个带占位值的模板，并说明如何生成真正的文件。',
      outside: '`{source}` 位于仓库之外：这台机器上有它，项目的全新克隆里没有，`docker compose up` 在其他任何机器上都会失败（{error}）。请把服务需要的东西放在仓库之内。',
    },
    related: { ignores: '这个模式让 git 忽略 {path}。' },
    docs: {
      what: '找出 compose 服务从宿主机读取、而仓库的全新克隆中没有的东西——`env_file`、绑定挂载的文件、构建上下文：被 git 忽略且旁边没有提交模板（`.env.example`、`config.example.yaml`）、位于仓库之外（`../secrets/.env`），或者（对 env_file 而言）根本不在项目中。',
      why: 'Compose 按工作区里现有的内容运行，所以被 git 忽略的 `.env` 或 `config.yaml` 会让项目只能在写下它们的那台机器上启动。在全新克隆中，env 文件直接缺失；缺失的绑定挂载源更糟：Docker 会在文件应在的位置创建一个文件夹，容器以一个关于目录的错误失败。旁边放一个模板，至少能告诉别人要创建什么。',
      notFlagged: [
        '旁边提交了模板的文件（`.env.example`、`.env.sample`、`config.example.yaml` 等）、构建输出，以及仓库中的 Makefile、脚本、package.json 或 CI 工作流提到的名字（有东西会生成它们）——只是读取它们的不算：Makefile 的 `include` 或 `$(wildcard ...)`、shell 的 `source`、`.` 或 `[ -f ... ]`、`--env-file` 和 `$(cat ...)` 不会生成任何东西。',
        '可选的 env 文件（`required: false`）、绑定挂载的文件夹（Docker 会创建一个空文件夹，这通常正是数据文件夹想要的），以及不在 git 工作区中的 compose 文件。',
        '在这里也不存在的路径：由 DGT204 compose-bind-source-missing 和 DGT221 compose-build-context-missing 报告。',
        '包含整个仓库的构建上下文（从仓库根目录看是 `..`）：无论克隆到哪里，它外面总有一个文件夹。',
      ],
    },
  },
  DGT310: {
    title: '程序读取镜像中没有的文件',
    messages: {
      glob: '{api} 加载 `{path}`，但镜像中没有 `{container}`：没有任何步骤把它复制进去，也没有 compose 挂载带来它，所以程序在启动时会以 `html/template: pattern matches no files: `{path}`` panic。{advice}',
      read: '{api} 读取 `{path}`，但镜像中没有 `{container}`：没有任何步骤把它复制进去，也没有 compose 挂载带来它，所以程序在启动时会以 `open {path}: no such file or directory` 停止。{advice}',
      flag: '{api} 读取 `{path}`，即容器命令中 `-{flag}` 指定的文件，但镜像中没有 `{container}`：没有任何步骤把它复制进去，也没有 compose 挂载带来它，所以程序在启动时会以 `open {path}: no such file or directory` 停止。{advice}',
      serveDir: '{api} 对外提供文件夹 `{path}`，但镜像中没有 `{container}`：没有任何步骤把它复制进去，也没有 compose 挂载带来它，所以其中的每个文件都会返回 `404 page not found`。{advice}',
      dotenv: '{api} 加载 `{path}`，但镜像中没有 `{container}`，而它缺失时程序会停止：`open {path}: no such file or directory`。请用环境变量为容器提供配置（compose 的 `environment:`、`docker run -e`），并允许 .env 缺失；或者把不含密钥的 .env 复制进镜像。',
      viper: '{api} 在 {dirs} 中查找配置 `{path}`，但镜像中一个都没有：没有任何步骤把它们复制进去，也没有 compose 挂载带来它们，所以 viper 会以 `Config File "{path}" Not Found in "[{dirs}]"` 让程序停止。{advice}',
    },
    fixTitles: { copy: '把 {source} 复制进镜像：COPY {source} {dest}', copyFrom: '从 {stage} 阶段复制 {source}：COPY --from={stage} {source} {dest}' },
    docs: {
      what: '找出容器化的 Go 程序按路径读取、而最终镜像中没有的文件和文件夹——模板（`template.ParseGlob`、gin 的 `LoadHTMLGlob`）、静态文件夹（`http.Dir`、`r.Static`）、配置文件（对 .yaml/.json/.toml/.ini 的 `os.ReadFile`、`ini.Load`、`toml.DecodeFile`、viper 的配置名和路径）、`.env`（`godotenv.Load`）：没有 COPY 把它们放进去，也没有 compose 挂载覆盖它们。程序对错误不在意的读取不算；模板、静态文件夹以及错误会导致程序退出的配置加载才算。会读取程序的 main 包和它导入的本模块的包。',
      why: '多阶段构建只把二进制文件复制进干净的镜像，其他什么都没带：程序在 `go run` 时身边的模板、静态资源和配置都留在了构建阶段。构建成功，容器却在启动时死掉（模板通配符 panic）、因缺少配置而停止，或者整个前端都返回 404。',
      fixes: '当构建上下文中有这个文件或文件夹时，在 ENTRYPOINT 之前把它 COPY 到程序查找的位置（相对于最终阶段的 WORKDIR）；只有构建阶段有它时（由那里的 RUN 生成：`cp app.example.yaml app.yaml`、生成器），用 `COPY --from=<构建阶段>` 复制它。另一种方式是用 `//go:embed` 配合 `template.ParseFS` 或 `http.FS`。',
      notFlagged: [
        '在运行时拼出的路径、环境变量可能改变的路径，以及 `if runtime.GOOS` 分支中的读取。由命令行参数（flag）设置的路径按容器命令传入的值检查，没有传入时按参数的默认值检查；容器通过 shell 或脚本启动时（脚本可能传入参数）则不判断。',
        '镜像可能以我们看不到的方式得到的文件（脚本、归档、从镜像 COPY）、compose 挂载之下的路径，以及最终 WORKDIR 未知时的相对路径。',
        '错误不致命的读取（带回退的 `os.ReadFile`、只记录日志的 `godotenv.Load()`），以及其他类型的文件（缓存、上传文件夹：那是程序要写的）。',
        '程序单独识别“找不到配置文件”（`viper.ConfigFileNotFoundError`）并继续使用默认值的 viper 配置名，以及只在某个环境变量缺失时才加载的 `.env`（`if os.Getenv("PORT") == "" { godotenv.Load() ... }`）。',
      ],
    },
  },
};
