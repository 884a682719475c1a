/**
 * DGT208 compose-port-base60: an unquoted `HOST:CONTAINER` port mapping that YAML 1.1 reads as a
 * base-60 (sexagesimal) number, such as `2222:22`.
 */
import { composeRule } from './context';
import { isScalar, isSeq, mapGet, Scalar } from '../parse/compose';
import type { Node } from '../parse/compose';
import { titled } from './lib/composeKit';

/** YAML 1.1 sexagesimal integers: 190:20:30 = 685230. */
const SEXAGESIMAL = /^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+$/;

function base60(text: string): number {
  return text.split(':').reduce((acc, part) => acc * 60 + Number(part.replace(/_/g, '')), 0);
}

const FIX_TITLES: Record<string, string> = {
  quote: 'Quote the mapping: "{spec}"',
};

export const composePortBase60 = composeRule({
  id: 'DGT208',
  name: 'compose-port-base60',
  kind: 'compose',
  severity: 'info',
  title: 'Unquoted port mapping that YAML 1.1 reads as a number',
  fixTitles: FIX_TITLES,
  messages: {
    base60:
      'YAML 1.1 reads the unquoted `{spec}` as the base-60 number {number}, not as a port mapping. Docker Compose v2 reads it correctly, but docker-compose v1, podman-compose and other YAML 1.1 tools see {number} (`Invalid port specification: "{number}"`, or a wrong port published without an error). Quote it: "{spec}".',
  },
  docs: {
    what: 'Finds port mappings such as `2222:22` or `22:22`, written without quotes, whose container port is below 60.',
    why:
      'YAML 1.1 has sexagesimal (base-60) integers: `2222:22` is 2222 × 60 + 22 = 133342, and `22:22` is 1342 — a valid port, so that one is published wrongly without any error. Compose v2 parses YAML 1.2, where it is a string, but the same file is also read by docker-compose v1, podman-compose, Ansible and other PyYAML-based tooling, which see a number. Compose\'s own documentation recommends quoting port mappings for this reason.',
    errorText: ['ERROR: Invalid port specification: "133342"', 'Error: unable to create pod: Invalid containerPort: 601342'],
    bad: 'services:\n  ssh:\n    image: linuxserver/openssh-server\n    ports:\n      - 2222:22\n',
    good: 'services:\n  ssh:\n    image: linuxserver/openssh-server\n    ports:\n      - "2222:22"\n',
    exampleLanguage: 'yaml',
    fixes: 'Wraps the mapping in double quotes.',
    notFlagged: ['Mappings whose container port is 60 or above (`8080:80`): they are not sexagesimal numbers.', 'Quoted mappings, mappings with an IP address or a protocol (`2222:22/tcp`), and ranges.'],
  },
  check(ctx, report) {
    const done = new Set<number>();
    for (const svc of ctx.model.services) {
      const ports = mapGet(svc.doc, svc.node, 'ports');
      if (!isSeq(ports)) continue;
      for (const item of ports.items as Node[]) {
        if (!isScalar(item) || item.type !== Scalar.PLAIN || !item.range) continue;
        const [s, e] = item.range;
        const text = ctx.text.slice(s, e);
        if (!SEXAGESIMAL.test(text) || done.has(s)) continue;
        done.add(s);
        report({
          start: s,
          end: e,
          messageId: 'base60',
          data: { spec: text, number: base60(text) },
          fixes: [{ ...titled(FIX_TITLES, 'quote', { spec: text }), preferred: true, edits: [{ path: ctx.path, start: s, end: e, newText: `"${text}"` }] }],
        });
      }
    }
  },
});
