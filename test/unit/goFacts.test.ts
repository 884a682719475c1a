/**
 * Table-driven tests of the Go facts extraction (server/src/parse/go.ts and goResolve.ts): a source
 * snippet (or a few files of one package) in, the facts a rule reads out. Each table row states
 * only the fields it is about.
 */
import { test, before } from 'node:test';
import { inDefaultBuild } from '../../server/src/model/goPackage';
import * as assert from 'node:assert/strict';
import { initGoParser, parseGo, GoFacts, ListenFact } from '../../server/src/parse/go';
import { goExtras } from '../../server/src/parse/goExtras';
import { resolvePackage, ResolvedPackage } from '../../server/src/parse/goResolve';
import { applyEdits } from '../../server/src/core/text';
import { addImports, NewImport } from '../../server/src/rules/lib/goImports';

before(async () => {
  await initGoParser();
});

/** Wraps statements in a main function with the given imports. */
function mainWith(imports: string[], body: string, decls = ''): string {
  const imp = imports.length ? `import (\n${imports.map((i) => `\t${i.includes('"') ? i : JSON.stringify(i)}`).join('\n')}\n)\n\n` : '';
  return `package main\n\n${imp}${decls}${decls ? '\n' : ''}func main() {\n${body
    .split('\n')
    .map((l) => (l ? '\t' + l : l))
    .join('\n')}\n}\n`;
}

/** Resolves one or more files as one package. */
function pkg(files: Record<string, string>): ResolvedPackage & { facts: Map<string, GoFacts> } {
  const facts = new Map(Object.entries(files).map(([p, t]) => [p, parseGo(t)]));
  return { ...resolvePackage([...facts].map(([path, f]) => ({ path, facts: f }))), facts };
}

type ListenExpect = Partial<Pick<ListenFact, 'api' | 'framework' | 'host' | 'port' | 'source' | 'env' | 'flags' | 'text'>> & {
  /** Text of the literal holding the host, and its file. */
  hostLit?: string;
  hostLitFile?: string;
};

