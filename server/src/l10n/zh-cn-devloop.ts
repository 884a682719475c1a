/**
 * Simplified Chinese texts of the rules about the development loop in containers: hot reload over
 * bind mounts (DGT240), Delve (DGT170, DGT171, DGT241), reaching the host (DGT242, DGT316) and
 * scripts with CRLF that compose runs (DGT243). Same conventions as zh-cn.ts.
 */
import type { RuleTranslation } from './index';

const DELVE = {
  notHeadless:
    '`dlv {sub}` 没有加 `--headless`：它会在容器里启动自己的终端客户端，而容器里没有终端，于是立即退出（`Stdin is not a terminal, use \'-r\' to specify redirects ...`）；没有任何调试器能连上。请加上 `--headless --listen=:{port}`。',
  noListen:
    '`dlv {sub}` 没有 `--listen`，所以它监听在容器回环地址上的一个随机端口（`127.0.0.1:0`），容器外谁也连不上。请让它监听所有网卡：`--listen=:{port}`，并发布这个端口。',
  loopback:
    '`dlv` 监听在 `{listen}`，也就是容器自己的回环地址：主机上的调试器（VS Code、`dlv connect`）通过发布的端口连接时会得到 `connection refused` 或连接被重置。请监听所有网卡：`--listen=:{port}`。',
  continueNeedsMulti: '`--continue` 没有搭配 `--accept-multiclient`：dlv 拒绝启动（`Error: --continue requires --accept-multiclient`），容器立即退出。请加上 `--accept-multiclient`。',
  waitsHealth:
    '没有 `--continue` 的 `dlv {sub}` 会把程序停在第一条指令之前，直到有调试器连上并让它继续运行；可是这个容器有健康检查：在有人连上之前它一直是 `unhealthy`，等待它的服务也永远不会启动。请加上 `--continue --accept-multiclient`：程序立即启动，调试器随时可以连上（和断开）。',
  noMulticlient:
    '没有 `--accept-multiclient` 的 `dlv {sub} --headless` 只服务一次调试会话：调试器一断开，dlv 就会停止并杀掉程序，容器随之退出。请加上 `--accept-multiclient`，让它在两次会话之间继续运行（再加上 `--continue`，程序也不必等调试器就能启动）。',
  notInImage:
    '镜像 {image} 中没有 `{program}`：它的各个阶段都没有安装 Delve（`go install github.com/go-delve/delve/cmd/dlv@<version>`、`apk add delve`），也没有把它复制进来，所以容器会以 `exec: "{program}": executable file not found in $PATH` 退出。',
};

const WAITS_DEPENDS = {
  waitsDepends:
    '没有 `--continue` 的 `dlv {sub}` 会把程序停在第一条指令之前，直到有调试器连上并让它继续运行；可是 {services} 要等这个服务健康后才启动：在有人连上之前它们永远不会启动。请加上 `--continue --accept-multiclient`：程序立即启动，调试器随时可以连上（和断开）。',
};

const DELVE_FIXES = {
  reach: '在 :{port} 上提供调试服务（headless，监听所有网卡）',
  start: '让程序立即启动：加上 --continue --accept-multiclient',
  multi: '加上 --accept-multiclient',
  copyDlv: '从阶段 {stage} 复制 dlv',
};

const GITATTRIBUTES = {
  attrs: '把 {script} 转换为 LF，并在 .gitattributes 中加入 `{pattern} text eol=lf`',
  attrsCreate: '把 {script} 转换为 LF，并创建包含 `{pattern} text eol=lf` 的 .gitattributes',
};

