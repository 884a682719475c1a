/**
 * Go source facts from real syntax trees (tree-sitter-go through web-tree-sitter). The tree is
 * turned into plain data right away and freed, so nothing holds wasm memory between analyses.
 * Offsets are UTF-16 indices (web-tree-sitter parses JavaScript strings as UTF-16).
 *
 * One query collects the nodes that matter (calls, composites, declarations, imports) and the scope
 * each sits in. They are then turned into symbolic values ({@link GoValue}): literals,
 * references to names, concatenations, `fmt.Sprintf`, `os.Getenv` with a default, flag defaults.
 * References are resolved later, by {@link resolvePackage} in goResolve.ts — within one file here,
 * and across all files of a main package through `mainPackageFacts` (rules/lib/goPackage.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parser, Language, Query, Node as TSNode } from 'web-tree-sitter';
import { resolvePackage } from './goResolve';
import { CGO_MODULES } from './gomod';
import { own } from '../core/table';

let parser: Parser | undefined;
let initPromise: Promise<void> | undefined;

function findWasm(file: string, pkgResolve: () => string): string {
  const local = path.join(__dirname, file);
  if (fs.existsSync(local)) return local;
  return pkgResolve();
}

/** Loads the Go grammar once. Every entry point awaits this before analysing. */
export function initGoParser(): Promise<void> {
  if (!initPromise) {
    initPromise = (async () => {
      const runtimeWasm = findWasm('web-tree-sitter.wasm', () =>
        path.join(path.dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'),
      );
      const goWasm = findWasm('tree-sitter-go.wasm', () => require.resolve('tree-sitter-go/tree-sitter-go.wasm'));
      await Parser.init({ locateFile: () => runtimeWasm });
      const lang = await Language.load(fs.readFileSync(goWasm));
      const p = new Parser();
      p.setLanguage(lang);
      parser = p;
    })();
  }
  return initPromise;
}

export interface StringLit {
  /** The string's value (escapes of interpreted strings decoded for the common cases). */
  value: string;
  /** Offsets of the whole literal including quotes. */
  start: number;
  end: number;
  quote: '"' | '`';
  /** True when an interpreted literal holds escapes other than \" \\ \n \t: `value` is then not exact. */
  inexact?: boolean;
}

export interface GoImport {
  path: string;
  name: string | undefined;
  start: number;
  end: number;
}

export interface ListenSite {
  /** How the address reaches the server, e.g. "http.ListenAndServe", "r.Run", "http.Server{Addr}". */
  api: string;
  /** Offsets of the call or composite literal. */
  start: number;
  end: number;
  /** The literal that holds the address (possibly in a package constant). */
  literal: StringLit;
}

/** One import declaration, in the detail needed to add an import the way gofmt would. */
export interface ImportDecl {
  start: number;
  end: number;
  /** True for `import ( ... )`. */
  block: boolean;
  /** Offset just after "(" of a block. */
  openParen: number | undefined;
  /** Offset of ")" of a block. */
  closeParen: number | undefined;
  specs: GoImport[];
}

// ---- symbolic values -------------------------------------------------------------------------

/** A symbolic value of an expression, before names are resolved. Plain data. */
export type GoValue =
  | { k: 'str'; lit: StringLit; path?: string }
  | { k: 'int'; value: number; start: number; end: number }
  /** Text the program builds itself (e.g. the ":" of net.JoinHostPort): known, but in no literal. */
  | { k: 'text'; text: string }
  | { k: 'cat'; parts: GoValue[] }
  | { k: 'fmt'; format: GoValue; args: GoValue[] }
  | { k: 'env'; name: string; def: GoValue | undefined }
  | { k: 'flag'; name: string; def: GoValue }
  /** `cmp.Or(a, b, ...)`: the first non-empty value. */
  | { k: 'or'; alts: GoValue[] }
  | { k: 'ref'; name: string; scope: number; start: number; end: number }
  /** A call of a plain function of the package (maybe an env helper such as getEnv("PORT", "8080")). */
  | { k: 'call'; fn: string; args: GoValue[]; text: string }
  /** A file opened for writing (os.OpenFile, os.Create) or a lumberjack logger. */
  | { k: 'file'; path: GoValue; via: string }
  | { k: 'stdio'; name: string }
  | { k: 'multi'; parts: GoValue[] }
  /** A web framework or server object (gin.Default(), echo.New(), &http.Server{...}). */
  | { k: 'obj'; framework: string }
  | { k: 'unknown'; text: string };

export interface Binding {
  name: string;
  /** Scope id: 0 is the package; others are functions of this file. */
  scope: number;
  value: GoValue;
  isConst: boolean;
  start: number;
}

/** A function that reads an environment variable named by one parameter, else returns another. */
export interface EnvHelper {
  name: string;
  keyParam: number;
  defaultParam: number;
}

export interface RawListen {
  api: string;
  calleeEnd: number;
  /** Runs in a goroutine or a callback (go statement, func literal), so it does not block main. */
  async: boolean;
  framework: string;
  start: number;
  end: number;
  scope: number;
  addr: GoValue;
  /** The address expression as written (or undefined for a framework default). */
  argStart: number | undefined;
  argEnd: number | undefined;
}

export type DialKind = 'postgres' | 'mysql' | 'sql' | 'redis' | 'mongo' | 'amqp' | 'nats' | 'kafka' | 'grpc';

export interface RawDial {
  api: string;
  kind: DialKind;
  start: number;
  end: number;
  scope: number;
  target: GoValue;
}

export interface RawTz {
  start: number;
  end: number;
  scope: number;
  name: GoValue;
  /** End of the callee (`time.LoadLocation`). */
  calleeEnd: number;
}

export interface RawTls {
  /** 'url': an HTTP call whose URL must start with https:// (checked after resolution); others are concrete. */
  kind: 'url' | 'tls-dial' | 'grpc-tls' | 'system-roots';
  api: string;
  start: number;
  end: number;
  scope: number;
  url: GoValue | undefined;
}

export interface RawLog {
  sink: string;
  start: number;
  end: number;
  scope: number;
  /** What the logger writes to. */
  target: GoValue;
}

export interface RawPath {
  api: string;
  start: number;
  end: number;
  scope: number;
  arg: GoValue;
  /** Inside an `if`/`switch` on runtime.GOOS. */
  guarded: boolean;
}

/**
 * What a program does with a file path: writes a file, makes a folder, reads a file or a folder,
 * loads templates by glob, serves a folder, loads a .env file, or names a config file, folder or
 * base name (viper).
 */
export type FileOp = 'write' | 'mkdir' | 'read' | 'readDir' | 'glob' | 'serveDir' | 'dotenv' | 'configFile' | 'configPath' | 'configName';

export interface RawFileUse {
  api: string;
  op: FileOp;
  start: number;
  end: number;
  scope: number;
  /** The path argument; undefined for a call whose path is the library's default (`godotenv.Load()` reads `.env`). */
  arg: GoValue | undefined;
  /** Inside an `if`/`switch` on runtime.GOOS. */
  guarded: boolean;
}

export interface GoSymbols {
  /** Parent scope of each scope (index = scope id; scope 0, the package, has parent -1). */
  scopeParents: number[];
  bindings: Binding[];
  envHelpers: EnvHelper[];
  listens: RawListen[];
  dials: RawDial[];
  timeZones: RawTz[];
  tls: RawTls[];
  logs: RawLog[];
  paths: RawPath[];
  files: RawFileUse[];
}

// ---- resolved facts --------------------------------------------------------------------------

/** A literal and a range inside its value (indices into `lit.value`). */
export interface LitRef {
  lit: StringLit;
  /** The file holding the literal; undefined for the file the facts came from. */
  path: string | undefined;
  from: number;
  to: number;
  /** Environment variables / flags whose default this literal is (setting them replaces it). */
  env: string[];
  flags: string[];
}

export type AddrSource = 'literal' | 'constant' | 'variable' | 'concat' | 'sprintf' | 'env' | 'flag' | 'default' | 'unknown';

export interface AddrInfo {
  /** The address as far as known; unknown parts are shown as `{expr}`. */
  text: string;
  /** The host: '' for all interfaces, undefined when not known. */
  host: string | undefined;
  port: number | undefined;
  /** Environment variables that can change the address (the value is then their default). */
  env: string[];
  /** Command-line flags that can change the address. */
  flags: string[];
  /** The literal holding the host text (for fixes). */
  hostLit: LitRef | undefined;
  /** The literal holding the port digits. */
  portLit: LitRef | undefined;
  source: AddrSource;
}

export interface ListenFact extends AddrInfo {
  api: string;
  /** End of the callee or of the composite's type: the span to point at for the whole call. */
  calleeEnd: number;
  /**
   * The server runs in a goroutine or callback (for http.Server{...}: no blocking ListenAndServe or
   * Serve call on it was seen), so main may well be doing — and handling — something else.
   */
  async: boolean;
  /** 'net/http', 'net', 'grpc', 'gin', 'echo', 'fiber', 'iris', 'hertz', 'kratos', ... */
  framework: string;
  /** File of the call; undefined for the file the facts came from. */
  path: string | undefined;
  start: number;
  end: number;
}

export interface DialFact extends AddrInfo {
  api: string;
  kind: DialKind;
  path: string | undefined;
  start: number;
  end: number;
  scheme: string | undefined;
  /** The target asks for TLS verified against the system roots. */
  tls: boolean;
}

export interface TimeZoneFact {
  path: string | undefined;
  start: number;
  end: number;
  /** End of the callee (`time.LoadLocation`). */
  calleeEnd: number;
  /** The zone name when known ("Asia/Shanghai"); undefined when computed at run time. */
  zone: string | undefined;
  env: string[];
  /** True when the zone needs zoneinfo files (not "UTC", "Local" or ""). */
  needsZoneinfo: boolean;
}

export interface TlsFact {
  kind: 'https' | 'tls-dial' | 'grpc-tls' | 'system-roots' | 'sdk' | 'database';
  api: string;
  path: string | undefined;
  start: number;
  end: number;
  /** What makes it TLS: the URL, the SDK import path, the DSN. */
  detail: string;
}

export interface LogFileFact {
  sink: string;
  path: string | undefined;
  start: number;
  end: number;
  /** The log file as written. */
  file: string;
  env: string[];
  flags: string[];
}

export interface FileUseFact {
  api: string;
  op: FileOp;
  /** File of the call; undefined for the file the facts came from. */
  path: string | undefined;
  start: number;
  end: number;
  /** The path as the program builds it; undefined when part of it is not known. '' stands for the library's default. */
  value: string | undefined;
  /** Environment variables / flags that can change it (the value is then their default). */
  env: string[];
  flags: string[];
  /** The literal holding the path, when one literal holds all of it (for related locations). */
  lit: { lit: StringLit; path: string | undefined } | undefined;
  guarded: boolean;
}

export interface WindowsPathFact {
  api: string;
  /** File of the call. */
  path: string | undefined;
  /** The literal that holds the Windows path, and its file. */
  literal: StringLit;
  literalPath: string | undefined;
  start: number;
  end: number;
}

export interface CallSite {
  api: string;
  start: number;
  end: number;
}

/** The body of `func main()`, for the graceful-shutdown code action. */
export interface MainFunc {
  start: number;
  end: number;
  bodyStart: number;
  bodyEnd: number;
  /** Identifiers used anywhere in main (capped), to avoid clashing names in inserted code. */
  names: string[];
  /** The last statement of main, when it is a recognised blocking serve call. */
  serve: ServeStatement | undefined;
}

export interface ServeStatement {
  start: number;
  end: number;
  /** Leading white space of the statement's line. */
  indent: string;
  kind: 'net/http' | 'gin' | 'echo';
  /** Source text of the address expression. */
  addr: string;
  /** Handler expression (net/http; undefined for nil) or the engine/instance name (gin, echo). */
  handler: string | undefined;
  /** Local name of net/http in this file, or undefined when it is not imported. */
  httpName: string | undefined;
}

export interface GoFacts {
  packageName: string | undefined;
  imports: GoImport[];
  /** Offsets of the import declarations (for inserting imports). */
  importDecls: { start: number; end: number }[];
  importsC: boolean;
  /** Listen sites whose whole address is one literal (directly, or through a constant/variable of this file). */
  listens: ListenSite[];
  hasErrors: boolean;
  /** Offsets of `package <name>`. */
  packageClause: { start: number; end: number } | undefined;
  /** `// Code generated ... DO NOT EDIT.` before the package clause. */
  generated: boolean;
  /** The `//go:build` expression, if any. */
  buildConstraint: string | undefined;
  importBlocks: ImportDecl[];
  main: MainFunc | undefined;
  /** Symbolic data for cross-file resolution. */
  symbols: GoSymbols;
  /** Imports of modules that need cgo (github.com/mattn/go-sqlite3, ...). */
  cgoImports: GoImport[];
  tzdataImported: boolean;
  /** `time.Local` is read somewhere (its zone comes from TZ). */
  usesTimeLocal: boolean;
  /** signal.Notify / signal.NotifyContext calls and syscall.SIGTERM uses. */
  signals: CallSite[];
  /** Shutdown, GracefulStop, ... calls. */
  shutdowns: CallSite[];
  /** Names of the environment variables read with os.Getenv / os.LookupEnv (literal names). */
  envReads: string[];
  /** An http.Server's ListenAndServe/Serve is called outside goroutines and callbacks. */
  blockingServe: boolean;
  // Facts resolved within this file alone (see mainPackageFacts for the whole package):
  listenAddrs: ListenFact[];
  dials: DialFact[];
  tls: TlsFact[];
  timeZones: TimeZoneFact[];
  logFiles: LogFileFact[];
  windowsPaths: WindowsPathFact[];
}

// ---- tables ----------------------------------------------------------------------------------

/** Default local names of standard packages, for files whose imports are missing or half-typed. */
const STD_NAMES: Record<string, string> = {
  http: 'net/http',
  net: 'net',
  tls: 'crypto/tls',
  x509: 'crypto/x509',
  os: 'os',
  fmt: 'fmt',
  flag: 'flag',
  time: 'time',
  signal: 'os/signal',
  strconv: 'strconv',
  strings: 'strings',
  filepath: 'path/filepath',
  ioutil: 'io/ioutil',
  io: 'io',
  log: 'log',
  sql: 'database/sql',
  cmp: 'cmp',
  syscall: 'syscall',
  slog: 'log/slog',
  fs: 'io/fs',
};

/** Package functions whose argument at the index is a listen address. */
const LISTEN_FUNCS: Record<string, Record<string, number>> = {
  'net/http': { ListenAndServe: 0, ListenAndServeTLS: 0 },
  net: { Listen: 1, ListenPacket: 1, ListenTCP: 1 },
  'crypto/tls': { Listen: 1 },
  'github.com/cloudwego/hertz/pkg/app/server': { WithHostPorts: 0 },
  'github.com/fvbock/endless': { ListenAndServe: 0, ListenAndServeTLS: 0 },
};

/** Method names of web frameworks whose first argument is the listen address. */
const LISTEN_METHODS = new Set(['Run', 'RunTLS', 'Start', 'StartTLS', 'Listen', 'ListenTLS', 'ListenAndServe', 'ListenAndServeTLS']);

/** Constructors of framework objects, by import path prefix → framework. */
const FRAMEWORK_CTORS: { prefix: string; funcs: string[]; framework: string }[] = [
  { prefix: 'github.com/gin-gonic/gin', funcs: ['Default', 'New'], framework: 'gin' },
  { prefix: 'github.com/labstack/echo', funcs: ['New'], framework: 'echo' },
  { prefix: 'github.com/gofiber/fiber', funcs: ['New'], framework: 'fiber' },
  { prefix: 'github.com/kataras/iris', funcs: ['New', 'Default'], framework: 'iris' },
  { prefix: 'github.com/cloudwego/hertz/pkg/app/server', funcs: ['Default', 'New'], framework: 'hertz' },
  { prefix: 'github.com/go-chi/chi', funcs: ['NewRouter', 'NewMux'], framework: 'chi' },
];

/** Dial functions: import path (prefix when it ends with "/") → function → [argument index, kind]. */
const DIAL_FUNCS: { path: string; funcs: Record<string, [number, DialKind | 'by-driver']> }[] = [
  { path: 'database/sql', funcs: { Open: [1, 'by-driver'] } },
  { path: 'github.com/jmoiron/sqlx', funcs: { Open: [1, 'by-driver'], Connect: [1, 'by-driver'], MustConnect: [1, 'by-driver'], MustOpen: [1, 'by-driver'] } },
  { path: 'gorm.io/driver/postgres', funcs: { Open: [0, 'postgres'] } },
  { path: 'gorm.io/driver/mysql', funcs: { Open: [0, 'mysql'] } },
  { path: 'github.com/jackc/pgx/', funcs: { Connect: [1, 'postgres'], ParseConfig: [0, 'postgres'], New: [1, 'postgres'] } },
  { path: 'github.com/go-redis/redis/', funcs: { ParseURL: [0, 'redis'] } },
  { path: 'github.com/redis/go-redis/', funcs: { ParseURL: [0, 'redis'] } },
  { path: 'github.com/gomodule/redigo/redis', funcs: { Dial: [1, 'redis'], DialURL: [0, 'redis'] } },
  { path: 'github.com/streadway/amqp', funcs: { Dial: [0, 'amqp'], DialConfig: [0, 'amqp'], DialTLS: [0, 'amqp'] } },
  { path: 'github.com/rabbitmq/amqp091-go', funcs: { Dial: [0, 'amqp'], DialConfig: [0, 'amqp'], DialTLS: [0, 'amqp'] } },
  { path: 'github.com/nats-io/nats.go', funcs: { Connect: [0, 'nats'] } },
  { path: 'github.com/segmentio/kafka-go', funcs: { TCP: [0, 'kafka'] } },
  { path: 'gopkg.in/mgo.v2', funcs: { Dial: [0, 'mongo'] } },
  { path: 'github.com/globalsign/mgo', funcs: { Dial: [0, 'mongo'] } },
];

/** Composite types with an address field: import path prefix, type name, field, kind. */
const DIAL_COMPOSITES: { path: string; type: string; field: string; kind: DialKind }[] = [
  { path: 'github.com/go-redis/redis/', type: 'Options', field: 'Addr', kind: 'redis' },
  { path: 'github.com/redis/go-redis/', type: 'Options', field: 'Addr', kind: 'redis' },
  { path: 'github.com/go-sql-driver/mysql', type: 'Config', field: 'Addr', kind: 'mysql' },
  { path: 'github.com/segmentio/kafka-go', type: 'ReaderConfig', field: 'Brokers', kind: 'kafka' },
  { path: 'github.com/segmentio/kafka-go', type: 'WriterConfig', field: 'Brokers', kind: 'kafka' },
];

const SQL_DRIVERS: Record<string, DialKind> = {
  postgres: 'postgres',
  pgx: 'postgres',
  'pgx/v5': 'postgres',
  mysql: 'mysql',
};

const FLAG_FUNCS: Record<string, number> = {
  String: 1, Int: 1, Uint: 1, Int64: 1, Duration: 1,
  StringP: 2, IntP: 2,
  StringVar: 2, IntVar: 2, Int64Var: 2, UintVar: 2,
  StringVarP: 3, IntVarP: 3,
};

/** Package functions that use a path: the operation and the index of the path argument (`all`: every argument is one). */
const FILE_FUNCS: Record<string, Record<string, [FileOp, number | 'all' | 'default']>> = {
  os: { WriteFile: ['write', 0], Create: ['write', 0], Mkdir: ['mkdir', 0], MkdirAll: ['mkdir', 0], ReadFile: ['read', 0], Open: ['read', 0], ReadDir: ['readDir', 0] },
  'io/ioutil': { WriteFile: ['write', 0], ReadFile: ['read', 0], ReadDir: ['readDir', 0] },
  'gorm.io/driver/sqlite': { Open: ['write', 0] },
  'github.com/glebarez/sqlite': { Open: ['write', 0] },
  'go.etcd.io/bbolt': { Open: ['write', 0] },
  'github.com/boltdb/bolt': { Open: ['write', 0] },
  'github.com/syndtr/goleveldb/leveldb': { OpenFile: ['write', 0] },
  'html/template': { ParseGlob: ['glob', 0], ParseFiles: ['read', 'all'] },
  'text/template': { ParseGlob: ['glob', 0], ParseFiles: ['read', 'all'] },
  'net/http': { Dir: ['serveDir', 0], ServeFile: ['read', 2] },
  'github.com/joho/godotenv': { Load: ['dotenv', 'default'], Overload: ['dotenv', 'default'] },
  'github.com/spf13/viper': { SetConfigFile: ['configFile', 0], AddConfigPath: ['configPath', 0], SetConfigName: ['configName', 0] },
  'gopkg.in/ini.v1': { Load: ['read', 0] },
  'github.com/go-ini/ini': { Load: ['read', 0] },
  'github.com/BurntSushi/toml': { DecodeFile: ['read', 0] },
};

/** Methods whose names say what they do with a path, whatever the receiver (template, gin engine, viper instance). */
const FILE_METHODS: Record<string, [FileOp, number | 'all']> = {
  ParseGlob: ['glob', 0],
  ParseFiles: ['read', 'all'],
  LoadHTMLGlob: ['glob', 0],
  LoadHTMLFiles: ['read', 'all'],
  SetConfigFile: ['configFile', 0],
  AddConfigPath: ['configPath', 0],
  SetConfigName: ['configName', 0],
};

/** Methods of web frameworks that serve a folder or a file: the path argument's index. */
const STATIC_METHODS: Record<string, [FileOp, number]> = { Static: ['serveDir', 1], StaticFile: ['read', 1], File: ['read', 1] };

/** Packages whose file-system functions take paths (the Windows-path rule). */
const PATH_PACKAGES = new Set(['os', 'path/filepath', 'io/ioutil', 'io', 'io/fs']);

const LOG_SINKS: { path: string | undefined; fn: string; arg: number }[] = [
  { path: 'log', fn: 'SetOutput', arg: 0 },
  { path: 'log', fn: 'New', arg: 0 },
  { path: 'github.com/sirupsen/logrus', fn: 'SetOutput', arg: 0 },
  { path: 'github.com/rs/zerolog', fn: 'New', arg: 0 },
  { path: 'log/slog', fn: 'NewTextHandler', arg: 0 },
  { path: 'log/slog', fn: 'NewJSONHandler', arg: 0 },
  { path: 'go.uber.org/zap/zapcore', fn: 'AddSync', arg: 0 },
  { path: 'go.uber.org/zap/zapcore', fn: 'Lock', arg: 0 },
];

const MAX_EVAL_DEPTH = 12;
const MAX_MAIN_NAMES = 2000;

/** The package name an import path gets by default. */
export function defaultImportName(p: string): string {
  const parts = p.split('/');
  let last = parts[parts.length - 1] ?? p;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  last = last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[-.]go$/, '');
  return last.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The facts of a file with nothing in it (`hasErrors`: it did not parse). */
export function emptyFacts(hasErrors: boolean): GoFacts {
  return {
    packageName: undefined,
    imports: [],
    importDecls: [],
    importsC: false,
    listens: [],
    hasErrors,
    packageClause: undefined,
    generated: false,
    buildConstraint: undefined,
    importBlocks: [],
    main: undefined,
    symbols: { scopeParents: [-1], bindings: [], envHelpers: [], listens: [], dials: [], timeZones: [], tls: [], logs: [], paths: [], files: [] },
    cgoImports: [],
    tzdataImported: false,
    usesTimeLocal: false,
    signals: [],
    shutdowns: [],
    envReads: [],
    blockingServe: false,
    listenAddrs: [],
    dials: [],
    tls: [],
    timeZones: [],
    logFiles: [],
    windowsPaths: [],
  };
}

export function parseGo(text: string): GoFacts {
  if (!parser) throw new Error('Go parser used before initGoParser() finished');
  const tree = parser.parse(text);
  if (!tree) return emptyFacts(true);
  let facts: GoFacts;
  try {
    facts = extract(tree.rootNode, text);
  } finally {
    tree.delete();
  }
  const resolved = resolvePackage([{ path: undefined, facts }]);
  facts.listenAddrs = resolved.listens;
  facts.dials = resolved.dials;
  facts.tls = resolved.tls;
  facts.timeZones = resolved.timeZones;
  facts.logFiles = resolved.logFiles;
  facts.windowsPaths = resolved.windowsPaths;
  facts.listens = resolved.legacyListens;
  return facts;
}

interface ScopeInfo {
  parent: number;
  /** Name of the function declaration ('' for literals). */
  name: string;
  params: string[];
  /** The outermost function scope this one is nested in (itself for declarations). */
  top: number;
  envKeyParam: number | undefined;
  returnedParams: Set<number>;
}

/**
 * Node types the walk needs, found by one tree-sitter query: the query runs inside the wasm module
 * and hands over only these nodes, where a cursor walk crossed into wasm for every node of the tree.
 */
const WALK_TYPES = [
  'package_clause', 'import_declaration', 'import_spec', 'function_declaration', 'method_declaration', 'func_literal',
  'call_expression', 'composite_literal', 'short_var_declaration', 'assignment_statement', 'var_spec', 'const_spec',
  'return_statement', 'if_statement', 'expression_switch_statement', 'go_statement',
];
let walkQuery: Query | undefined;
let identifierQuery: Query | undefined;

/** The comments before the first token of the file (where `//go:build` and the generated marker go). */
function headerComments(text: string): string[] {
  const out: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      out.push(text.slice(i, end).replace(/\r$/, ''));
      i = end;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      out.push(text.slice(i, end));
      i = end;
    } else return out;
  }
}

