/**
 * What of the standard library a Go program's own code needs from a newer Go than the image has:
 * a package (`slices`, Go 1.21) or a package-level name (`io.ReadAll`, Go 1.16) that a release after
 * the image's added (facts/goStdApi.ts). Read with a token scan of the main package and the packages
 * of its own module that it imports (model/goPackage.ts programPackages), so it finds what fails for
 * sure, not everything: methods, struct fields, language changes and the dependencies' code are not
 * looked at, nor files with a build constraint.
 */
import type { Project } from '../project/project';
import { STD_ADDITIONS } from '../facts/goStdApi';
import { stdUses } from '../parse/goExtras';
import { programPackages } from './goPackage';

let packagesAdded: Map<string, number> | undefined;
let namesAdded: Map<string, number> | undefined;

function tables(): { packages: Map<string, number>; names: Map<string, number> } {
  if (!packagesAdded || !namesAdded) {
    packagesAdded = new Map();
    namesAdded = new Map();
    for (const v of STD_ADDITIONS) {
      for (const p of v.packages) packagesAdded.set(p, v.minor);
      for (const [p, list] of Object.entries(v.names)) for (const n of list.split(' ')) namesAdded.set(`${p}.${n}`, v.minor);
    }
  }
  return { packages: packagesAdded, names: namesAdded };
}

/** The Go 1.x minor version that added the standard-library package `path` (from Go 1.12 on), else undefined. */
export function stdPackageAdded(path: string): number | undefined {
  return tables().packages.get(path);
}

/** The Go 1.x minor version that added `path.name` to an older package (from Go 1.12 on), else undefined. */
export function stdNameAdded(path: string, name: string): number | undefined {
  return tables().names.get(`${path}.${name}`);
}

export interface NewerStdUse {
  /** The Go file. */
  path: string;
  start: number;
  end: number;
  /** The package (`slices`) or the qualified name (`io.ReadAll`) as the code writes it. */
  what: string;
  kind: 'package' | 'name';
  /** The import path of the package. */
  importPath: string;
  /** The Go 1.x minor version that added it. */
  minor: number;
}

/**
 * The first use, in the program whose main package is in `mainDir`, of a standard-library package
 * or name that a Go release after 1.`runningMinor` and up to 1.`upToMinor` added: a build with the
 * older Go stops there. Packages in the order programPackages finds them, files in folder order.
 */
export function newerStdUse(project: Project, mainDir: string, runningMinor: number, upToMinor: number): NewerStdUse | undefined {
  if (upToMinor <= runningMinor) return undefined;
  return project.workspaceValue(`model.newerStdUse\0${mainDir}\0${runningMinor}\0${upToMinor}`, () => {
    const inRange = (m: number | undefined): m is number => m !== undefined && m > runningMinor && m <= upToMinor;
    // A module may have a path without a dot (`module iter`): its own packages are not the standard library's.
    const modFile = project.nearestGoMod(mainDir);
    const own = modFile ? project.goMod(modFile)?.module?.value : undefined;
    const isOwn = (p: string) => own !== undefined && (p === own || p.startsWith(own + '/'));
    for (const pkg of programPackages(project, mainDir).packages) {
      for (const file of pkg.files) {
        const text = project.text(file);
        if (text === undefined) continue;
        const uses = stdUses(text);
        if (uses.constrained) continue;
        let first: NewerStdUse | undefined;
        const consider = (u: NewerStdUse) => {
          if (!first || u.start < first.start) first = u;
        };
        for (const imp of uses.imports) {
          if (isOwn(imp.path)) continue;
          const m = stdPackageAdded(imp.path);
          if (inRange(m)) consider({ path: file, start: imp.start, end: imp.end, what: imp.path, kind: 'package', importPath: imp.path, minor: m });
        }
        for (const sel of uses.selectors) {
          if (isOwn(sel.path)) continue;
          const m = stdNameAdded(sel.path, sel.name);
          if (inRange(m)) consider({ path: file, start: sel.start, end: sel.end, what: `${sel.local}.${sel.name}`, kind: 'name', importPath: sel.path, minor: m });
        }
        if (first) return first;
      }
    }
    return undefined;
  });
}
