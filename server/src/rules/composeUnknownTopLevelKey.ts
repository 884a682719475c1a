/**
 * DGT224 compose-unknown-top-level-key: a top-level key that is not a compose key. Typically the
 * lines under `services:` lost their indentation in a paste, or the file is in the old version 1
 * format; `docker compose` refuses the whole file.
 */
import { composeRule } from './context';
import { editDistance } from '../core/editDistance';
import type { FixInput } from '../core/types';
import { COMPOSE_TOP_LEVEL_KEYS, SERVICE_DEFINING_KEYS } from '../facts/compose';
import { isMap, isScalar, resolve, type Node } from '../parse/compose';

/** The compose section a key is a near miss of (`service`, `volume`), if any. */
function nearKey(key: string): string | undefined {
  return COMPOSE_TOP_LEVEL_KEYS.find((k) => k !== 'version' && k !== 'name' && editDistance(key.toLowerCase(), k) <= (k.length > 5 ? 2 : 1));
}

export const composeUnknownTopLevelKey = composeRule({
  id: 'DGT224',
  name: 'compose-unknown-top-level-key',
  kind: 'compose',
  severity: 'error',
  title: 'Top-level key that is not a compose key',
  messages: {
    stripped:
      '`{key}` is at the top level, and `services:` above it is empty: the lines under `services:` lost their indentation. `docker compose` refuses the file (`additional properties \'{key}\' not allowed`). Indent the services under `services:` again.',
    v1:
      '`{key}` defines a service at the top level, without `services:`: that is the version 1 format, which `docker compose` no longer reads (`additional properties \'{key}\' not allowed`). Put the services under a `services:` key.',
    typo:
      '`{key}` is not a top-level key of a compose file: `docker compose` refuses the file (`additional properties \'{key}\' not allowed`). Did you mean `{suggestion}`?',
    unknown:
      '`{key}` is not a top-level key of a compose file: `docker compose` refuses the file (`additional properties \'{key}\' not allowed`). The top level holds `services`, `networks`, `volumes`, `secrets`, `configs`, `include`, `name` and extensions named `x-...`.',
  },
  fixTitles: { rename: 'Rename to {suggestion}' },
  docs: {
    what: 'Finds top-level keys of a compose file that Compose does not know: services whose indentation was lost, files in the old version 1 format, and misspelt section names (`service:`, `volume:`).',
    why:
      'The Compose Specification allows only `services`, `networks`, `volumes`, `secrets`, `configs`, `include`, `name`, `version` (and `models`) at the top, plus `x-` extensions. A key pasted without its indentation, or a file written for docker-compose v1 without `services:`, makes `docker compose` refuse the whole file, and the error names only the key, not the cause.',
    errorText: ["validating /app/docker-compose.yml: additional properties 'server' not allowed", '(root) Additional property server is not allowed'],
    bad: 'services:\nserver:\n  build: .\n  ports:\n    - "8080:8080"\n',
    good: 'services:\n  server:\n    build: .\n    ports:\n      - "8080:8080"\n',
    exampleLanguage: 'yaml',
    fixes: 'A misspelt section name (`service`, `volume`, `network`, `secret`, `config`) is renamed.',
    notFlagged: [
      'Extension keys (`x-...`), and files YAML cannot read (the YAML error comes first).',
      'A file named like a compose file that has no compose key, no near miss of one and nothing that looks like a service: the settings of another program (`docker-compose.config.yaml` mounted into a container).',
    ],
  },
  check(ctx, report) {
    if (ctx.model.errors.length) return;
    for (const doc of ctx.model.docs) {
      const root = resolve(doc, doc.contents);
      if (!isMap(root)) continue;
      const keys = root.items.map((p) => (isScalar(p.key) ? String(p.key.value) : undefined));
      const servicesPair = root.items.find((p) => isScalar(p.key) && p.key.value === 'services');
      const servicesValue = servicesPair ? resolve(doc, servicesPair.value as Node | null) : undefined;
      const servicesEmpty = !!servicesPair && (servicesValue === undefined || (isScalar(servicesValue) && servicesValue.value === null) || (isMap(servicesValue) && !servicesValue.items.length));
      // A file named like a compose file that has no compose key, no misspelt one and nothing that
      // looks like a service is another program's settings (jackal's docker-compose.config.yaml,
      // which its compose file mounts as the server's config): not a compose file at all.
      const serviceLikeValue = (v: unknown) => isMap(v) && v.items.some((p) => isScalar(p.key) && SERVICE_DEFINING_KEYS.includes(String(p.key.value)));
      const composeLike = keys.some((k) => k !== undefined && (k.startsWith('x-') || COMPOSE_TOP_LEVEL_KEYS.includes(k) || SERVICE_DEFINING_KEYS.includes(k) || nearKey(k) !== undefined));
      if (!composeLike && !root.items.some((p) => serviceLikeValue(resolve(doc, p.value as Node | null)))) continue;
      for (const pair of root.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (key.startsWith('x-') || key === '<<' || COMPOSE_TOP_LEVEL_KEYS.includes(key)) continue;
        const [start, end] = pair.key.range ?? [0, 0];
        const value = resolve(doc, pair.value as Node | null);
        const serviceLike = serviceLikeValue(value);
        const suggestion = nearKey(key);
        if (servicesEmpty && (serviceLike || SERVICE_DEFINING_KEYS.includes(key))) {
          report({ start, end, messageId: 'stripped', data: { key } });
        } else if (!servicesPair && serviceLike && !suggestion) {
          report({ start, end, messageId: 'v1', data: { key } });
        } else if (suggestion && !keys.includes(suggestion)) {
          const fixes: FixInput[] = [{ titleId: 'rename', titleData: { suggestion }, preferred: true, edits: [{ path: ctx.path, start, end, newText: suggestion }] }];
          report({ start, end, messageId: 'typo', data: { key, suggestion }, fixes });
        } else {
          report({ start, end, messageId: 'unknown', data: { key } });
        }
      }
    }
  },
});