function extract(root: TSNode, text: string): GoFacts {
  const facts = emptyFacts(root.hasError);
  const sym = facts.symbols;
  const scopes: ScopeInfo[] = [{ parent: -1, name: '', params: [], top: 0, envKeyParam: undefined, returnedParams: new Set() }];
  const scopeNodes = new Map<number, TSNode>();
  const calls: { n: TSNode; scope: number; flags: CallFlags }[] = [];
  const composites: { n: TSNode; scope: number }[] = [];
  const decls: { n: TSNode; scope: number }[] = [];
  const returns: { n: TSNode; scope: number }[] = [];
  const mainNames = new Set<string>();
  const mainNodes: TSNode[] = [];
  let mainScope = -1;

  const language = root.tree.language;
  walkQuery ??= new Query(language, `[${WALK_TYPES.map((t) => `(${t})`).join(' ')}] @n`);
  // Captures come in document order, an enclosing node before the nodes inside it. `stack` holds
  // the function scopes the current node is inside, `regions` the goroutines/callbacks and the
  // if/switch statements on runtime.GOOS; each ends where its node ends.
  const stack: { end: number; scope: number }[] = [];
  const regions: { end: number; kind: 'async' | 'goos' }[] = [];
  for (const { node: n } of walkQuery.captures(root)) {
    const type = n.type;
    const start = n.startIndex;
    while (stack.length && stack[stack.length - 1].end <= start) stack.pop();
    while (regions.length && regions[regions.length - 1].end <= start) regions.pop();
    const scope = stack.length ? stack[stack.length - 1].scope : 0;
    switch (type) {
      case 'package_clause': {
        const id = n.namedChildren.find((c) => c?.type === 'package_identifier');
        if (id) facts.packageName = id.text;
        facts.packageClause = { start, end: n.endIndex };
        break;
      }
      case 'import_declaration':
        facts.importDecls.push({ start, end: n.endIndex });
        facts.importBlocks.push(importDecl(n));
        break;
      case 'import_spec': {
        const p = n.childForFieldName('path');
        const name = n.childForFieldName('name');
        const lit = p ? stringLit(p) : undefined;
        if (lit) {
          const imp = { path: lit.value, name: name?.text, start, end: n.endIndex };
          facts.imports.push(imp);
          if (lit.value === 'C') facts.importsC = true;
          if (lit.value === 'time/tzdata') facts.tzdataImported = true;
          if (isCgoImport(lit.value)) facts.cgoImports.push(imp);
        }
        break;
      }
      case 'function_declaration':
      case 'method_declaration':
      case 'func_literal': {
        const id = scopes.length;
        const name = type === 'function_declaration' ? n.childForFieldName('name')?.text ?? '' : '';
        const parentTop = scope === 0 ? id : scopes[scope].top;
        scopes.push({ parent: scope, name, params: paramNames(n), top: parentTop, envKeyParam: undefined, returnedParams: new Set() });
        scopeNodes.set(id, n);
        if (name === 'main' && scope === 0 && type === 'function_declaration') {
          mainScope = id;
          mainNodes.push(n);
        }
        stack.push({ end: n.endIndex, scope: id });
        if (type === 'func_literal') regions.push({ end: n.endIndex, kind: 'async' });
        else regions.length = 0; // a declaration starts afresh
        break;
      }
      case 'call_expression':
        calls.push({ n, scope, flags: { async: regions.some((r) => r.kind === 'async'), guarded: regions.some((r) => r.kind === 'goos') } });
        break;
      case 'go_statement':
        regions.push({ end: n.endIndex, kind: 'async' });
        break;
      case 'if_statement':
      case 'expression_switch_statement': {
        const c = n.childForFieldName(type === 'if_statement' ? 'condition' : 'value');
        if (c && /\bGOOS\b/.test(text.slice(c.startIndex, c.endIndex))) regions.push({ end: n.endIndex, kind: 'goos' });
        break;
      }
      case 'composite_literal':
        composites.push({ n, scope });
        break;
      case 'short_var_declaration':
      case 'assignment_statement':
      case 'var_spec':
      case 'const_spec':
        decls.push({ n, scope });
        break;
      case 'return_statement':
        returns.push({ n, scope });
        break;
    }
  }
  // The names used in func main (and the functions it declares inline).
  identifierQuery ??= new Query(language, '(identifier) @id');
  for (const m of mainNodes) {
    for (const { node } of identifierQuery.captures(m)) {
      if (mainNames.size >= MAX_MAIN_NAMES) break;
      mainNames.add(text.slice(node.startIndex, node.endIndex));
    }
  }
  return finish();

  function finish(): GoFacts {
    sym.scopeParents = scopes.map((s) => s.parent);
    const imports = importNames(facts.imports);
    const pkgOf = (name: string): string | undefined => imports.get(name) ?? (imports.has(name) ? undefined : own(STD_NAMES, name));
    const ev = new Evaluator(pkgOf);

    // Header comments: generated marker and build constraint.
    for (const t of headerComments(text)) {
      if (/^\/\/ Code generated .* DO NOT EDIT\.$/.test(t.trim())) facts.generated = true;
      const m = /^\/\/go:build\s+(.+)$/.exec(t.trim());
      if (m) facts.buildConstraint = m[1].trim();
    }

    // Parameters shadow package names inside their function.
    scopes.forEach((s, id) => {
      for (const p of s.params) sym.bindings.push({ name: p, scope: id, value: { k: 'unknown', text: p }, isConst: false, start: 0 });
    });

    for (const { n, scope } of decls) collectBindings(n, scope, ev, sym.bindings);
    // Names declared per scope (with or without a value), for flag.StringVar(&x, ...) targets.
    const declared = new Set<string>();
    for (const { n, scope } of decls) for (const name of declaredNames(n)) declared.add(scope + '\0' + name);
    const byName = indexBindings(sym.bindings);

    for (const { n, scope, flags } of calls) {
      const info = callInfo(n, pkgOf);
      if (!info) continue;
      const { pkg, fn, recv } = info;
      if (pkg === 'os' && (fn === 'Getenv' || fn === 'LookupEnv') && info.args[0]) {
        const lit = stringLit(info.args[0]);
        if (lit && !facts.envReads.includes(lit.value)) facts.envReads.push(lit.value);
      }
      // Env helpers: os.Getenv(param) / os.LookupEnv(param) inside a function declaration.
      if (pkg === 'os' && (fn === 'Getenv' || fn === 'LookupEnv') && info.args[0]?.type === 'identifier' && scope !== 0) {
        const k = scopes[scope].params.indexOf(info.args[0].text);
        if (k >= 0) scopes[scope].envKeyParam = k;
      }
      // flag.StringVar(&x, "name", "default", ...) and friends bind x.
      if (fn.endsWith('Var') || fn.endsWith('VarP')) {
        const defIdx = own(FLAG_FUNCS, fn);
        const target = info.args[0];
        if (defIdx !== undefined && isFlagReceiver(pkg, recv) && target?.type === 'unary_expression' && target.childForFieldName('operator')?.text === '&') {
          const operand = target.childForFieldName('operand');
          const nameLit = info.args[1] ? stringLit(info.args[1]) : undefined;
          if (operand?.type === 'identifier' && nameLit) {
            sym.bindings.push({ name: operand.text, scope: lookupScopeOf(operand.text, scope), value: { k: 'flag', name: nameLit.value, def: ev.eval(info.args[defIdx], scope) }, isConst: false, start: n.startIndex });
          }
        }
      }
      collectCallFacts(n, scope, flags, info, ev, facts, byName);
    }
    for (const { n, scope } of composites) collectCompositeFacts(n, scope, ev, pkgOf, facts);

    // Selector facts: time.Local, syscall.SIGTERM. Few files have them: found in the text, then
    // confirmed in the tree (an identifier that is the operand of a selector, not a comment or string).
    for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*\.\s*(Local|SIGTERM|SIGINT)\b/g)) {
      const at = m.index;
      const op = root.descendantForIndex(at, at + m[1].length);
      const s = op?.parent;
      if (op?.type !== 'identifier' || s?.type !== 'selector_expression' || s.childForFieldName('operand')?.startIndex !== op.startIndex) continue;
      const field = s.childForFieldName('field')?.text;
      const pkg = pkgOf(op.text);
      if (pkg === 'time' && field === 'Local') facts.usesTimeLocal = true;
      if ((pkg === 'syscall' || pkg === 'golang.org/x/sys/unix') && (field === 'SIGTERM' || field === 'SIGINT')) {
        facts.signals.push({ api: `${op.text}.${field}`, start: s.startIndex, end: s.endIndex });
      }
    }

    // Env helpers: a function that reads env[param k] and returns param j otherwise.
    for (const { n, scope } of returns) {
      if (scope === 0) continue;
      const list = n.namedChildren.filter((c): c is TSNode => !!c && c.type !== 'comment');
      const expr = list[0]?.type === 'expression_list' ? list[0].namedChildren.filter((c): c is TSNode => !!c) : list;
      if (expr.length !== 1 || expr[0].type !== 'identifier') continue;
      const j = scopes[scope].params.indexOf(expr[0].text);
      if (j >= 0) scopes[scope].returnedParams.add(j);
    }
    scopes.forEach((s) => {
      if (!s.name || s.envKeyParam === undefined) return;
      for (const j of s.returnedParams) if (j !== s.envKeyParam) sym.envHelpers.push({ name: s.name, keyParam: s.envKeyParam, defaultParam: j });
    });

    if (mainScope >= 0) {
      const node = scopeNodes.get(mainScope) as TSNode;
      const body = node.childForFieldName('body');
      if (body) {
        facts.main = {
          start: node.startIndex,
          end: node.endIndex,
          bodyStart: body.startIndex,
          bodyEnd: body.endIndex,
          names: [...mainNames],
          serve: serveStatement(body, text, pkgOf, imports, byName, sym.scopeParents, mainScope),
        };
      }
    }
    return facts;

    function lookupScopeOf(name: string, scope: number): number {
      // The variable a flag binds lives where it was declared: the nearest scope that declares it.
      for (let s = scope; s >= 0; s = scopes[s].parent) if (declared.has(s + '\0' + name)) return s;
      return 0;
    }
  }
}