const LISTENS: { name: string; files: Record<string, string>; expect: ListenExpect[] }[] = [
  {
    name: 'net/http literal',
    files: { 'main.go': mainWith(['net/http'], 'http.ListenAndServe(":8080", nil)') },
    expect: [{ api: 'http.ListenAndServe', framework: 'net/http', host: '', port: 8080, source: 'literal', env: [], flags: [] }],
  },
  {
    name: 'ListenAndServeTLS with a loopback literal',
    files: { 'main.go': mainWith(['net/http'], 'http.ListenAndServeTLS("127.0.0.1:8443", "c.pem", "k.pem", nil)') },
    expect: [{ host: '127.0.0.1', port: 8443, hostLit: '"127.0.0.1:8443"' }],
  },
  {
    name: 'import alias',
    files: { 'main.go': mainWith(['web "net/http"'], 'web.ListenAndServe("localhost:80", nil)') },
    expect: [{ api: 'web.ListenAndServe', framework: 'net/http', host: 'localhost', port: 80 }],
  },
  {
    name: 'package constant in another file of the package',
    files: {
      'main.go': mainWith(['net/http'], 'http.ListenAndServe(addr, nil)'),
      'config.go': 'package main\n\nconst addr = "127.0.0.1:9090"\n',
    },
    expect: [{ host: '127.0.0.1', port: 9090, source: 'constant', hostLit: '"127.0.0.1:9090"', hostLitFile: 'config.go' }],
  },
  {
    name: 'local variable',
    files: { 'main.go': mainWith(['net/http'], 'addr := "0.0.0.0:8000"\nhttp.ListenAndServe(addr, nil)') },
    expect: [{ host: '0.0.0.0', port: 8000, source: 'variable' }],
  },
  {
    name: 'concatenation with os.Getenv and the if-empty default',
    files: { 'main.go': mainWith(['net/http', 'os'], 'port := os.Getenv("PORT")\nif port == "" {\n\tport = "8080"\n}\nhttp.ListenAndServe(":"+port, nil)') },
    expect: [{ host: '', port: 8080, source: 'concat', env: ['PORT'], text: ':8080' }],
  },
  {
    name: 'os.Getenv without a default',
    files: { 'main.go': mainWith(['net/http', 'os'], 'http.ListenAndServe(":"+os.Getenv("PORT"), nil)') },
    expect: [{ host: '', port: undefined, env: ['PORT'], text: ':{$PORT}' }],
  },
  {
    name: 'fmt.Sprintf(":%s", port)',
    files: { 'main.go': mainWith(['fmt', 'net/http', 'os'], 'port := os.Getenv("PORT")\nif port == "" {\n\tport = "3000"\n}\nhttp.ListenAndServe(fmt.Sprintf(":%s", port), nil)') },
    expect: [{ host: '', port: 3000, source: 'sprintf', env: ['PORT'] }],
  },
  {
    name: 'fmt.Sprintf with a loopback host and an int constant',
    files: { 'main.go': mainWith(['fmt', 'net'], 'net.Listen("tcp", fmt.Sprintf("localhost:%d", port))', 'const port = 50051\n') },
    expect: [{ api: 'net.Listen', framework: 'net', host: 'localhost', port: 50051, hostLit: '"localhost:%d"' }],
  },
  {
    name: 'os.LookupEnv with a default',
    files: { 'main.go': mainWith(['net/http', 'os'], 'port, ok := os.LookupEnv("PORT")\nif !ok {\n\tport = "8081"\n}\nhttp.ListenAndServe(":"+port, nil)') },
    expect: [{ port: 8081, env: ['PORT'] }],
  },
  {
    name: 'an env helper in another file: getEnv("ADDR", "127.0.0.1:8080")',
    files: {
      'main.go': mainWith(['net/http'], 'http.ListenAndServe(getEnv("ADDR", "127.0.0.1:8080"), nil)'),
      'env.go': 'package main\n\nimport "os"\n\nfunc getEnv(key, fallback string) string {\n\tif v, ok := os.LookupEnv(key); ok {\n\t\treturn v\n\t}\n\treturn fallback\n}\n',
    },
    expect: [{ host: '127.0.0.1', port: 8080, source: 'env', env: ['ADDR'], hostLit: '"127.0.0.1:8080"', hostLitFile: 'main.go' }],
  },
  {
    name: 'cmp.Or(os.Getenv("PORT"), "9000") and net.JoinHostPort',
    files: { 'main.go': mainWith(['cmp', 'net', 'os'], 'net.Listen("tcp", net.JoinHostPort("", cmp.Or(os.Getenv("PORT"), "9000")))') },
    expect: [{ host: '', port: 9000, env: ['PORT'] }],
  },
  {
    name: 'flag.String default',
    files: { 'main.go': mainWith(['flag', 'net/http'], 'flag.Parse()\nhttp.ListenAndServe(*addr, nil)', 'var addr = flag.String("addr", "localhost:8080", "listen address")\n') },
    expect: [{ host: 'localhost', port: 8080, source: 'flag', flags: ['addr'], hostLit: '"localhost:8080"' }],
  },
  {
    name: 'flag.StringVar with the variable as its own default',
    files: { 'main.go': mainWith(['flag', 'net'], 'flag.StringVar(&listen, "listen", listen, "address")\nflag.Parse()\nnet.Listen("tcp", listen)', 'var listen = ":8443"\n') },
    expect: [{ host: '', port: 8443, flags: ['listen'] }],
  },
  {
    name: 'kingpin flag default',
    files: { 'main.go': mainWith(['net/http', 'github.com/alecthomas/kingpin/v2'], 'http.ListenAndServe(*listen, nil)', 'var listen = kingpin.Flag("web.listen-address", "Address.").Default(":9100").String()\n') },
    expect: [{ host: '', port: 9100, flags: ['web.listen-address'] }],
  },
  {
    name: 'gRPC through net.Listen',
    files: { 'main.go': mainWith(['net', 'google.golang.org/grpc'], 'lis, _ := net.Listen("tcp", "[::1]:50051")\ngrpc.NewServer().Serve(lis)') },
    expect: [{ framework: 'grpc', host: '::1', port: 50051, hostLit: '"[::1]:50051"' }],
  },
  {
    name: 'net.ListenTCP with a TCPAddr',
    files: { 'main.go': mainWith(['net'], 'net.ListenTCP("tcp", &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 7000})') },
    expect: [{ host: '127.0.0.1', port: 7000, hostLit: '"127.0.0.1"' }],
  },
  {
    name: 'http.Server{Addr}',
    files: { 'main.go': mainWith(['net/http'], 'srv := &http.Server{Addr: ":8080"}\nsrv.ListenAndServe()') },
    expect: [{ api: 'http.Server{Addr}', framework: 'net/http', host: '', port: 8080 }],
  },
  {
    name: 'gin Run() default and Run(addr)',
    files: { 'main.go': mainWith(['github.com/gin-gonic/gin'], 'r := gin.Default()\ngo r.Run("127.0.0.1:9000")\nr.Run()') },
    expect: [
      { api: 'r.Run', framework: 'gin', host: '127.0.0.1', port: 9000 },
      { api: 'r.Run', framework: 'gin', host: '', port: 8080, source: 'default', env: ['PORT'] },
    ],
  },
  {
    name: 'echo Start, fiber Listen, iris Run(iris.Addr), hertz WithHostPorts, chi through net/http',
    files: {
      'main.go': mainWith(
        ['net/http', 'github.com/labstack/echo/v4', 'github.com/gofiber/fiber/v2', 'github.com/kataras/iris/v12', 'github.com/cloudwego/hertz/pkg/app/server', 'github.com/go-chi/chi/v5'],
        'e := echo.New()\ngo e.Start(":1323")\napp := fiber.New()\ngo app.Listen(":3000")\ni := iris.New()\ngo i.Run(iris.Addr(":8081"))\nh := server.Default(server.WithHostPorts(":8888"))\ngo h.Spin()\nr := chi.NewRouter()\nhttp.ListenAndServe(":8082", r)',
      ),
    },
    expect: [
      { api: 'e.Start', framework: 'echo', port: 1323 },
      { api: 'app.Listen', framework: 'fiber', port: 3000 },
      { api: 'i.Run', framework: 'iris', port: 8081 },
      { api: 'server.WithHostPorts', framework: 'hertz', port: 8888 },
      { api: 'http.ListenAndServe', framework: 'net/http', port: 8082 },
    ],
  },
  {
    name: 'a method with an unknown receiver counts only with an address-like argument',
    files: { 'main.go': mainWith(['context'], 'router.Run(context.Background())\nsvc.Start(":7000")') },
    expect: [{ api: 'svc.Start', framework: 'unknown', port: 7000 }],
  },
  {
    name: 'a function parameter shadows a package constant',
    files: { 'main.go': 'package main\n\nimport "net/http"\n\nconst addr = "127.0.0.1:1"\n\nfunc serve(addr string) {\n\thttp.ListenAndServe(addr, nil)\n}\n\nfunc main() { serve(":8080") }\n' },
    expect: [{ host: undefined, port: undefined }],
  },
  {
    name: 'two different literal assignments make the value unknown',
    files: { 'main.go': mainWith(['net/http'], 'addr := ":8080"\nif debug {\n\taddr = "localhost:8080"\n}\nhttp.ListenAndServe(addr, nil)', 'var debug bool\n') },
    expect: [{ host: undefined }],
  },
];

