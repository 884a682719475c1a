/**
 * Translations of the snippet descriptions (snippets/*.json), by snippet name. `npm run gen` writes
 * snippets/zh-cn/*.json from them: the same snippets with translated descriptions, which
 * package.nls.zh-cn.json points VS Code at when it runs in Chinese.
 */
export const SNIPPET_DESCRIPTIONS: Record<'zh-cn', Record<string, string>> = {
  'zh-cn': {
    'Go service: multi-stage build to scratch': '在 scratch 上运行 Go 服务的 Dockerfile：静态二进制、CA 证书、时区数据、数字形式的非 root 用户、BuildKit 缓存挂载。',
    'Go service: multi-stage build to distroless': '在 distroless static（nonroot）上运行 Go 服务的 Dockerfile：静态二进制；证书和时区数据由镜像自带。',
    'Go service: multi-stage build to alpine': '在 alpine（带 shell）上运行 Go 服务的 Dockerfile：静态二进制、tzdata、CA 证书、非 root 用户。',
    'Go service: Windows nanoserver': 'Windows 容器中的 Go 服务 Dockerfile：在 golang nanoserver 镜像上以 GOOS=windows 构建，以 ContainerUser 身份在 nanoserver 上运行。',
    'Go service: BuildKit cross-compile': '用 BuildKit 为每个 --platform 交叉编译 Go 服务的 Dockerfile：FROM --platform=$BUILDPLATFORM、TARGETOS/TARGETARCH、缓存挂载。',
    'Compose service for a Go API': 'Go API 的 compose 文件：加引号的端口、TZ、内存上限及对应的 GOMEMLIMIT、不依赖 shell 的健康检查、带条件的 depends_on、日志轮转。',
    '.dockerignore for a Go module': 'Go 模块的 .dockerignore：把 .git、编辑器目录、本地二进制、.env 文件和日志排除在构建上下文之外。',
    'Go main for a container': '适合容器的 Go main：端口取自 $PORT，监听所有网络接口，收到 SIGTERM 时优雅关闭，并提供 -healthcheck 参数供没有 shell 的镜像使用。',
  },
};