function declaredNames(n: TSNode): string[] {
  if (n.type === 'var_spec' || n.type === 'const_spec') return n.childrenForFieldName('name').map((c) => c?.text ?? '');
  if (n.type === 'short_var_declaration') return (n.childForFieldName('left')?.namedChildren ?? []).map((c) => c?.text ?? '');
  return [];
}

type BindingIndex = Map<string, Binding[]>;

function indexBindings(bindings: Binding[]): BindingIndex {
  const m: BindingIndex = new Map();
  for (const b of bindings) {
    const key = b.scope + '\0' + b.name;
    const list = m.get(key);
    if (list) list.push(b);
    else m.set(key, [b]);
  }
  return m;
}

function paramNames(fn: TSNode): string[] {
  const out: string[] = [];
  const params = fn.childForFieldName('parameters');
  for (const p of params?.namedChildren ?? []) {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
    const names = p.childrenForFieldName('name');
    if (!names.length) out.push('_');
    for (const nm of names) out.push(nm?.text ?? '_');
  }
  return out;
}

function importDecl(n: TSNode): ImportDecl {
  const list = n.namedChildren.find((c) => c?.type === 'import_spec_list');
  const specs: GoImport[] = [];
  const specNodes = list ? list.namedChildren.filter((c): c is TSNode => c?.type === 'import_spec') : n.namedChildren.filter((c): c is TSNode => c?.type === 'import_spec');
  for (const s of specNodes) {
    const p = s.childForFieldName('path');
    const lit = p ? stringLit(p) : undefined;
    if (lit) specs.push({ path: lit.value, name: s.childForFieldName('name')?.text, start: s.startIndex, end: s.endIndex });
  }
  let openParen: number | undefined;
  let closeParen: number | undefined;
  if (list) {
    for (let i = 0; i < list.childCount; i++) {
      const c = list.child(i);
      if (c?.type === '(') openParen = c.endIndex;
      if (c?.type === ')') closeParen = c.startIndex;
    }
  }
  return { start: n.startIndex, end: n.endIndex, block: !!list, openParen, closeParen, specs };
}

