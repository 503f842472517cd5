/* global process, require */
// Preloaded (`node --require bench/process-usage.cjs …`) by benchmarks that spawn the CLI: at exit
// it writes the process's CPU time and peak memory to stderr as one JSON line, so a figure can be
// given per CPU-second (stable on a busy machine) and memory can be compared across input sizes.
// Peak memory is VmHWM of /proc/self/status where there is one (Linux): getrusage's maxRSS also
// counts the spawning process's memory copied at fork, before exec (a benchmark holding a previous
// run's 190 MB of output made a child that peaked at 85 MB report 369 MB).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a preloaded CommonJS file
const { readFileSync } = require('node:fs');

process.on('exit', () => {
  const u = process.resourceUsage();
  let maxRssKb = u.maxRSS;
  try {
    const hwm = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) maxRssKb = Number(hwm[1]);
  } catch {
    // No /proc: getrusage's figure.
  }
  process.stderr.write(`\n@usage ${JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb })}\n`);
});
