// The container map: a tree in the explorer with every container of the workspace (compose services
// and the images of Dockerfiles no compose file builds) as the language server's model sees it —
// stages, base image facts, Go mains, listen addresses, ports, mounts, and the findings published in
// its files. The server sends the tree, in the user's language (`dockerGoTraps/containerMap`); this
// file only shows it, opens files at the line an item comes from, and asks again when the server
// says that something changed (`dockerGoTraps/containerMapChanged`) and the view is on screen.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const VIEW_CONTAINER_MAP = 'dockerGoTraps.containerMap';
export const COMMAND_REFRESH_MAP = 'dockerGoTraps.refreshContainerMap';
export const COMMAND_SHOW_MAP = 'dockerGoTraps.showContainerMap';
const MAP_REQUEST = 'dockerGoTraps/containerMap';
const MAP_CHANGED = 'dockerGoTraps/containerMapChanged';
/** Edits come in bursts: the map is asked for once the server has been quiet this long. */
const REFRESH_DELAY_MS = 400;

// The shape of the server's answer (server/src/lsp/containerPresent.ts).
interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface LspLocation {
  uri: string;
  range: LspRange;
}
export interface MapNode {
  kind: string;
  label: string;
  description?: string;
  tooltip?: string;
  location?: LspLocation;
  findings?: number;
  children?: MapNode[];
}
export interface ContainerMapEntry {
  id: string;
  kind: 'service' | 'dockerfile';
  name: string;
  findings: number;
  node: MapNode;
}
export interface ContainerMap {
  version: number;
  entries: ContainerMapEntry[];
  truncated: boolean;
  message?: string;
}

const ICONS: Record<string, string> = {
  service: 'server-process',
  dockerfile: 'file-code',
  image: 'package',
  stage: 'layers',
  base: 'layers',
  fact: 'info',
  go: 'symbol-method',
  env: 'symbol-variable',
  listen: 'plug',
  port: 'radio-tower',
  mount: 'folder-opened',
  info: 'info',
};

/** A node of the tree, with an id that stays the same across refreshes (so that expanded nodes stay expanded). */
export interface MapItem {
  id: string;
  node: MapNode;
  parent: MapItem | undefined;
  top: boolean;
}

export class ContainerMapProvider implements vscode.TreeDataProvider<MapItem> {
  private readonly changed = new vscode.EventEmitter<MapItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private items: MapItem[] | undefined;
  private loading: Promise<MapItem[]> | undefined;
  /** The last answer (for tests and for the view's message). */
  last: ContainerMap | undefined;
  view: vscode.TreeView<MapItem> | undefined;

  constructor(
    private readonly client: () => Promise<LanguageClient>,
    private readonly log: (line: string) => void,
  ) {}

  /** Drops what is shown and asks the server again; resolves with the new answer. */
  async refresh(): Promise<ContainerMap | undefined> {
    this.items = undefined;
    this.loading = undefined;
    this.changed.fire(undefined);
    await this.load();
    return this.last;
  }

  private load(): Promise<MapItem[]> {
    this.loading ??= (async () => {
      try {
        const client = await this.client();
        const map = await client.sendRequest<ContainerMap>(MAP_REQUEST, {});
        this.last = map;
        if (this.view) this.view.message = map.truncated ? map.message : undefined;
        this.items = map.entries.map((e) => ({ id: e.id, node: e.node, parent: undefined, top: true }));
      } catch (error) {
        this.log(`The container map could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
        this.items = [];
      }
      return this.items;
    })();
    return this.loading;
  }

  /** Shows the container named `name` with its lines expanded; false when the map has none of that name. */
  async reveal(name: string): Promise<boolean> {
    const items = this.items ?? (await this.load());
    const item = items.find((i) => i.node.label === name);
    if (!item || !this.view) return false;
    await this.view.reveal(item, { expand: 2, focus: false, select: false });
    return true;
  }

  async getChildren(item?: MapItem): Promise<MapItem[]> {
    if (!item) return this.items ?? this.load();
    return (item.node.children ?? []).map((node, k) => ({ id: `${item.id}/${k}:${node.kind}`, node, parent: item, top: false }));
  }

  getParent(item: MapItem): MapItem | undefined {
    return item.parent;
  }

  getTreeItem(item: MapItem): vscode.TreeItem {
    const n = item.node;
    const collapsible = n.children?.length
      ? item.top && (this.items?.length ?? 0) <= 3
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const t = new vscode.TreeItem(n.label, collapsible);
    t.id = item.id;
    t.description = n.description;
    t.tooltip = n.tooltip ?? (n.description ? `${n.label}: ${n.description}` : n.label);
    t.iconPath = new vscode.ThemeIcon(n.findings ? 'warning' : (ICONS[n.kind] ?? 'circle-outline'));
    t.contextValue = `dockerGoTraps.${n.kind}`;
    if (n.location) {
      const { start, end } = n.location.range;
      t.command = {
        title: n.label,
        command: 'vscode.open',
        arguments: [vscode.Uri.parse(n.location.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character), preview: true }],
      };
    }
    return t;
  }
}

/** Registers the view, its commands, and the refresh when the server says that the map changed. */
export function registerContainerMap(
  context: vscode.ExtensionContext,
  client: () => Promise<LanguageClient>,
  log: (line: string) => void,
): ContainerMapProvider {
  const provider = new ContainerMapProvider(client, log);
  const view = vscode.window.createTreeView(VIEW_CONTAINER_MAP, { treeDataProvider: provider, showCollapseAll: true });
  provider.view = view;
  let stale = false;
  let timer: NodeJS.Timeout | undefined;
  const later = () => {
    if (!view.visible) {
      stale = true;
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => void provider.refresh(), REFRESH_DELAY_MS);
  };
  context.subscriptions.push(
    view,
    view.onDidChangeVisibility((e) => {
      if (e.visible && stale) {
        stale = false;
        void provider.refresh();
      }
    }),
    vscode.commands.registerCommand(COMMAND_REFRESH_MAP, () => provider.refresh()),
    vscode.commands.registerCommand(COMMAND_SHOW_MAP, async () => {
      await vscode.commands.executeCommand(`${VIEW_CONTAINER_MAP}.focus`);
      return provider.refresh();
    }),
    { dispose: () => clearTimeout(timer) },
  );
  // The language client keeps handlers across restarts of the server.
  void client().then(
    (c) => context.subscriptions.push(c.onNotification(MAP_CHANGED, later)),
    () => undefined,
  );
  return provider;
}