function importNames(imports: GoImport[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const imp of imports) {
    if (imp.name === '_' || imp.name === '.') continue;
    m.set(imp.name ?? defaultImportName(imp.path), imp.path);
  }
  return m;
}

function isCgoImport(p: string): boolean {
  return CGO_MODULES.some((m) => (m.endsWith('/') ? p.startsWith(m) : p === m || p.startsWith(m + '/')));
}

function isFlagReceiver(pkg: string | undefined, recv: TSNode | undefined): boolean {
  if (pkg === 'flag' || pkg === 'github.com/spf13/pflag') return true;
  if (!recv) return false;
  const t = recv.text;
  return /(^|\.)(Flags|PersistentFlags)\(\)$/.test(t) || /^(fs|flags|flagSet|flagset|fset)$/.test(t);
}

interface CallInfo {
  /** Import path of the package for `pkg.Fn(...)` calls. */
  pkg: string | undefined;
  fn: string;
  /** Receiver expression of a method call. */
  recv: TSNode | undefined;
  readonly args: TSNode[];
  /** Text of the callee, e.g. "http.ListenAndServe", "r.Run". */
  callee: string;
}

function callInfo(n: TSNode, pkgOf: (name: string) => string | undefined): CallInfo | undefined {
  const fnNode = n.childForFieldName('function');
  const argList = n.childForFieldName('arguments');
  if (!fnNode || !argList) return undefined;
  if (fnNode.type === 'selector_expression') {
    const operand = fnNode.childForFieldName('operand');
    const field = fnNode.childForFieldName('field')?.text ?? '';
    const pkg = operand?.type === 'identifier' ? pkgOf(operand.text) : undefined;
    return new Call(pkg, field, pkg ? undefined : operand ?? undefined, argList, `${operand?.text ?? ''}.${field}`);
  }
  if (fnNode.type === 'identifier') return new Call(undefined, fnNode.text, undefined, argList, fnNode.text);
  return undefined;
}

