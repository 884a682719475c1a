/**
 * What DGT242 (compose) and DGT316 (Go) share about `host.docker.internal`: where a value uses it as
 * a host name, whether a service maps it (`extra_hosts`), the edit that maps it to `host-gateway`,
 * and the severity by where Docker runs.
 */
import type { FileEdit, HostMode, Severity } from '../../core/types';
import type { Project } from '../../project/project';
import { detectEol } from '../../core/text';
import { HOST_DOCKER_INTERNAL, HOST_GATEWAY_MAPPING } from '../../facts/devTools';
import type { MMap } from '../../model/composeView';
import { child } from '../../model/composeView';
import type { ComposeService } from '../../parse/compose';
import { mapGet, isMap, isSeq } from '../../parse/compose';
import type { Node } from 'yaml';
import { appendToBlock, appendToFlow, indentUnit, ownPair, yamlValue } from './composeKit';

/** `host.docker.internal` as the host of an address, URL or DSN (not a word in a sentence). */
const AS_HOST = /(^|[/@=(,;\s"'])host\.docker\.internal(?=$|[:/)\s,;"'?])/i;

/** The offset of `host.docker.internal` in a value that uses it as a host, or -1. */
export function hostDockerInternalAt(value: string): number {
  const m = AS_HOST.exec(value);
  if (!m) return -1;
  // A sentence that mentions the name is not an address.
  if (/\s/.test(value.trim()) && !/[=@/:]/.test(value)) return -1;
  return m.index + m[1].length;
}

/** The service maps the name itself (`extra_hosts`, any address). */
export function mapsHostDockerInternal(svc: MMap): boolean {
  const eh = child(svc, 'extra_hosts');
  return eh?.kind === 'map' && [...eh.entries.keys()].some((k) => k.toLowerCase() === HOST_DOCKER_INTERNAL);
}

/**
 * A compose file named for Docker Desktop's hosts (`docker-compose.darwin.yml`, `compose.mac.yaml`,
 * `docker-compose.windows.yml`): written for a host that resolves the name, beside one for Linux.
 */
export function desktopOnlyFile(composePath: string): boolean {
  const name = composePath.split(/[\\/]/).pop() ?? '';
  return /(^|[._-])(darwin|mac|macos|osx|desktop|windows|win)([._-]|$)/i.test(name);
}

/** Network modes where `extra_hosts` does not apply or the container shares another's /etc/hosts. */
export function sharedNetwork(mode: string | undefined): boolean {
  return !!mode && (mode === 'host' || mode.startsWith('service:') || mode.startsWith('container:'));
}

/**
 * Linux hosts (Docker Engine) do not resolve the name unless mapped: a warning there; elsewhere
 * (Docker Desktop resolves it) information, since the same file fails on Linux machines and CI.
 */
export function hostGatewaySeverity(mode: HostMode | undefined): Severity {
  return mode === 'linux' ? 'warning' : 'info';
}

/** `extra_hosts: ["host.docker.internal:host-gateway"]` added to a service as its file writes it. */
export function addHostGatewayEdit(project: Project, composePath: string, svc: ComposeService): FileEdit | undefined {
  const text = project.text(composePath);
  if (text === undefined) return undefined;
  const file = { path: composePath, text, eol: detectEol(text) };
  const pair = ownPair(svc.node, 'extra_hosts');
  if (!pair) {
    if (mapGet(svc.doc, svc.node, 'extra_hosts') !== undefined) return undefined;
    const unit = indentUnit(file, svc);
    return appendToBlock(file, svc.node, ['extra_hosts:', `${unit}- ${yamlValue(HOST_GATEWAY_MAPPING)}`]);
  }
  const v = pair.value as Node | null;
  if (!v) return undefined;
  if (isSeq(v)) return v.flow ? appendToFlow(file, v, yamlValue(HOST_GATEWAY_MAPPING)) : appendToBlock(file, v, [`- ${yamlValue(HOST_GATEWAY_MAPPING)}`]);
  if (isMap(v)) return v.flow ? appendToFlow(file, v, `${HOST_DOCKER_INTERNAL}: host-gateway`) : appendToBlock(file, v, [`${HOST_DOCKER_INTERNAL}: host-gateway`]);
  return undefined;
}
