// Preloaded (`node --require bench/lib/rusage.cjs ...`) into every process the benchmarks spawn, so
// the CLI, the floor and the language servers are all measured the same way: at exit it appends one
// JSON line with the process's own CPU time, peak RSS and uptime to the file named by DGT_RUSAGE_OUT.
'use strict';
const fs = require('node:fs');
const out = process.env.DGT_RUSAGE_OUT;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    const line = {
      pid: process.pid,
      argv: process.argv.slice(1).join(' '),
      uptimeMs: process.uptime() * 1000,
      userMs: u.userCPUTime / 1000,
      systemMs: u.systemCPUTime / 1000,
      maxRssMB: u.maxRSS / 1024,
    };
    try {
      fs.appendFileSync(out, JSON.stringify(line) + '\n');
    } catch {
      // measurement only
    }
  });
}