/**
 * A call's {@link CallInfo}. Its arguments are read from the tree when first asked for: most calls
 * of a file are of no interest, and handing each argument node over from the parser costs more than
 * the rest of the call's facts together.
 */
class Call implements CallInfo {
  private argNodes: TSNode[] | undefined;
  constructor(
    readonly pkg: string | undefined,
    readonly fn: string,
    readonly recv: TSNode | undefined,
    private readonly argList: TSNode,
    readonly callee: string,
  ) {}
  get args(): TSNode[] {
    return (this.argNodes ??= this.argList.namedChildren.filter((a): a is TSNode => !!a && a.type !== 'comment'));
  }
}

function shortText(n: TSNode): string {
  const t = n.text.replace(/\s+/g, ' ');
  return t.length > 40 ? t.slice(0, 37) + '...' : t;
}

/** Turns expressions into symbolic values. Recursion is bounded by MAX_EVAL_DEPTH. */
class Evaluator {
  constructor(private readonly pkgOf: (name: string) => string | undefined) {}

  eval(n: TSNode | null | undefined, scope: number, depth = 0): GoValue {
    if (!n) return { k: 'unknown', text: '' };
    if (depth > MAX_EVAL_DEPTH) return { k: 'unknown', text: shortText(n) };
    switch (n.type) {
      case 'interpreted_string_literal':
      case 'raw_string_literal': {
        const lit = stringLit(n);
        return lit ? { k: 'str', lit } : { k: 'unknown', text: shortText(n) };
      }
      case 'int_literal': {
        const v = Number(n.text.replace(/_/g, ''));
        return Number.isFinite(v) ? { k: 'int', value: v, start: n.startIndex, end: n.endIndex } : { k: 'unknown', text: n.text };
      }
      case 'identifier':
        return { k: 'ref', name: n.text, scope, start: n.startIndex, end: n.endIndex };
      case 'parenthesized_expression':
        return this.eval(n.namedChildren.find((c) => c?.type !== 'comment'), scope, depth + 1);
      case 'unary_expression': {
        const op = n.childForFieldName('operator')?.text;
        if (op === '*' || op === '&') return this.eval(n.childForFieldName('operand'), scope, depth + 1);
        return { k: 'unknown', text: shortText(n) };
      }
      case 'binary_expression': {
        if (n.childForFieldName('operator')?.text !== '+') return { k: 'unknown', text: shortText(n) };
        const parts: GoValue[] = [];
        for (const side of [n.childForFieldName('left'), n.childForFieldName('right')]) {
          const v = this.eval(side, scope, depth + 1);
          if (v.k === 'cat') parts.push(...v.parts);
          else parts.push(v);
        }
        return { k: 'cat', parts };
      }
      case 'selector_expression': {
        const op = n.childForFieldName('operand');
        const field = n.childForFieldName('field')?.text;
        if (op?.type === 'identifier' && this.pkgOf(op.text) === 'os' && (field === 'Stdout' || field === 'Stderr')) return { k: 'stdio', name: `os.${field}` };
        return { k: 'unknown', text: shortText(n) };
      }
      case 'call_expression':
        return this.evalCall(n, scope, depth);
      case 'composite_literal':
        return this.evalComposite(n, scope, depth);
      default:
        return { k: 'unknown', text: shortText(n) };
    }
  }

  private evalComposite(n: TSNode, scope: number, depth: number): GoValue {
    const type = n.childForFieldName('type');
    const t = type?.text ?? '';
    const q = qualified(type, this.pkgOf);
    if (q && q.pkg.startsWith('gopkg.in/natefinch/lumberjack') && q.name === 'Logger') {
      const f = keyedValue(n, 'Filename');
      return { k: 'file', path: f ? this.eval(f, scope, depth + 1) : { k: 'unknown', text: 'Filename' }, via: 'lumberjack' };
    }
    if (q && q.pkg === 'net/http' && q.name === 'Server') return { k: 'obj', framework: 'net/http' };
    if (q && q.pkg === 'net' && (q.name === 'TCPAddr' || q.name === 'UDPAddr')) {
      const ip = keyedValue(n, 'IP');
      const port = keyedValue(n, 'Port');
      const host = ip ? this.evalIP(ip, scope, depth) : { k: 'text' as const, text: '' };
      return { k: 'cat', parts: [host, { k: 'text', text: ':' }, port ? this.eval(port, scope, depth + 1) : { k: 'text', text: '0' }] };
    }
    return { k: 'unknown', text: t };
  }

