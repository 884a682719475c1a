/**
 * What the localhost-dial rules share (DGT307 for programs compose runs, DGT309 for programs only a
 * Dockerfile runs): names of the servers a program dials, the ports well-known images listen on, the
 * compose services that provide a port, and the loopback server addresses of the config files a
 * program reads (model/configFiles.ts).
 */
import * as path from 'node:path';
import type { Containerization, Project } from '../../project/project';
import type { RelatedInput } from '../../core/types';
import { mapGet, isMap, isSeq, scalarString, Node } from '../../parse/compose';
import { splitImage } from '../../parse/dockerfile';
import type { DialKind } from '../../parse/go';
import { runtimeSettings } from '../../model/goMain';
import { imageConfigFiles, loopbackAddresses, SERVER_PORTS, type ConfigAddress } from '../../model/configFiles';
import { packageFileUses, packageGoFiles, programsOfPackage, type ProgramFileUse } from '../../model/programFiles';

export const KIND_NAMES: Record<DialKind, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  sql: 'database',
  redis: 'Redis',
  mongo: 'MongoDB',
  amqp: 'RabbitMQ',
  nats: 'NATS',
  kafka: 'Kafka',
  grpc: 'gRPC',
};

/** Default ports of well-known images. */
export const IMAGE_PORTS: [RegExp, number][] = [
  [/(^|\/)(postgres|postgis|postgresql|timescaledb(-ha)?|pgvector|supabase-postgres)$/, 5432],
  [/(^|\/)(mysql|mariadb|percona(-server)?|mysql-server)$/, 3306],
  [/(^|\/)(redis|valkey|keydb|redis-stack(-server)?|dragonfly)$/, 6379],
  [/(^|\/)(mongo|mongodb(-community-server)?)$/, 27017],
  [/(^|\/)rabbitmq$/, 5672],
  [/(^|\/)nats$/, 4222],
  [/(^|\/)(cp-kafka|kafka)$/, 9092],
];

export interface Provider {
  name: string;
  keyStart: number;
  keyEnd: number;
  composePath: string;
}

export function containerPorts(node: Node | undefined): number[] {
  const out: number[] = [];
  if (!isSeq(node)) return out;
  for (const item of node.items) {
    if (isMap(item)) {
      const t = scalarString(item.get('target', true) as Node | undefined);
      if (t && /^\d+$/.test(t)) out.push(Number(t));
      continue;
    }
    const s = scalarString(item as Node);
    if (!s) continue;
    const m = /(\d+)(?:-\d+)?(?:\/\w+)?$/.exec(s);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

/** Compose services of the same file (other than the program's own) that serve `port`. */
export function providers(project: Project, c: Containerization, port: number): Provider[] {
  const s = c.build.service;
  if (!s) return [];
  const model = project.compose(s.composePath);
  const out: Provider[] = [];
  for (const svc of model?.services ?? []) {
    if (svc.name === s.name) continue;
    const image = scalarString(mapGet(svc.doc, svc.node, 'image'));
    const repo = image ? splitImage(image).repo : undefined;
    const byImage = repo !== undefined && IMAGE_PORTS.some(([re, p]) => p === port && re.test(repo));
    const declared = [...containerPorts(mapGet(svc.doc, svc.node, 'ports')), ...containerPorts(mapGet(svc.doc, svc.node, 'expose'))];
    if (byImage || declared.includes(port)) out.push({ name: svc.name, keyStart: svc.keyStart, keyEnd: svc.keyEnd, composePath: s.composePath });
  }
  return out;
}

/** The default port of a server by name (`MySQL` → 3306). */
export function defaultPort(what: string): number | undefined {
  for (const [port, name] of Object.entries(SERVER_PORTS)) if (name === what) return Number(port);
  return undefined;
}

/** Environment names that may carry a server's address instead of the config file (`MYSQL_HOST`, `DB_DSN`, `REDIS_ADDR`). */
const ADDRESS_VAR = /(HOST|ADDR|ADDRESS|DSN|URL|URI|SERVER)/;

/** A loopback server address in a config file the program reads, and the file-use site that reads it. */
export interface ConfigFinding {
  c: Containerization;
  /** Where the program names the file (the literal, else the call), in this Go file. */
  start: number;
  end: number;
  api: string;
  /** The config file (host path) and how it is shown (relative to the build context). */
  host: string;
  shown: string;
  address: ConfigAddress;
  more: ConfigAddress[];
}

/**
 * The config files that `file` (a Go file of a containerized program) names and the image has,
 * whose server addresses point at loopback — unless the container's environment may carry the
 * address instead (an env_file, or a variable that names such an address).
 */
export function configFindings(project: Project, file: string, text: string, keep: (c: Containerization) => boolean): ConfigFinding[] {
  if (file.endsWith('_test.go') || !/ini\.Load|SetConfig|AddConfigPath|godotenv|DecodeFile|ReadFile/.test(text)) return [];
  if (/^\/\/ Code generated .* DO NOT EDIT\.$/m.test(text.slice(0, 2000))) return [];
  const out: ConfigFinding[] = [];
  const seen = new Set<string>();
  // The config loads of this file's package only: its names resolve across its files.
  const dir = path.dirname(file);
  let uses: ProgramFileUse[] | undefined;
  for (const c of programsOfPackage(project, dir)) {
    if (!keep(c)) continue;
    uses ??= packageFileUses(project, packageGoFiles(project, dir), dir === c.mainDir).uses;
    for (const cf of imageConfigFiles(project, c, uses)) {
      if (cf.use.path !== file || seen.has(cf.host + '\0' + cf.use.start)) continue;
      const body = project.text(cf.host);
      if (body === undefined || body.length > 256 * 1024) continue;
      const rt = runtimeSettings(project, c);
      if (rt.envOpen) continue;
      const found = loopbackAddresses(body).filter((a) => {
        const word = a.what === 'database' ? /DB|DATABASE|SQL|DSN/ : new RegExp(a.what.toUpperCase().slice(0, 5));
        return ![...rt.env.keys()].some((k) => (k === a.key.split('.').pop() || (ADDRESS_VAR.test(k.toUpperCase()) && word.test(k.toUpperCase()))));
      });
      if (!found.length) continue;
      seen.add(cf.host + '\0' + cf.use.start);
      const lit = cf.use.lit && (cf.use.lit.path ?? cf.use.path) === file ? cf.use.lit.lit : undefined;
      out.push({
        c,
        start: lit ? lit.start : cf.use.start,
        end: lit ? lit.end : cf.use.end,
        api: cf.use.api,
        host: cf.host,
        shown: path.relative(c.build.context, cf.host).split(path.sep).join('/'),
        address: found[0],
        more: found.slice(1, 4),
      });
    }
  }
  return out;
}

/** Related locations at the config lines of a finding. */
export function configLines(f: ConfigFinding): RelatedInput[] {
  return [f.address, ...f.more].map((a) => ({ path: f.host, start: a.start, end: a.end, messageId: 'configLine', data: { what: a.what, key: a.key } }));
}
