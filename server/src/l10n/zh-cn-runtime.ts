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
        'Go 程序的监听地址并非全部已知的镜像（从配置文件读取、运行时计算、在其他包中启动），以及由某个变量或参数设置、而镜像的 compose 服务会传入该变量或参数的端口（此时由 DGT209 比较 compose 的端口映射）。',
        'ENTRYPOINT 或 CMD 中提到的端口（例如调试器的 `--listen=:2345`）、UDP 端口以及由变量给出的端口。',
        'Windows 镜像和带 `# escape=` 指令的文件。',
      ],
    },
  },
};
