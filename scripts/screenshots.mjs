// Copies the README's screenshots from the last end-to-end run (test-results/e2e/, written by
// `npm run test:e2e`: the extension in VS Code 1.100 under code-server) to docs/images/.
//
//   npm run test:e2e && npm run screenshots
//
// The e2e suite numbers its screenshots in the order it takes them; they are found here by name.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const from = path.join(root, 'test-results', 'e2e');
const to = path.join(root, 'docs', 'images');

/** docs/images/<key> ← test-results/e2e/<nn>-<value>. */
export const SCREENSHOTS = {
  'problems.png': 'problems-panel.png',
  'quick-fix.png': 'main-go-quick-fix-menu.png',
  'generate-dockerfile.png': 'generated-dockerfile.png',
  'container-map.png': 'container-map.png',
  'container-hover.png': 'compose-service-hover.png',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const taken = existsSync(from) ? readdirSync(from) : [];
  const missing = [];
  mkdirSync(to, { recursive: true });
  for (const [target, shot] of Object.entries(SCREENSHOTS)) {
    const found = taken.filter((n) => n.replace(/^\d+-/, '') === shot).sort().at(-1);
    if (!found) {
      missing.push(shot);
      continue;
    }
    copyFileSync(path.join(from, found), path.join(to, target));
    console.log(`docs/images/${target} <- test-results/e2e/${found}`);
  }
  if (missing.length) {
    console.error(`not in ${path.relative(root, from)}/: ${missing.join(', ')} (run npm run test:e2e first)`);
    process.exit(1);
  }
}