  private evalIP(n: TSNode, scope: number, depth: number): GoValue {
    if (n.type === 'call_expression') {
      const info = callInfo(n, this.pkgOf);
      if (info?.pkg === 'net' && info.fn === 'ParseIP') return this.eval(info.args[0], scope, depth + 1);
      if (info?.pkg === 'net' && info.fn === 'IPv4' && info.args.length === 4 && info.args.every((a) => a.type === 'int_literal')) {
        return { k: 'text', text: info.args.map((a) => a.text).join('.') };
      }
    }
    if (n.type === 'selector_expression') {
      const t = n.text.replace(/\s+/g, '');
      if (t === 'net.IPv4zero' || t === 'net.IPv6zero' || t === 'net.IPv6unspecified') return { k: 'text', text: '' };
      if (t === 'net.IPv6loopback') return { k: 'text', text: '[::1]' };
    }
    return { k: 'unknown', text: shortText(n) };
  }

  private evalCall(n: TSNode, scope: number, depth: number): GoValue {
    const info = callInfo(n, this.pkgOf);
    if (!info) return { k: 'unknown', text: shortText(n) };
    const { pkg, fn, recv, args } = info;
    const arg = (i: number) => this.eval(args[i], scope, depth + 1);
    if (pkg === 'os' && fn === 'Getenv') {
      const lit = args[0] && stringLit(args[0]);
      return lit ? { k: 'env', name: lit.value, def: undefined } : { k: 'unknown', text: shortText(n) };
    }
    if (pkg === 'os' && (fn === 'OpenFile' || fn === 'Create')) return { k: 'file', path: arg(0), via: `os.${fn}` };
    if (pkg === 'fmt' && fn === 'Sprintf' && args.length >= 1) return { k: 'fmt', format: arg(0), args: args.slice(1).map((_, i) => arg(i + 1)) };
    if ((pkg === 'fmt' && fn === 'Sprint' && args.length === 1) || (pkg === 'strconv' && fn === 'Itoa') || (pkg === 'strings' && fn === 'TrimSpace')) return arg(0);
    if (pkg === 'net' && fn === 'JoinHostPort' && args.length === 2) return { k: 'cat', parts: [arg(0), { k: 'text', text: ':' }, arg(1)] };
    // filepath.Join("data", "app.db"): the parts with slashes between (Join also cleans the result; paths are cleaned where they are used).
    if ((pkg === 'path/filepath' || pkg === 'path') && fn === 'Join' && args.length >= 1 && !args.some((a) => a.type === 'variadic_argument')) {
      return { k: 'cat', parts: args.flatMap((_, i) => (i ? [{ k: 'text', text: '/' } as GoValue, arg(i)] : [arg(i)])) };
    }
    if (pkg === 'net' && (fn === 'ResolveTCPAddr' || fn === 'ResolveUDPAddr') && args.length === 2) return arg(1);
    if (pkg === 'cmp' && fn === 'Or' && args.length >= 2) return { k: 'or', alts: args.map((_, i) => arg(i)) };
    if (pkg?.startsWith('github.com/kataras/iris') && (fn === 'Addr' || fn === 'TLS')) return arg(0);
    if (pkg === 'io' && fn === 'MultiWriter') return { k: 'multi', parts: args.map((_, i) => arg(i)) };
    if (pkg) {
      for (const c of FRAMEWORK_CTORS) if (pkg.startsWith(c.prefix) && c.funcs.includes(fn)) return { k: 'obj', framework: c.framework };
    }
    const defIdx = own(FLAG_FUNCS, fn);
    if (defIdx !== undefined && !fn.endsWith('Var') && !fn.endsWith('VarP') && isFlagReceiver(pkg, recv)) {
      const nameLit = args[0] && stringLit(args[0]);
      if (nameLit) return { k: 'flag', name: nameLit.value, def: arg(defIdx) };
    }
    // kingpin: kingpin.Flag("listen", "...").Default(":8080").String()
    if (!pkg && recv?.type === 'call_expression' && (fn === 'String' || fn === 'Int')) {
      const dflt = callInfo(recv, this.pkgOf);
      if (dflt?.fn === 'Default' && dflt.args.length === 1) {
        let name: string | undefined;
        let r: TSNode | undefined = dflt.recv;
        for (let hops = 0; r?.type === 'call_expression' && hops < 8; hops++) {
          const ci = callInfo(r, this.pkgOf);
          if (ci?.fn === 'Flag' && ci.args[0]) name = stringLit(ci.args[0])?.value;
          r = ci?.recv;
        }
        if (name) return { k: 'flag', name, def: this.eval(dflt.args[0], scope, depth + 1) };
      }
    }
    if (!pkg && !recv) return { k: 'call', fn, args: args.map((_, i) => arg(i)), text: shortText(n) };
    return { k: 'unknown', text: shortText(n) };
  }
}

function qualified(type: TSNode | null | undefined, pkgOf: (name: string) => string | undefined): { pkg: string; name: string } | undefined {
  if (!type) return undefined;
  if (type.type === 'qualified_type') {
    const p = type.childForFieldName('package')?.text;
    const name = type.childForFieldName('name')?.text;
    const pkg = p ? pkgOf(p) : undefined;
    return pkg && name ? { pkg, name } : undefined;
  }
  return undefined;
}

/** The value node of `Key: value` in a composite literal. */
function keyedValue(comp: TSNode, key: string): TSNode | undefined {
  const body = comp.childForFieldName('body');
  for (const el of body?.namedChildren ?? []) {
    if (!el || el.type !== 'keyed_element') continue;
    const k = el.childForFieldName('key') ?? el.namedChildren[0];
    const v = el.childForFieldName('value') ?? el.namedChildren[1];
    if (k?.text.trim() !== key || !v) continue;
    return v.type === 'literal_element' ? v.namedChildren.find((c) => c?.type !== 'comment') ?? undefined : v;
  }
  return undefined;
}

function collectBindings(n: TSNode, scope: number, ev: Evaluator, out: Binding[]): void {
  if (n.type === 'var_spec' || n.type === 'const_spec') {
    const names = n.childrenForFieldName('name');
    const value = n.childForFieldName('value');
    const vals = value ? value.namedChildren.filter((c): c is TSNode => !!c && c.type !== 'comment') : [];
    const isConst = n.type === 'const_spec';
    names.forEach((nm, k) => {
      if (!nm || nm.text === '_') return;
      if (vals.length === names.length) out.push({ name: nm.text, scope, value: ev.eval(vals[k], scope), isConst, start: n.startIndex });
      else if (vals.length === 1 && names.length === 2 && k === 0) out.push({ name: nm.text, scope, value: multiValue(vals[0], scope, ev), isConst, start: n.startIndex });
      else if (vals.length || isConst) out.push({ name: nm.text, scope, value: { k: 'unknown', text: nm.text }, isConst, start: n.startIndex });
    });
    return;
  }
  // short_var_declaration and assignment_statement
  if (n.type === 'assignment_statement' && n.childForFieldName('operator')?.text !== '=') return;
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  const names = left?.namedChildren.filter((c): c is TSNode => !!c && c.type !== 'comment') ?? [];
  const vals = right?.namedChildren.filter((c): c is TSNode => !!c && c.type !== 'comment') ?? [];
  names.forEach((nm, k) => {
    if (nm.type !== 'identifier' || nm.text === '_') return;
    let value: GoValue;
    if (vals.length === names.length) value = ev.eval(vals[k], scope);
    else if (vals.length === 1 && k === 0) value = multiValue(vals[0], scope, ev);
    else value = { k: 'unknown', text: nm.text };
    out.push({ name: nm.text, scope, value, isConst: false, start: n.startIndex });
  });
}

/** The first result of a multi-value expression: `v, ok := os.LookupEnv("X")`, `f, err := os.OpenFile(...)`. */
function multiValue(n: TSNode, scope: number, ev: Evaluator): GoValue {
  if (n.type === 'call_expression') {
    const fnText = n.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
    const args = n.childForFieldName('arguments')?.namedChildren.filter((c): c is TSNode => !!c && c.type !== 'comment') ?? [];
    if (fnText === 'os.LookupEnv' && args[0]) {
      const lit = stringLit(args[0]);
      if (lit) return { k: 'env', name: lit.value, def: undefined };
    }
    return ev.eval(n, scope);
  }
  return { k: 'unknown', text: shortText(n) };
}

interface CallFlags {
  /** Inside a go statement or a func literal. */
  async: boolean;
  /** Inside an if/switch on runtime.GOOS. */
  guarded: boolean;
}