export const ZH_CN_DEVLOOP: Record<string, RuleTranslation> = {
  DGT170: {
    title: '镜像中的 Delve：调试器连不上，或者程序永远不启动',
    messages: {
      ...DELVE,
      notInImageCopy:
        '镜像 {image} 中没有 `{program}`：阶段 {stage} 安装了 Delve，但没有任何指令把它复制到这个阶段，所以容器会以 `exec: "{program}": executable file not found in $PATH` 退出。请复制它：`COPY --from={stage} {src} {dest}`。',
    },
    fixTitles: DELVE_FIXES,
    related: { installed: 'dlv 在这里安装，位于阶段 {stage}。', health: '健康检查。' },
    docs: {
      what:
        '找出在 Delve 下运行程序（`dlv exec`、`dlv debug`、`dlv dap` 等）、却让调试失去意义的 ENTRYPOINT 和 CMD：没有 `--headless`（dlv 需要终端，于是退出）、没有 `--listen`（容器回环地址上的随机端口）或 `--listen` 是回环地址、`--continue` 没有搭配 `--accept-multiclient`（dlv 拒绝启动）、带 HEALTHCHECK 的镜像没有 `--continue`（程序等待调试器，容器永远不会变为健康）、没有 `--accept-multiclient`（调试器断开时容器退出），以及镜像中根本没有 `dlv`。',
      why:
        '调试镜像就是为了从容器外连接而构建的：主机上 VS Code 的 Go 扩展或 `dlv connect`，通过发布的端口连接。上面每个参数都决定着这件事能否成功，而失败的表现又安静又令人困惑：容器带着一条关于终端的消息退出；端口明明发布了却拒绝连接；服务不响应，因为程序停在了 `main` 之前。Delve 自己的 FAQ 专门有一节讲容器，因为这种问题太常见了。',
      severity: '调试器无法连接或 dlv 无法启动时为错误；健康检查等待一个正在等待调试器的程序时为警告；服务器只服务一次会话时为信息。',
      fixes:
        '加上让服务器可以连接的参数（`--headless`、`--listen=:2345`，或把回环地址改成 `:<端口>`、在 `--continue` 旁加上 `--accept-multiclient`），并为构建该镜像的 compose 服务把端口发布到主机的回环地址（`"127.0.0.1:2345:2345"`：Delve API 没有认证）；加上 `--continue --accept-multiclient`，或只加 `--accept-multiclient`；从用 `go install` 安装 dlv 的阶段把它复制过来（该构建是静态的，即 CGO_ENABLED=0 时）。',
      notFlagged: [
        '`dlv connect`、`dlv version` 等不启动程序的子命令；`dlv dap` 不接受的参数（`--headless`、`--continue`）。',
        '基础镜像不在数据表中，或者目录的 COPY、下载、软件包安装可能带来 dlv 时，不报告缺少 dlv。',
        '没有 HEALTHCHECK 的镜像缺少 `--continue`：等待调试器的调试镜像是一种选择（等待它的 compose 服务由 DGT241 报告）。',
        'Windows 镜像和带 `# escape=` 指令的文件。',
      ],
    },
  },
  DGT171: {
    title: '在 Delve 下运行的二进制被裁剪或经过优化',
    messages: {
      stripped:
        '`{binary}` 由 `dlv exec` 运行，但 `-ldflags` 裁剪了它（`{flags}`）：没有 DWARF，Delve 会打印 `Warning: no debug info found, some functionality will be missing such as stack traces and variable evaluation.`，在编辑器中设置的断点永远不会生效。请在构建调试二进制时去掉 `-s -w`。',
      optimized:
        '`{binary}` 由 `dlv exec` 运行，但这次构建对它做了优化和内联（没有 `-gcflags="all=-N -l"`）：断点会停在与设置位置不同的行上，变量显示为 `optimized away`。请用 `-gcflags="all=-N -l"` 构建调试二进制。',
    },
    fixTitles: { dropStrip: '保留调试信息：从 -ldflags 中去掉 -s -w', noOpt: '用 -gcflags="all=-N -l" 构建' },
    related: { runs: 'dlv 在这里运行它。' },
    docs: {
      what: '找出镜像（或为该镜像写的 compose 命令）用 `dlv exec` 运行的二进制的 `go build`：它裁剪了调试信息（`-ldflags "-s -w"`），或保留了编译器优化（没有 `-gcflags="all=-N -l"`）。',
      why:
        '发布构建用 `-s -w` 缩小二进制，并保留优化：这对生产环境是对的，对调试镜像是错的。`-w` 丢掉了 Delve 用来映射源码行和变量的 DWARF 数据，编辑器设置的任何断点都不会生效；优化和内联会让调试器停在意想不到的行上，并隐藏变量。Delve 自己的建议是用 `-gcflags="all=-N -l"` 构建调试二进制。调试镜像的构建命令常常是从发布镜像复制过来的。',
      severity: '被裁剪的二进制为警告；经过优化的二进制为信息。',
      fixes: '从 `-ldflags` 中去掉 `-s` 和 `-w`（没有剩下别的内容时去掉整个参数）；给没有 `-gcflags` 的构建加上 `-gcflags="all=-N -l"`。',
      notFlagged: [
        '`dlv debug` 和 `dlv test`（Delve 自己构建它们，不做优化），以及 Dockerfile 没有构建的二进制（从构建上下文或其他镜像复制来的）。',
        '通过 `make` 或脚本进行的构建，以及来自变量的参数。',
      ],
    },
  },
  DGT240: {
    title: '文件监视器在绑定挂载上没有启用轮询（在 Docker Desktop for Windows 上不会重新加载）',
    messages: {
      airNoConfig:
        '`air` 监视 `{dir}`（`{source}` 的绑定挂载），而在那里读不到任何配置文件（没有 `{file}`），所以它等待 inotify 事件：在 Docker Desktop for Windows 上，保存 Windows 盘上的文件不会向容器发送任何 inotify 事件，所以 air 永远不会重新构建，服务一直运行旧代码。请创建 `{file}`，在其 [build] 表中设置 `poll = true`。',
      airPollOff:
        '`air` 监视 `{dir}`（`{source}` 的绑定挂载），而 `{file}` 写着 `poll = false`：在 Docker Desktop for Windows 上，保存 Windows 盘上的文件不会向容器发送任何 inotify 事件，所以 air 永远不会重新构建，服务一直运行旧代码。请在 `{file}` 的 [build] 表中设置 `poll = true`。',
      airNoPoll:
        '`air` 监视 `{dir}`（`{source}` 的绑定挂载），而 `{file}` 没有设置 `poll`，所以 air 等待 inotify 事件：在 Docker Desktop for Windows 上，保存 Windows 盘上的文件不会向容器发送任何 inotify 事件，所以 air 永远不会重新构建，服务一直运行旧代码。请在 `{file}` 的 [build] 表中设置 `poll = true`。',
      flag: '`{tool}` 用 inotify 监视 `{dir}`（`{source}` 的绑定挂载）：在 Docker Desktop for Windows 上，保存 Windows 盘上的文件不会向容器发送任何 inotify 事件，所以 {tool} 永远不会重新构建，服务一直运行旧代码。请加上 `{flag}`，让它轮询。',
      noPolling:
        '`{tool}` 用 inotify 监视 `{dir}`（`{source}` 的绑定挂载），而且它没有轮询模式：在 Docker Desktop for Windows 上，保存 Windows 盘上的文件不会向容器发送任何 inotify 事件，所以它永远不会重新运行。请用 `develop.watch` 规则（`docker compose watch`，Compose 2.22 及以后版本）同步文件来代替绑定挂载，换用能轮询的监视器（air、CompileDaemon），或把项目放在 WSL 文件系统中。',
    },
    fixTitles: {
      airPoll: '在 {file} 的 [build] 中设置 `poll = true`',
      airCreate: '创建带 `poll = true` 的 {file}',
      flag: '加上 `{flag}`（轮询文件变化）',
      watch: '用 `develop.watch` 同步规则代替绑定挂载（docker compose watch）',
    },
    related: { started: '{tool} 在这里启动。', mount: '源代码通过这个绑定挂载进入容器。' },
    docs: {
      what:
        '找出容器运行文件监视器（air、CompileDaemon、realize、reflex、gow、modd、nodemon 或 watchexec，来自 compose 的 `command`/`entrypoint` 或镜像的 ENTRYPOINT/CMD）、监视源代码的绑定挂载、却在等待 inotify 事件的 compose 服务：没有轮询参数，`.air.toml` 中没有 `poll = true`，nodemon.json 中没有 `legacyWatch`。',
      why:
        '在容器里“保存、重新构建、重启”这个循环依赖 inotify。在 Docker Desktop for Windows 上，来自 Windows 盘（`C:\\...`，或 WSL 中的 `/mnt/c/...`）的绑定挂载文件通过不传递文件事件的文件共享到达 Linux 虚拟机：Docker 自己的指南说，Linux 容器只会收到 Linux 文件系统中文件的 inotify 事件。监视器启动、构建一次，然后再也看不到任何变化：服务一直运行第一次构建的结果，任何地方都没有错误。WSL 2 文件系统（`\\\\wsl$\\...`，发行版中的 `~/src`）中的文件，以及 Linux 和 macOS 主机上的文件，都会产生事件。',
      severity:
        '编辑器知道 Docker 运行在 Windows 上时（`dockerGoTraps.hostMode`，或 `--host-mode windows`）为警告，在 WSL 下挂载源位于 Windows 盘（`/mnt/c/...`）时也为警告；主机未知时（命令行没有 `--host-mode`）为信息；Linux 和 macOS 主机上、以及挂载源位于 Linux 文件系统时不报告。',
      fixes:
        'air：在 air 读取的 `.air.toml` 的 [build] 表中设置 `poll = true`（把 `poll = false` 改过来、添加这个键，或创建文件；air 会把它合并到默认配置之上）。CompileDaemon：加上 `-polling`；nodemon：`--legacy-watch`；realize：`--legacy`；watchexec：`--poll=500ms`（watchexec 1.22 及以后版本）——加在启动监视器的地方：compose 命令或 Dockerfile 的 CMD。当镜像中挂载目标处已有源代码、并且有 `stat`、`mkdir` 和 `rmdir` 时，还提供用 `develop.watch` 同步规则代替绑定挂载（用 `docker compose watch` 或 `docker compose up --watch` 运行）：文件被复制进容器，监视器能看到这些写入。reflex、gow 和 modd 不能轮询：`develop.watch` 规则是它们唯一的修复。',
      notFlagged: [
        '会轮询的监视器：`-polling`、`--legacy-watch`/`-L`、`--poll`、`--build.poll true`、air 配置中的 `poll = true`、nodemon.json 中的 `legacyWatch`、.realize.yaml 中的 `settings.legacy.force`、环境中的 `CHOKIDAR_USEPOLLING`。',
        '位于 Linux 文件系统（`/home/...`、`\\\\wsl$\\...`）中的挂载源、命名卷，以及编辑器报告为 Linux 或 macOS 主机时；在 WSL 下，位于 /mnt 之外的项目。',
        '无法读取其目录或配置的监视器：工作目录未知、配置路径含变量、`$air_wd`、镜像从我们看不到的地方带入的配置文件。',
        '命令指定的配置文件并不存在的监视器（没有该文件时的 `air -c .air.toml`）：它在启动时就会停下（`open .air.toml: no such file or directory`），谈不上如何监视。',
      ],
    },
  },
  DGT241: {
    title: 'compose 服务中的 Delve：调试器连不上，或者程序永远不启动',
    messages: {
      ...DELVE,
      ...WAITS_DEPENDS,
      notPublished:
        'dlv 在 "{service}" 的容器中监听端口 {port}，但这个服务没有发布它：主机上的调试器（VS Code 的 attach 配置、`dlv connect 127.0.0.1:{port}`）会得到 `connection refused`。请把它发布到主机的回环地址：`"127.0.0.1:{port}:{port}"`（Delve API 没有认证）。',
    },
    fixTitles: { ...DELVE_FIXES, publish: '把调试端口发布到主机的回环地址："127.0.0.1:{port}:{port}"' },
    related: { dlv: 'dlv 在这里启动，监听 {listen}。', waits: '服务 "{service}" 等待它变为健康。' },
    docs: {
      what:
        '找出容器在 Delve 下运行程序（来自服务的 `command`/`entrypoint` 或镜像的 ENTRYPOINT/CMD）、而主机上的调试器无法使用的 compose 服务：命令行本身（没有 `--headless`、没有 `--listen` 或是回环地址、`--continue` 没有 `--accept-multiclient`、镜像中没有 dlv；与 Dockerfile 的 DGT170 相同），dlv 监听的端口没有发布，程序等待调试器（没有 `--continue`）时却有健康检查或 `depends_on: condition: service_healthy`，以及在第一次调试会话结束时就退出的服务器。',
      why:
        '主机上的调试器只能通过发布的端口到达 dlv，而且只有 dlv 监听在容器的网卡上时才行。带 dlv 的 compose 服务也是其他服务等待的服务：没有 `--continue` 时，程序停在 `main` 之前直到有人连上，于是它的健康检查失败，依赖它的服务永远不会启动，尽管容器处于“运行中”。',
      severity: '调试器无法连接或 dlv 无法启动时为错误；调试端口没有发布，或依赖服务等待一个正在等待调试器的程序时为警告；服务器只服务一次会话时为信息。',
      fixes:
        '加上让服务器可以连接的参数（`--headless`、`--listen=:2345`，或把回环地址改成 `:<端口>`、在 `--continue` 旁加上 `--accept-multiclient`）并发布端口；把端口发布到主机的回环地址（`"127.0.0.1:2345:2345"`）；加上 `--continue --accept-multiclient`，或只加 `--accept-multiclient`。',
      notFlagged: [
        '镜像自己的 ENTRYPOINT/CMD 的命令行（由 DGT170 在 Dockerfile 中报告）；这里只报告 compose 文件加上的内容：端口、等待它的服务。',
        '`network_mode: host`、`service:...` 和 `container:...`（没有可发布的端口）；对于 `--headless`，设置了 `tty: true` 和 `stdin_open: true` 的服务（交互式的 dlv，配合 `docker attach` 使用）。',
        '`dlv connect`、`dlv version` 等不启动程序的子命令；镜像不是由工作区的 Dockerfile 构建、或其基础镜像不在数据表中时的缺少 dlv。',
      ],
    },
  },
  DGT242: {
    title: '使用 `host.docker.internal` 却没有 `extra_hosts`（Linux 上无法解析）',
    messages: {
      unmapped:
        '`{key}` 通过 `host.docker.internal` 访问主机；Docker Desktop 会自动解析这个名字，但 Linux 上的 Docker Engine（Linux 电脑、服务器、CI 运行器）不会：在那里连接会以 `dial tcp: lookup host.docker.internal ... no such host` 失败。请为服务 "{service}" 映射它：`extra_hosts: ["host.docker.internal:host-gateway"]`（Docker 20.10 及以后版本）。',
    },
    fixTitles: { map: '加上 extra_hosts: ["host.docker.internal:host-gateway"]' },
    related: { also: '这里也使用了 `host.docker.internal`。' },
    docs: {
      what: '找出环境变量值、`command` 或 `entrypoint` 把 `host.docker.internal` 当作主机名（出现在 URL、DSN 或 `host:port` 中）、而服务没有为它配置 `extra_hosts` 的 compose 服务。',
      why:
        '`host.docker.internal` 是容器访问开发者电脑上的数据库或 API 的方式。Docker Desktop（Windows、macOS）会把这个名字加到每个容器中；Linux 上的 Docker Engine 不会，所以同一个 compose 文件在使用 Linux 的同事那里和 CI 运行器上都会出现 DNS 错误。`extra_hosts: ["host.docker.internal:host-gateway"]` 让引擎加上它（主机的网关地址），Docker Desktop 上也照常工作。',
      severity: '编辑器知道 Docker 运行在 Linux 上时（`dockerGoTraps.hostMode`，`--host-mode linux`）为警告；其他情况为信息：在你的电脑上能用，但在 Linux 电脑和 CI 上不能。',
      fixes: '在服务的 `extra_hosts` 中加上 `"host.docker.internal:host-gateway"`（需要时创建这个键）。',
      notFlagged: [
        '在 `extra_hosts` 中映射了这个名字（映射到 `host-gateway` 或某个地址）的服务，以及 `network_mode: host`、`service:...`、`container:...`。',
        '以 Docker Desktop 主机命名的 compose 文件（`docker-compose.darwin.yml`、`compose.mac.yaml`、`docker-compose.windows.yml`）：它们是为能解析这个名字的主机写的。',
        'env_file 文件中的值、说明性文字中的提及（含空格且没有地址语法的值），以及 Go 代码中的这个名字（DGT316）。',
      ],
    },
  },
  DGT243: {
    title: 'compose 命令运行带 CRLF 换行的脚本',
    messages: {
      direct:
        '`{script}` 使用 Windows（CRLF）换行，所以它的第一行 `{shebang}` 以回车符结尾，指向一个不存在的解释器：容器会以 `{error}` 失败。Windows 上的 Git 默认就是这样检出脚本的，除非 .gitattributes 写明 `*.sh text eol=lf`。请把 {script} 转换为 LF（在 VS Code 中：点击状态栏上的 `CRLF`，选择 `LF`，保存）。',
      shell:
        '`{script}` 使用 Windows（CRLF）换行：shell 读到的每一行末尾都带着回车符，会报出 `$\'\\r\': command not found` 或 `set: illegal option -` 之类的错误。Windows 上的 Git 默认就是这样检出脚本的，除非 .gitattributes 写明 `*.sh text eol=lf`。请把 {script} 转换为 LF（在 VS Code 中：点击状态栏上的 `CRLF`，选择 `LF`，保存）。',
    },
    fixTitles: { lf: '把 {script} 转换为 LF 换行', ...GITATTRIBUTES },
    related: { crlf: '这一行以 CRLF 结尾。', mount: '容器通过这个绑定挂载得到这个文件。' },
    docs: {
      what: '找出运行脚本（`./start.sh`、`sh scripts/migrate.sh`）的 compose `command` 和 `entrypoint`：工作区中该脚本文件使用 CRLF 换行，而容器通过绑定挂载或从构建上下文得到的正是这个文件。',
      why:
        'Windows 上的 Git 安装时默认 `core.autocrlf=true`：包括脚本在内的文本文件都以 CRLF 检出，除非 `.gitattributes` 另有说明。绑定挂载把文件原样交给 Linux，于是内核把 shebang 读成 `#!/bin/sh\\r`，并报告脚本本身不存在，shell 也会被每一行卡住。它在团队里 Mac 和 Linux 的电脑上能运行，在 Windows 电脑上失败；或者从 Windows 提交之后，反过来。Dockerfile 自己的 ENTRYPOINT、CMD 和 RUN 中的同类问题由 DGT141 报告。',
      fixes: '把脚本转换为 LF（首选；命令行用 `--fix`。在 VS Code 中，文档保持自己的换行符，请使用状态栏）。在 git 检出中，还提供转换脚本并在仓库的 .gitattributes 中加入 `*.sh text eol=lf`，没有这个文件时会创建它。',
      notFlagged: [
        '使用 LF 换行的脚本；不带斜杠的程序名（在 PATH 中查找）；无法通过绑定挂载或构建上下文找到文件的脚本；自己转换脚本的镜像（`sed -i \'s/\\r$//\'`、`dos2unix`）。',
        '镜像自己的 ENTRYPOINT 和 CMD 中的命令：由 DGT141 在 Dockerfile 中报告。',
      ],
    },
  },
  DGT316: {
    title: 'Go 代码访问 `host.docker.internal`，而它的 compose 服务没有映射这个名字',
    messages: {
      unmapped:
        '程序通过 `host.docker.internal` 访问主机，而运行它的 compose 服务 "{service}" 没有映射这个名字：Docker Desktop 会自动解析它，Linux 上的 Docker Engine（Linux 电脑、服务器、CI 运行器）不会，所以在那里连接会以 `dial tcp: lookup host.docker.internal ... no such host` 失败。请给服务加上 `extra_hosts: ["host.docker.internal:host-gateway"]`（Docker 20.10 及以后版本），或从环境变量读取地址。',
    },
    fixTitles: { map: '给服务 "{service}" 加上 extra_hosts: ["host.docker.internal:host-gateway"]' },
    related: { service: 'compose 服务 "{service}" 运行这个程序。', also: '这里也使用了 `host.docker.internal`。' },
    docs: {
      what: '找出 Go main 包中把 `host.docker.internal` 当作主机（出现在 DSN、URL、`host:port` 中）的字符串字面量：程序由 compose 服务运行，而运行它的服务都没有在 `extra_hosts` 中映射这个名字。',
      why:
        'Docker Desktop 会把 `host.docker.internal` 加到每个容器中；Linux 上的 Docker Engine 不会，所以在 Windows 或 macOS 笔记本上能用的代码，在使用 Linux 的同事那里和 CI 上会以 DNS 错误失败。compose 服务可以把这个名字映射到主机的网关（`host-gateway`），Docker Desktop 上也照常工作；更好的做法是从环境变量读取地址。',
      severity: '编辑器知道 Docker 运行在 Linux 上时（`dockerGoTraps.hostMode`，`--host-mode linux`）为警告；其他情况为信息。',
      fixes: '在运行该程序的 compose 服务的 `extra_hosts` 中加上 `"host.docker.internal:host-gateway"`。',
      notFlagged: [
        '没有 compose 服务运行的程序（用 `docker run` 时映射靠 `--add-host`，文件中看不到）、映射了这个名字的服务、以 Docker Desktop 主机命名的 compose 文件（`docker-compose.darwin.yml`）中的服务，以及 `network_mode: host`、`service:...`、`container:...`。',
        '会被服务设置的环境变量替换掉的默认值、注释、字符串中的说明性文字（含空格且没有地址语法），以及测试文件和生成的文件。',
      ],
    },
  },
};