for (const row of LISTENS) {
  test(`listen facts: ${row.name}`, () => {
    const r = pkg(row.files);
    assert.equal(r.listens.length, row.expect.length, `listens: ${JSON.stringify(r.listens.map((l) => l.api + ' ' + l.text))}`);
    row.expect.forEach((e, k) => {
      const l = r.listens[k];
      for (const key of ['api', 'framework', 'host', 'port', 'source', 'env', 'flags', 'text'] as const) {
        if (key in e) assert.deepEqual(l[key], e[key], `${key} of listen ${k}`);
      }
      if (e.hostLit !== undefined) {
        assert.ok(l.hostLit, 'no host literal');
        const file = e.hostLitFile ?? l.hostLit.path ?? 'main.go';
        const src = row.files[l.hostLit.path ?? 'main.go'];
        assert.equal(src.slice(l.hostLit.lit.start, l.hostLit.lit.end), e.hostLit);
        assert.equal(l.hostLit.path ?? 'main.go', file);
      }
    });
  });
}

test('legacy listens keep whole-address literals only', () => {
  const f = parseGo(mainWith(['net/http', 'os'], 'http.ListenAndServe("127.0.0.1:8080", nil)\nhttp.ListenAndServe(":"+os.Getenv("PORT"), nil)\nhttp.ListenAndServe(addr, nil)', 'const addr = "localhost:1"\n'));
  assert.deepEqual(f.listens.map((l) => l.literal.value), ['127.0.0.1:8080', 'localhost:1']);
});