function collectCallFacts(n: TSNode, scope: number, flags: CallFlags, info: CallInfo, ev: Evaluator, facts: GoFacts, byName: BindingIndex): void {
  const sym = facts.symbols;
  const { pkg, fn, recv, callee } = info;
  const site = { start: n.startIndex, end: n.endIndex, scope };
  const calleeEnd = n.childForFieldName('function')?.endIndex ?? n.endIndex;

  // Listen sites.
  let listenIdx: number | undefined;
  let framework = '';
  const listenFunc = pkg ? own(own(LISTEN_FUNCS, pkg) ?? {}, fn) : undefined;
  if (pkg && listenFunc !== undefined) {
    listenIdx = listenFunc;
    framework = pkg === 'github.com/cloudwego/hertz/pkg/app/server' ? 'hertz' : pkg === 'github.com/fvbock/endless' ? 'net/http' : pkg;
    if (pkg === 'net' && facts.imports.some((i) => i.path === 'google.golang.org/grpc')) framework = 'grpc';
  } else if (pkg && /^github\.com\/go-kratos\/kratos(\/v\d+)?\/transport\/(http|grpc)$/.test(pkg) && fn === 'Address') {
    listenIdx = 0;
    framework = 'kratos';
  } else if (!pkg && recv && LISTEN_METHODS.has(fn)) {
    const owner = recv.type === 'identifier' ? frameworkOf(recv.text, scope, byName, sym.scopeParents) : undefined;
    // An http.Server's ListenAndServe(TLS) takes no address (it is the composite's Addr) but cert files.
    if (owner === 'net/http') {
      // The http.Server{Addr} composite is the listen site; note whether it is served from main's flow.
      if (/^(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)$/.test(fn) && !flags.async) facts.blockingServe = true;
    } else if (info.args.length >= 1) {
      listenIdx = 0;
      framework = owner ?? '';
    } else if (owner === undefined && /^(ListenAndServe|ListenAndServeTLS)$/.test(fn) && (fn === "ListenAndServe" ? info.args.length === 0 : info.args.length === 2)) {
      // A server made elsewhere (another package's constructor, a struct field): it listens, on an
      // address this package does not show. Recorded as unknown, so that no rule takes the known
      // listen sites for all of them.
      sym.listens.push({ api: callee, calleeEnd, async: flags.async, framework: 'unknown', ...site, addr: { k: 'unknown', text: callee }, argStart: undefined, argEnd: undefined });
    } else if (owner === 'gin' && fn === 'Run') {
      // gin's Run() with no address listens on $PORT, else :8080.
      sym.listens.push({ api: callee, calleeEnd, async: flags.async, framework: 'gin', ...site, addr: { k: 'env', name: 'PORT', def: { k: 'text', text: ':8080' } }, argStart: undefined, argEnd: undefined });
    }
  }
  if (listenIdx !== undefined && info.args[listenIdx]) {
    const a = info.args[listenIdx];
    const addr = ev.eval(a, scope);
    // Framework methods with an unknown receiver count only when the argument looks like an address.
    if (framework || looksLikeAddr(addr)) {
      sym.listens.push({ api: callee, calleeEnd, async: flags.async, framework: framework || 'unknown', ...site, addr, argStart: a.startIndex, argEnd: a.endIndex });
    }
  }

  // Dial sites.
  if (pkg) {
    for (const d of DIAL_FUNCS) {
      const match = d.path.endsWith('/') ? pkg.startsWith(d.path) : pkg === d.path;
      const dial = match ? own(d.funcs, fn) : undefined;
      if (!dial) continue;
      const [idx, kind] = dial;
      let k: DialKind | undefined = kind === 'by-driver' ? undefined : kind;
      if (kind === 'by-driver') {
        const drv = info.args[0] && stringLit(info.args[0]);
        k = drv ? own(SQL_DRIVERS, drv.value) ?? (drv.value === 'sqlite3' || drv.value === 'sqlite' ? undefined : 'sql') : 'sql';
      }
      if (k && info.args[idx]) sym.dials.push({ api: callee, kind: k, ...site, target: ev.eval(info.args[idx], scope) });
    }
    if (pkg === 'google.golang.org/grpc' && (fn === 'Dial' || fn === 'NewClient' || fn === 'DialContext')) {
      const a = info.args[fn === 'DialContext' ? 1 : 0];
      if (a) sym.dials.push({ api: callee, kind: 'grpc', ...site, target: ev.eval(a, scope) });
    }
    if (pkg.startsWith('github.com/IBM/sarama') || pkg.startsWith('github.com/Shopify/sarama')) {
      if (/^New(Client|SyncProducer|AsyncProducer|ConsumerGroup|Consumer|ClusterAdmin)$/.test(fn) && info.args[0]?.type === 'composite_literal') {
        for (const el of info.args[0].childForFieldName('body')?.namedChildren ?? []) {
          const v = el?.type === 'literal_element' ? el.namedChildren[0] : el;
          if (v && v.type !== 'comment') sym.dials.push({ api: callee, kind: 'kafka', ...site, target: ev.eval(v, scope) });
        }
      }
    }
  } else if (recv && fn === 'ApplyURI' && info.args[0]) {
    sym.dials.push({ api: callee, kind: 'mongo', ...site, target: ev.eval(info.args[0], scope) });
  }

  // Time zones.
  if (pkg === 'time' && fn === 'LoadLocation') {
    sym.timeZones.push({ ...site, name: ev.eval(info.args[0], scope), calleeEnd: n.childForFieldName('function')?.endIndex ?? n.endIndex });
  }

  // Outbound TLS.
  if (pkg === 'net/http') {
    const idx = own({ Get: 0, Head: 0, Post: 0, PostForm: 0, NewRequest: 1, NewRequestWithContext: 2 } as Record<string, number>, fn);
    if (idx !== undefined && info.args[idx]) sym.tls.push({ kind: 'url', api: callee, ...site, url: ev.eval(info.args[idx], scope) });
  } else if (!pkg && recv && /^(Get|Post|Head|Put|Patch|Delete|PostForm)$/.test(fn) && info.args[0]) {
    sym.tls.push({ kind: 'url', api: callee, ...site, url: ev.eval(info.args[0], scope) });
  } else if (pkg === 'crypto/tls' && (fn === 'Dial' || fn === 'DialWithDialer' || fn === 'Client')) {
    const cfg = info.args[fn === 'DialWithDialer' ? 3 : fn === 'Client' ? 1 : 2];
    if (usesSystemRoots(cfg)) sym.tls.push({ kind: 'tls-dial', api: callee, ...site, url: undefined });
  } else if (pkg === 'google.golang.org/grpc/credentials') {
    if ((fn === 'NewClientTLSFromCert' && info.args[0]?.type === 'nil') || (fn === 'NewTLS' && usesSystemRoots(info.args[0]))) {
      sym.tls.push({ kind: 'grpc-tls', api: callee, ...site, url: undefined });
    }
  } else if (pkg === 'crypto/x509' && fn === 'SystemCertPool') {
    sym.tls.push({ kind: 'system-roots', api: callee, ...site, url: undefined });
  } else if (pkg?.startsWith('github.com/gorilla/websocket') || (recv && /(^|\.)DefaultDialer$/.test(recv.text) && fn === 'Dial')) {
    if (fn === 'Dial' && info.args[0]) sym.tls.push({ kind: 'url', api: callee, ...site, url: ev.eval(info.args[0], scope) });
  }

  // Signals and shutdown.
  if (pkg === 'os/signal' && (fn === 'Notify' || fn === 'NotifyContext')) facts.signals.push({ api: callee, start: n.startIndex, end: n.endIndex });
  if (recv && /^(Shutdown|ShutdownWithContext|ShutdownWithTimeout|GracefulStop)$/.test(fn)) facts.shutdowns.push({ api: callee, start: n.startIndex, end: n.endIndex });

  // Log sinks.
  const sink = LOG_SINKS.find((s) => s.fn === fn && (pkg ? s.path === pkg : false));
  if (sink && info.args[sink.arg]) sym.logs.push({ sink: callee, ...site, target: ev.eval(info.args[sink.arg], scope) });
  else if (!pkg && recv && fn === 'SetOutput' && info.args[0]) sym.logs.push({ sink: callee, ...site, target: ev.eval(info.args[0], scope) });

  // Files the program reads and writes.
  const fileUse = (op: FileOp, idx: number | 'all' | 'default') => {
    if (idx === 'default') {
      if (!info.args.length) sym.files.push({ api: callee, op, ...site, arg: undefined, guarded: flags.guarded });
      else for (const a of info.args) sym.files.push({ api: callee, op, ...site, arg: ev.eval(a, scope), guarded: flags.guarded });
    } else if (idx === 'all') {
      for (const a of info.args) if (a.type !== 'variadic_argument') sym.files.push({ api: callee, op, ...site, arg: ev.eval(a, scope), guarded: flags.guarded });
    } else if (info.args[idx]) sym.files.push({ api: callee, op, ...site, arg: ev.eval(info.args[idx], scope), guarded: flags.guarded });
  };
  const fileFn = pkg ? own(own(FILE_FUNCS, pkg) ?? {}, fn) : undefined;
  const fileMethod = own(FILE_METHODS, fn);
  const staticMethod = own(STATIC_METHODS, fn);
  if (fileFn) fileUse(...fileFn);
  else if (pkg === 'os' && fn === 'OpenFile' && info.args[0]) fileUse(/O_(CREATE|WRONLY|RDWR|APPEND|TRUNC)/.test(info.args[1]?.text ?? '') ? 'write' : 'read', 0);
  else if (pkg === 'database/sql' && fn === 'Open' && /^"sqlite3?"$/.test(info.args[0]?.text ?? '')) fileUse('write', 1);
  else if (!pkg && recv && fileMethod) fileUse(...fileMethod);
  else if (!pkg && recv && staticMethod && recv.type === 'identifier' && /^(gin|echo|fiber|iris|hertz)$/.test(frameworkOf(recv.text, scope, byName, sym.scopeParents) ?? '')) fileUse(...staticMethod);

  // File-system paths.
  if (pkg && PATH_PACKAGES.has(pkg)) {
    const guarded = flags.guarded;
    for (const a of info.args) {
      if (a.type === 'interpreted_string_literal' || a.type === 'raw_string_literal' || a.type === 'identifier' || a.type === 'binary_expression' || a.type === 'call_expression') {
        sym.paths.push({ api: callee, ...site, arg: ev.eval(a, scope), guarded });
      }
    }
  }
}

