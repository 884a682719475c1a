/**
 * A goreleaser configuration, as far as Docker images go: the `dockers` and `dockers_v2` entries
 * (their Dockerfile and `extra_files`), the builds' binary names and the project name, with the
 * offsets a fix needs to edit them.
 */
import { parseDocument, isMap, isSeq, isScalar, type Node, type YAMLMap, type Scalar } from 'yaml';

export interface YamlValue {
  value: string;
  start: number;
  end: number;
}

export interface GoreleaserDocker {
  kind: 'dockers' | 'dockers_v2';
  /** The `dockerfile:` value; undefined means the default, `Dockerfile`. */
  dockerfile: YamlValue | undefined;
  /** `templated_dockerfile:` (dockers_v2): the Dockerfile is a template; its path as written. */
  templated: boolean;
  extraFiles: YamlValue[];
  /** The entry's map and the `extra_files` sequence, for edits. */
  node: YAMLMap;
  extraFilesNode: Node | undefined;
  /** Offsets of the entry's first key (where the finding's related location points). */
  start: number;
  end: number;
  skip: boolean;
  /** `goarch:` (dockers: which build's binary goes in; goreleaser's default is amd64). */
  goarch: YamlValue | undefined;
  /** A `--platform=...` (or `--platform ...`) of `build_flag_templates`, its value only. */
  platform: YamlValue | undefined;
}

export interface GoreleaserConfig {
  projectName: string | undefined;
  /** `binary:` of each build (undefined where a build does not set it). */
  binaries: (string | undefined)[];
  dockers: GoreleaserDocker[];
}

function str(node: unknown): YamlValue | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined || typeof node.value === 'object') return undefined;
  const r = (node as Scalar).range;
  return r ? { value: String(node.value), start: r[0], end: r[1] } : undefined;
}

function get(map: YAMLMap, key: string): unknown {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key)?.value;
}

export function parseGoreleaser(text: string): GoreleaserConfig | undefined {
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: false, strict: false, uniqueKeys: false });
  } catch {
    return undefined;
  }
  if (doc.errors.length) return undefined;
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const config: GoreleaserConfig = { projectName: str(get(root, 'project_name'))?.value, binaries: [], dockers: [] };
  const builds = get(root, 'builds');
  if (isSeq(builds)) for (const b of builds.items) config.binaries.push(isMap(b) ? str(get(b, 'binary'))?.value : undefined);
  for (const kind of ['dockers', 'dockers_v2'] as const) {
    const list = get(root, kind);
    if (!isSeq(list)) continue;
    for (const e of list.items) {
      if (!isMap(e) || !e.range) continue;
      const extra = get(e, 'extra_files') as Node | undefined;
      const extraFiles: YamlValue[] = [];
      if (isSeq(extra)) {
        for (const x of extra.items) {
          const v = str(x) ?? (isMap(x) ? str(get(x, 'glob')) : undefined);
          if (v) extraFiles.push(v);
        }
      }
      const skipNode = str(get(e, 'skip_build')) ?? str(get(e, 'disable')) ?? str(get(e, 'skip'));
      const first = e.items[0]?.key as Node | undefined;
      let platform: YamlValue | undefined;
      const flags = get(e, 'build_flag_templates');
      if (isSeq(flags)) {
        for (const f of flags.items) {
          const v = str(f);
          const m = v && /^(["']?)--platform[= ]\s*([^\s"']+)/.exec(v.value);
          if (!v || !m) continue;
          // Offsets of the value in the file only when the scalar is written as its value (plain or quoted).
          platform = { value: m[2], start: v.start, end: v.end };
        }
      }
      config.dockers.push({
        kind,
        dockerfile: str(get(e, 'dockerfile')),
        templated: get(e, 'templated_dockerfile') !== undefined,
        extraFiles,
        node: e,
        extraFilesNode: extra,
        start: first?.range?.[0] ?? e.range[0],
        end: first?.range?.[1] ?? e.range[0],
        skip: skipNode?.value === 'true',
        goarch: str(get(e, 'goarch')),
        platform,
      });
    }
  }
  return config;
}