const OTHER: { name: string; src: string; check: (f: GoFacts) => void }[] = [
  {
    name: 'outbound TLS: https URLs, tls.Dial, gRPC credentials, system pool, SDK imports, TLS DSNs',
    src: mainWith(
      ['crypto/tls', 'crypto/x509', 'database/sql', 'net/http', 'google.golang.org/grpc/credentials', 'cloud.google.com/go/storage', 'cloud.google.com/go/compute/metadata'],
      'http.Get(api + "/v1")\nhttp.Get("http://plain.example")\nhttp.NewRequest("GET", "https://x.example", nil)\ntls.Dial("tcp", "h:443", nil)\ntls.Dial("tcp", "h:443", &tls.Config{RootCAs: pool})\ncredentials.NewClientTLSFromCert(nil, "")\nx509.SystemCertPool()\nsql.Open("postgres", "postgres://u@db/app?sslmode=verify-full")\nsql.Open("postgres", "postgres://u@db/app?sslmode=disable")',
      'const api = "https://api.example.com"\nvar pool *x509.CertPool\n',
    ),
    check: (f) =>
      assert.deepEqual(
        f.tls.map((t) => `${t.kind} ${t.detail}`).sort(),
        ['database postgres://', 'grpc-tls credentials.NewClientTLSFromCert', 'https https://api.example.com', 'https https://x.example', 'sdk cloud.google.com/go/storage', 'system-roots x509.SystemCertPool', 'tls-dial tls.Dial'].sort(),
      ),
  },
  {
    name: 'time zones: literal, constant, env, UTC; tzdata import; time.Local',
    src: mainWith(['os', 'time', '_ "time/tzdata"'], 'time.LoadLocation("Asia/Shanghai")\ntime.LoadLocation(zone)\ntime.LoadLocation(os.Getenv("TZ"))\ntime.LoadLocation("UTC")\n_ = time.Now().In(time.Local)', 'const zone = "Europe/Berlin"\n'),
    check: (f) => {
      assert.deepEqual(f.timeZones.map((t) => [t.zone, t.env, t.needsZoneinfo]), [
        ['Asia/Shanghai', [], true],
        ['Europe/Berlin', [], true],
        [undefined, ['TZ'], true],
        ['UTC', [], false],
      ]);
      assert.equal(f.tzdataImported, true);
      assert.equal(f.usesTimeLocal, true);
    },
  },
  {
    name: 'cgo: import "C" and cgo modules',
    src: 'package main\n\n// #include <stdlib.h>\nimport "C"\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/mattn/go-sqlite3"\n\t_ "modernc.org/sqlite"\n)\n\nfunc main() { sql.Open("sqlite3", "x.db") }\n',
    check: (f) => {
      assert.equal(f.importsC, true);
      assert.deepEqual(f.cgoImports.map((i) => i.path), ['github.com/mattn/go-sqlite3']);
    },
  },
  {
    name: 'signals and shutdown',
    src: mainWith(['context', 'os', 'os/signal', 'syscall'], 'ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)\ndefer stop()\n<-ctx.Done()\nsrv.Shutdown(ctx)\ngs.GracefulStop()'),
    check: (f) => {
      assert.deepEqual(f.signals.map((s) => s.api), ['signal.NotifyContext', 'syscall.SIGTERM']);
      assert.deepEqual(f.shutdowns.map((s) => s.api), ['srv.Shutdown', 'gs.GracefulStop']);
    },
  },
  {
    name: 'log destinations: file sinks, lumberjack, zap; stdout tees are not files',
    src: mainWith(
      ['io', 'log', 'os', 'go.uber.org/zap', 'gopkg.in/natefinch/lumberjack.v2'],
      'f, _ := os.OpenFile("/var/log/app.log", os.O_CREATE|os.O_WRONLY, 0o644)\nlog.SetOutput(f)\nlog.SetOutput(io.MultiWriter(os.Stdout, f))\nlogger := log.New(&lumberjack.Logger{Filename: "logs/x.log"}, "", 0)\ncfg := zap.Config{OutputPaths: []string{"app.json"}}\nok := zap.Config{OutputPaths: []string{"stdout"}}\nd, _ := os.Create("data.csv")\nlog.SetOutput(d)\n_, _, _ = logger, cfg, ok',
    ),
    check: (f) => assert.deepEqual(f.logFiles.map((l) => `${l.sink} ${l.file}`), ['log.SetOutput /var/log/app.log', 'log.New logs/x.log', 'zap.Config app.json']),
  },
  {
    name: 'dial targets: URLs, MySQL and key=value DSNs, redis options, amqp, mongo',
    src: mainWith(
      ['database/sql', 'github.com/redis/go-redis/v9', 'github.com/streadway/amqp', 'go.mongodb.org/mongo-driver/mongo/options'],
      'sql.Open("postgres", "postgres://u:p@localhost/app")\nsql.Open("mysql", "root:pw@tcp(127.0.0.1:3307)/shop")\nsql.Open("pgx", "host=db port=5433 user=x")\nredis.NewClient(&redis.Options{Addr: "localhost:6379"})\namqp.Dial("amqps://guest@mq:5671/")\noptions.Client().ApplyURI("mongodb+srv://cluster.example.net/db")\nsql.Open("sqlite3", "file.db")',
    ),
    check: (f) =>
      assert.deepEqual(f.dials.map((d) => `${d.kind} ${d.host}:${d.port}${d.tls ? ' tls' : ''}`), [
        'postgres localhost:5432',
        'mysql 127.0.0.1:3307',
        'postgres db:5433',
        'redis localhost:6379',
        'amqp mq:5671 tls',
        'mongo cluster.example.net:27017 tls',
      ]),
  },
  {
    name: 'Windows paths passed to os/filepath/ioutil, not in GOOS branches',
    src: mainWith(['fmt', 'io/ioutil', 'os', 'path/filepath', 'runtime'], 'os.ReadFile("C:\\\\app\\\\x.yaml")\nfilepath.Join(`D:\\data`, "y")\nioutil.ReadFile("C:/z")\nfmt.Println("C:\\\\not-a-path")\nif runtime.GOOS == "windows" {\n\tos.Open("C:\\\\guarded")\n}\nos.Open("/etc/ok")'),
    check: (f) => assert.deepEqual(f.windowsPaths.map((w) => w.literal.value), ['C:\\app\\x.yaml', 'D:\\data', 'C:/z']),
  },
  {
    name: 'generated marker, build constraint, package clause, main serve statement',
    src: '// Code generated by protoc-gen-go. DO NOT EDIT.\n\n//go:build linux && !windows\n\npackage main\n\nimport (\n\t"log"\n\t"net/http"\n)\n\nfunc main() {\n\tlog.Fatal(http.ListenAndServe(":8080", mux))\n}\n',
    check: (f) => {
      assert.equal(f.generated, true);
      assert.equal(f.buildConstraint, 'linux && !windows');
      assert.equal(f.packageName, 'main');
      assert.equal(f.main?.serve?.kind, 'net/http');
      assert.equal(f.main?.serve?.addr, '":8080"');
      assert.equal(f.main?.serve?.handler, 'mux');
      assert.equal(f.main?.serve?.indent, '\t');
    },
  },
];

