/* global process */
// Preloaded (`node --require bench/process-usage.cjs …`) by benchmarks that spawn the CLI: at exit
// it writes the process's CPU time and peak memory to stderr as one JSON line, so a figure can be
// given per CPU-second (stable on a busy machine) and memory can be compared across input sizes.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\n@usage ${JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS })}\n`);
});
