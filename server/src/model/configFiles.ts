/**
 * Configuration files a containerized Go program reads (ini, yaml, json, toml, .env) and the database,
 * cache and broker addresses in them that point at the container's own loopback: the file a config
 * loader names (ini.Load, viper's config name and paths, toml.DecodeFile, os.ReadFile, godotenv.Load),
 * as the image has it from the build context, and its `host = 127.0.0.1:3306` lines.
 */
import * as path from 'node:path';
import type { Containerization, Project } from '../project/project';
import { pathIn } from './fileTree';
import { finalWorkdir } from './instructions';
import { composeMountTargets } from './goMain';
import { containerPathOf, type ProgramFileUse } from './programFiles';

/** Well-known ports of the servers a Go service dials, and what runs there. */
export const SERVER_PORTS: Record<number, string> = { 3306: 'MySQL', 5432: 'PostgreSQL', 6379: 'Redis', 27017: 'MongoDB', 5672: 'RabbitMQ', 4222: 'NATS', 9092: 'Kafka', 11211: 'Memcached', 9200: 'Elasticsearch' };

/** Key or section words that name such a server. */
const SERVER_WORDS: [RegExp, string][] = [
  [/mysql|mariadb|tidb/i, 'MySQL'],
  [/postgres|pgsql|^pg|_pg|pg_/i, 'PostgreSQL'],
  [/redis/i, 'Redis'],
  [/mongo/i, 'MongoDB'],
  [/rabbit|amqp|mq/i, 'RabbitMQ'],
  [/nats/i, 'NATS'],
  [/kafka/i, 'Kafka'],
  [/elastic|\bes\b/i, 'Elasticsearch'],
  [/^db|db$|_db|db_|database|dsn|sql/i, 'database'],
];

/** Keys that name the program's own listen address, not a server it dials. */
const OWN_ADDRESS = /^(http|server|app|web|api|listen|bind|grpc|admin|metrics|pprof|debug|swagger)([-_.]?(addr|address|host|port|listen|bind))?$/i;

export interface ConfigAddress {
  /** The key, with its section or parent keys (`database.Host`). */
  key: string;
  /** The value as written. */
  value: string;
  host: string;
  port: number | undefined;
  /** What runs there: by port, else by the key's words. */
  what: string;
  /** Offsets of the host text in the config file. */
  start: number;
  end: number;
}

const LOOPBACK = /(^|[@/(=\s,"'])(localhost|127\.0\.0\.1)(?::(\d{2,5}))?(?=$|[/)?\s,"';])/;

/** The loopback server addresses of a config file's text (ini, toml, yaml, json, .env: read line by line). */
export function loopbackAddresses(text: string): ConfigAddress[] {
  const out: ConfigAddress[] = [];
  let section = '';
  const parents: { indent: number; key: string }[] = [];
  let offset = 0;
  const lines = text.split('\n');
  for (const raw of lines) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (!trimmed || /^[#;]|^\/\//.test(trimmed)) continue;
    const sec = /^\[+([^\]]+)\]+\s*$/.exec(trimmed);
    if (sec) {
      section = sec[1].trim();
      parents.length = 0;
      continue;
    }
    const kv = /^(\s*)(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*(.*)$/.exec(line);
    if (!kv) continue;
    const indent = kv[1].length;
    while (parents.length && parents[parents.length - 1].indent >= indent) parents.pop();
    const key = kv[2];
    const value = kv[3].replace(/\s+#.*$/, '').replace(/,\s*$/, '').trim();
    if (!value || value === '{' || value === '|' || value === '>') {
      parents.push({ indent, key });
      continue;
    }
    const m = LOOPBACK.exec(value);
    if (!m) continue;
    const fullKey = [section, ...parents.map((p) => p.key), key].filter(Boolean).join('.');
    if (OWN_ADDRESS.test(key) && !parents.length && !section) continue;
    if ([section, ...parents.map((p) => p.key), key].some((k) => OWN_ADDRESS.test(k) && !SERVER_WORDS.some(([re]) => re.test(k)))) continue;
    const port = m[3] !== undefined ? Number(m[3]) : undefined;
    const byWord = [section, ...parents.map((p) => p.key), key].reverse().map((k) => SERVER_WORDS.find(([re]) => re.test(k))?.[1]).find(Boolean);
    const what = (port !== undefined ? SERVER_PORTS[port] : undefined) ?? byWord;
    if (!what) continue;
    const valueAt = line.indexOf(kv[3], kv[1].length + key.length);
    const hostAt = valueAt + m.index + m[1].length;
    out.push({ key: fullKey, value, host: m[2], port, what, start: lineStart + hostAt, end: lineStart + hostAt + m[2].length });
  }
  return out;
}

const CONFIG_EXTENSIONS = ['', '.yaml', '.yml', '.json', '.toml', '.ini', '.env', '.conf'];

/** A config file the program reads, as the image has it from the build context. */
export interface ImageConfigFile {
  use: ProgramFileUse;
  containerPath: string;
  host: string;
}

/**
 * The config files the program's file uses name, in the image of `c` (copied from the build context,
 * with no compose mount over them). viper's config name is looked for in each of its config paths.
 */
export function imageConfigFiles(project: Project, c: Containerization, uses: readonly ProgramFileUse[]): ImageConfigFile[] {
  const workdir = finalWorkdir(c.final);
  const model = project.dockerfile(c.build.dockerfile);
  if (!model) return [];
  const mounts = composeMountTargets(project, c.build);
  const out: ImageConfigFile[] = [];
  const seen = new Set<string>();
  const add = (use: ProgramFileUse, candidates: string[]) => {
    for (const cand of candidates) {
      const p = containerPathOf(cand, workdir);
      if (!p || mounts.some((m) => p === m || p.startsWith(m + '/'))) continue;
      const origin = pathIn(project, c.build, model, c.final, p);
      if (origin.kind !== 'context' || project.exists(origin.host) !== 'file' || seen.has(origin.host)) continue;
      seen.add(origin.host);
      out.push({ use, containerPath: p, host: origin.host });
      return;
    }
  };
  const configPaths = uses.filter((u) => u.op === 'configPath' && u.value !== undefined && !u.env.length && !u.flags.length).map((u) => u.value as string);
  for (const u of uses) {
    if (u.guarded || u.value === undefined || u.env.length || u.flags.length) continue;
    if (u.op === 'read' && /\.(ya?ml|json|toml|ini|conf|env)$/i.test(u.value)) add(u, [u.value]);
    else if (u.op === 'configFile') add(u, [u.value]);
    else if (u.op === 'dotenv') add(u, [u.value || '.env']);
    else if (u.op === 'configName' && u.value) {
      for (const dir of configPaths.length ? configPaths : ['.']) add(u, CONFIG_EXTENSIONS.slice(1).map((ext) => path.posix.join(dir, u.value + ext)));
    }
  }
  return out;
}