for (const row of OTHER) test(`facts: ${row.name}`, () => row.check(parseGo(row.src)));

test('deeply nested and very long expressions neither overflow nor take long', () => {
  const deep = mainWith(['net/http'], `http.ListenAndServe(${'('.repeat(5000)}":8080"${')'.repeat(5000)}, nil)`);
  const long = mainWith(['net/http'], `http.ListenAndServe(${Array.from({ length: 20000 }, () => '"a"').join('+')}, nil)`);
  const t0 = Date.now();
  for (const src of [deep, long]) {
    const f = parseGo(src);
    assert.equal(f.packageName, 'main');
  }
  assert.ok(Date.now() - t0 < 5000, 'too slow');
});

test('half-typed input yields facts without throwing', () => {
  for (const src of ['package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe("127.0.0.1:80', 'package', '', 'func main() { x := os.Getenv(', 'package main\nimport (\n\t"fmt"\n']) {
    const f = parseGo(src);
    assert.ok(Array.isArray(f.listenAddrs));
  }
});

test('Go names that are also members of every JavaScript object are read as Go names', () => {
  // `x.toString()`, `constructor.New()`, `sql.Open("constructor", …)`: the tables of known
  // functions, methods and packages must not find Object.prototype's members under these names.
  const src = mainWith(
    ['database/sql', 'net/http', 'os'],
    [
      'var x T',
      'x.toString()',
      'x.constructor()',
      'x.hasOwnProperty("a")',
      'constructor.New()',
      'toString.Open("f")',
      'os.valueOf("a")',
      'http.toString("x")',
      'db, _ := sql.Open("constructor", "dsn")',
      '_ = db',
      'http.ListenAndServe(":8080", nil)',
    ].join('\n'),
  );
  const f = parseGo(src);
  assert.deepEqual(
    f.listenAddrs.map((l) => l.text),
    [':8080'],
  );
  assert.deepEqual(f.symbols.files, []);
  assert.deepEqual(
    f.dials.map((d) => d.kind),
    ['sql'],
  );
});