function collectCompositeFacts(n: TSNode, scope: number, ev: Evaluator, pkgOf: (name: string) => string | undefined, facts: GoFacts): void {
  const sym = facts.symbols;
  const type = n.childForFieldName('type');
  const typeName = type?.text ?? '';
  const site = { start: n.startIndex, end: n.endIndex, scope };
  if (/(^|\.)Server$/.test(typeName)) {
    const v = keyedValue(n, 'Addr');
    if (v) sym.listens.push({ api: `${typeName}{Addr}`, calleeEnd: type?.endIndex ?? n.endIndex, async: !facts.blockingServe, framework: 'net/http', ...site, addr: ev.eval(v, scope), argStart: v.startIndex, argEnd: v.endIndex });
  }
  const q = qualified(type, pkgOf);
  if (!q) return;
  for (const d of DIAL_COMPOSITES) {
    const match = d.path.endsWith('/') ? q.pkg.startsWith(d.path) : q.pkg === d.path;
    if (!match || q.name !== d.type) continue;
    const v = keyedValue(n, d.field);
    if (!v) continue;
    if (v.type === 'composite_literal') {
      for (const el of v.childForFieldName('body')?.namedChildren ?? []) {
        const e = el?.type === 'literal_element' ? el.namedChildren[0] : el;
        if (e && e.type !== 'comment') sym.dials.push({ api: `${typeName}{${d.field}}`, kind: d.kind, ...site, target: ev.eval(e, scope) });
      }
    } else sym.dials.push({ api: `${typeName}{${d.field}}`, kind: d.kind, ...site, target: ev.eval(v, scope) });
  }
  if (q.pkg === 'go.uber.org/zap' && q.name === 'Config') {
    const v = keyedValue(n, 'OutputPaths');
    if (v?.type === 'composite_literal') {
      const outs = (v.childForFieldName('body')?.namedChildren ?? [])
        .map((el) => (el?.type === 'literal_element' ? el.namedChildren[0] : el))
        .filter((e): e is TSNode => !!e && e.type !== 'comment')
        .map((e) => ev.eval(e, scope));
      sym.logs.push({ sink: typeName, ...site, target: { k: 'multi', parts: outs.map((o) => (o.k === 'str' && /^(stdout|stderr)$/.test(o.lit.value) ? { k: 'stdio', name: o.lit.value } : { k: 'file', path: o, via: 'zap' })) } });
    }
  }
}

/** Whether a TLS config argument leaves verification to the system roots. */
function usesSystemRoots(cfg: TSNode | undefined): boolean {
  if (!cfg || cfg.type === 'nil') return true;
  const comp = cfg.type === 'unary_expression' ? cfg.childForFieldName('operand') : cfg;
  if (comp?.type !== 'composite_literal') return false;
  return !keyedValue(comp, 'RootCAs') && !keyedValue(comp, 'InsecureSkipVerify') && !keyedValue(comp, 'VerifyPeerCertificate');
}

function looksLikeAddr(v: GoValue): boolean {
  if (v.k === 'str') return /^[\w.\-[\]:]*:\d*$/.test(v.lit.value) || /^:\d+$/.test(v.lit.value);
  if (v.k === 'cat') return v.parts.some((p) => p.k === 'str' && p.lit.value.includes(':') && !p.lit.value.includes('//'));
  if (v.k === 'fmt') return v.format.k === 'str' && /:%/.test(v.format.lit.value);
  if (v.k === 'env' || v.k === 'flag') return !!v.def && looksLikeAddr(v.def);
  return false;
}

/** The framework object a receiver name was bound to (r := gin.Default(), srv := &http.Server{...}). */
function frameworkOf(name: string, scope: number, bindings: BindingIndex, parents: number[]): string | undefined {
  for (let s = scope; s >= 0; s = s === 0 ? -1 : parents[s] ?? -1) {
    const b = bindings.get(s + '\0' + name);
    if (!b?.length) continue;
    const obj = b.find((x) => x.value.k === 'obj');
    return obj && obj.value.k === 'obj' ? obj.value.framework : undefined;
  }
  return undefined;
}

/** Recognises `log.Fatal(http.ListenAndServe(a, h))`, `r.Run(a)`, `e.Logger.Fatal(e.Start(a))` as main's last statement. */
function serveStatement(
  body: TSNode,
  text: string,
  pkgOf: (name: string) => string | undefined,
  imports: Map<string, string>,
  bindings: BindingIndex,
  parents: number[],
  mainScope: number,
): ServeStatement | undefined {
  const list = body.namedChildren.find((c) => c?.type === 'statement_list');
  const stmts = (list ?? body).namedChildren.filter((c): c is TSNode => !!c && c.type !== 'comment');
  const last = stmts[stmts.length - 1];
  if (!last || last.type !== 'expression_statement') return undefined;
  // The statement must be alone on its line(s).
  const lineStart = text.lastIndexOf('\n', last.startIndex - 1) + 1;
  const indent = text.slice(lineStart, last.startIndex);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const afterNl = text.indexOf('\n', last.endIndex);
  const rest = text.slice(last.endIndex, afterNl < 0 ? text.length : afterNl).trim();
  if (rest) return undefined;
  let call = last.namedChildren[0];
  if (call?.type !== 'call_expression') return undefined;
  let info = callInfo(call, pkgOf);
  if (!info) return undefined;
  let wrapped = false;
  const wrapperText = call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
  if (((info.pkg === 'log' && /^Fatal(ln)?$/.test(info.fn)) || /^\w+\.Logger\.Fatal$/.test(wrapperText)) && info.args.length === 1 && info.args[0].type === 'call_expression') {
    call = info.args[0];
    info = callInfo(call, pkgOf);
    wrapped = true;
    if (!info) return undefined;
  }
  let httpName: string | undefined;
  for (const [name, p] of imports) if (p === 'net/http') httpName = name;
  const simple = (n: TSNode) => /^[\w.":`/\-[\]+ ]+$/.test(n.text) && !n.text.includes('\n');
  if (info.pkg === 'net/http' && info.fn === 'ListenAndServe' && info.args.length === 2 && simple(info.args[0])) {
    const h = info.args[1];
    if (h.text.includes('\n')) return undefined;
    return { start: last.startIndex, end: last.endIndex, indent, kind: 'net/http', addr: info.args[0].text, handler: h.type === 'nil' ? undefined : h.text, httpName };
  }
  if (!info.pkg && info.recv?.type === 'identifier' && info.args.length === 1 && simple(info.args[0])) {
    const fw = frameworkOf(info.recv.text, mainScope, bindings, parents);
    if (fw === 'gin' && info.fn === 'Run') return { start: last.startIndex, end: last.endIndex, indent, kind: 'gin', addr: info.args[0].text, handler: info.recv.text, httpName };
    if (fw === 'echo' && info.fn === 'Start' && (!wrapped || wrapperText === `${info.recv.text}.Logger.Fatal` || /^log\.Fatal/.test(wrapperText))) {
      return { start: last.startIndex, end: last.endIndex, indent, kind: 'echo', addr: info.args[0].text, handler: info.recv.text, httpName };
    }
  }
  return undefined;
}

export function stringLit(n: TSNode): StringLit | undefined {
  if (n.type === 'raw_string_literal') {
    const t = n.text;
    if (t.length < 2 || !t.endsWith('`')) return undefined;
    return { value: t.slice(1, -1), start: n.startIndex, end: n.endIndex, quote: '`' };
  }
  if (n.type === 'interpreted_string_literal') {
    const t = n.text;
    if (t.length < 2 || !t.endsWith('"')) return undefined;
    const body = t.slice(1, -1);
    const value = body.replace(/\\(["\\nt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
    const inexact = /\\[^"\\nt]/.test(body.replace(/\\\\/g, ''));
    return inexact ? { value, start: n.startIndex, end: n.endIndex, quote: '"', inexact } : { value, start: n.startIndex, end: n.endIndex, quote: '"' };
  }
  return undefined;
}

/** Renders a new value for a literal in the literal's own quoting style, or undefined when it cannot. */
export function renderLiteral(lit: StringLit, value: string): string | undefined {
  if (lit.quote === '`') return value.includes('`') ? undefined : '`' + value + '`';
  if (lit.inexact) return undefined;
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
}
