// Names a bundle's build on its first line (BUILD_LINE in server/src/cli/codeCache.ts): a hash of the
// bundle, which a code cache made from it repeats, so that the cache is used only with that build.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

export function nameBuild(bundle) {
  const code = readFileSync(bundle, 'utf8');
  writeFileSync(bundle, `// docker-go-traps build ${createHash('sha256').update(code).digest('hex').slice(0, 32)}\n${code}`);
}