// ---- import insertion -----------------------------------------------------------------------

const TZ: NewImport = { path: 'time/tzdata', name: '_' };

const IMPORTS: { name: string; src: string; add: NewImport[]; want: string }[] = [
  {
    name: 'into the standard-library group, sorted',
    src: 'package main\n\nimport (\n\t"fmt"\n\t"time"\n\n\t"github.com/x/y"\n)\n',
    add: [TZ],
    want: 'package main\n\nimport (\n\t"fmt"\n\t"time"\n\t_ "time/tzdata"\n\n\t"github.com/x/y"\n)\n',
  },
  {
    name: 'before a later path',
    src: 'package main\n\nimport (\n\t"fmt"\n\t"unicode"\n)\n',
    add: [TZ],
    want: 'package main\n\nimport (\n\t"fmt"\n\t_ "time/tzdata"\n\t"unicode"\n)\n',
  },
  {
    name: 'a block with third-party imports only gets a new first group',
    src: 'package main\n\nimport (\n\t"github.com/x/y"\n)\n',
    add: [TZ],
    want: 'package main\n\nimport (\n\t_ "time/tzdata"\n\n\t"github.com/x/y"\n)\n',
  },
  {
    name: 'a single import becomes a block',
    src: 'package main\n\nimport "time"\n\nfunc main() {}\n',
    add: [TZ],
    want: 'package main\n\nimport (\n\t"time"\n\t_ "time/tzdata"\n)\n\nfunc main() {}\n',
  },
  {
    name: 'a single third-party import: std group first',
    src: 'package main\n\nimport "github.com/x/y"\n',
    add: [TZ],
    want: 'package main\n\nimport (\n\t_ "time/tzdata"\n\n\t"github.com/x/y"\n)\n',
  },
  {
    name: 'several single-line declarations: one more after the last',
    src: 'package main\n\nimport "fmt"\nimport "time"\n',
    add: [TZ],
    want: 'package main\n\nimport "fmt"\nimport "time"\nimport _ "time/tzdata"\n',
  },
  {
    name: 'no imports: a declaration after the package clause',
    src: 'package main // the entry point\n\nfunc main() {}\n',
    add: [TZ],
    want: 'package main // the entry point\n\nimport _ "time/tzdata"\n\nfunc main() {}\n',
  },
  {
    name: 'import "C" keeps its preamble and stays alone',
    src: 'package main\n\n// #include <stdio.h>\nimport "C"\n\nfunc main() {}\n',
    add: [TZ],
    want: 'package main\n\n// #include <stdio.h>\nimport "C"\nimport _ "time/tzdata"\n\nfunc main() {}\n',
  },
  {
    name: 'CRLF line endings',
    src: 'package main\r\n\r\nimport (\r\n\t"fmt"\r\n\t"time"\r\n)\r\n',
    add: [TZ],
    want: 'package main\r\n\r\nimport (\r\n\t"fmt"\r\n\t"time"\r\n\t_ "time/tzdata"\r\n)\r\n',
  },
  {
    name: 'several imports at once, with a comment on the last line',
    src: 'package main\n\nimport (\n\t"log"\n\t"net/http" // server\n)\n',
    add: [{ path: 'context' }, { path: 'os/signal' }, { path: 'syscall' }, { path: 'os' }],
    want: 'package main\n\nimport (\n\t"context"\n\t"log"\n\t"net/http" // server\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n',
  },
  {
    name: 'already imported: nothing to do',
    src: 'package main\n\nimport _ "time/tzdata"\n',
    add: [TZ],
    want: 'package main\n\nimport _ "time/tzdata"\n',
  },
];

for (const row of IMPORTS) {
  test(`addImports: ${row.name}`, () => {
    const f = parseGo(row.src);
    const eol = row.src.includes('\r\n') ? '\r\n' : '\n';
    const edits = addImports(row.src, f, row.add, eol);
    assert.ok(edits, 'no edits');
    const out = applyEdits(row.src, edits);
    assert.equal(out, row.want);
    // The result parses and holds every import exactly once.
    const again = parseGo(out);
    assert.equal(again.hasErrors, false);
    for (const a of row.add) assert.equal(again.imports.filter((i) => i.path === a.path).length, 1);
  });
}

test('goExtras: memory limit, GOMAXPROCS and environment names, by import name; a file without them is not lexed for them', () => {
  const src = [
    'package main',
    '',
    'import (',
    '\t"os"',
    '\trd "runtime/debug"',
    '\t"runtime"',
    ')',
    '',
    'func main() {',
    '\trd.SetMemoryLimit(1 << 30)',
    '\truntime.GOMAXPROCS(2)',
    '\t_ = os.Getenv("PORT")',
    '\t_, _ = os.LookupEnv("DB_URL")',
    '\tos.Setenv("TZ", "UTC")',
    '\t// os.Getenv("IN_COMMENT")',
    '\t_ = "os.Getenv(\\"IN_STRING\\")"',
    '\tx.debug.SetMemoryLimit(1)',
    '}',
    '',
  ].join('\n');
  const e = goExtras(src);
  assert.deepEqual([...e.envNames].sort(), ['DB_URL', 'PORT', 'TZ']);
  assert.equal(e.setMemoryLimit.length, 1);
  assert.equal(src.slice(e.setMemoryLimit[0].start, e.setMemoryLimit[0].end), 'rd.SetMemoryLimit(');
  assert.equal(e.gomaxprocs.length, 1);
  assert.equal(src.slice(e.gomaxprocs[0].start, e.gomaxprocs[0].end), 'runtime.GOMAXPROCS(');
  // debug imported under its own name, no GOMAXPROCS, no environment.
  const only = goExtras('package main\n\nimport "runtime/debug"\n\nfunc main() { debug.SetMemoryLimit(1) }\n');
  assert.deepEqual([only.setMemoryLimit.length, only.gomaxprocs.length, only.envNames.size], [1, 0, 0]);
  const none = goExtras('package main\n\nfunc main() {}\n');
  assert.deepEqual([none.setMemoryLimit, none.gomaxprocs, [...none.envNames]], [[], [], []]);
});

test('inDefaultBuild: a file a plain `go build` for Linux compiles, read from its build constraint', () => {
  const file = (constraint: string) => `${constraint}\n\npackage x\n`;
  assert.equal(inDefaultBuild('package x\n'), true);
  assert.equal(inDefaultBuild(file('//go:build linux')), true);
  assert.equal(inDefaultBuild(file('//go:build !windows')), true);
  assert.equal(inDefaultBuild(file('//go:build arm64 || amd64')), true);
  assert.equal(inDefaultBuild(file('//go:build go1.21')), true);
  assert.equal(inDefaultBuild(file('//go:build cgo')), true, 'cgo may be on');
  assert.equal(inDefaultBuild(file('//go:build sqlite3')), false, 'a tag of its own');
  assert.equal(inDefaultBuild(file('//go:build !sqlite3')), true);
  assert.equal(inDefaultBuild(file('//go:build linux && integration')), false);
  assert.equal(inDefaultBuild(file('//go:build ignore')), false);
  assert.equal(inDefaultBuild(file('//go:build windows')), false);
  assert.equal(inDefaultBuild(file('// +build sqlite3')), false, 'the old form');
  assert.equal(inDefaultBuild(file('// +build linux,amd64 darwin')), true);
  assert.equal(inDefaultBuild(file('// +build darwin\n// +build amd64')), false, 'old lines are ANDed');
  assert.equal(inDefaultBuild('package x\n\n//go:build sqlite3\n'), true, 'after the package clause it is a comment');
});
