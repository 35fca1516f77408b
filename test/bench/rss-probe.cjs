// Preloaded by cold.mjs into every Node process of a measured run (through NODE_OPTIONS, which child processes
// inherit): the process's peak RSS (KB), appended to $BULKHEAD_RSS_FILE when it exits. Worker threads share their
// process's figure: only the main thread writes it.
//
// On Linux the figure is /proc/self/status's VmHWM, the peak of this program's memory: getrusage's maxRSS keeps the
// peak of the process it was forked from (the kernel carries it over exec), so every tool spawned by a benchmark that
// holds 180 MB read 180 MB.
'use strict';
process.on('exit', () => {
  const file = process.env.BULKHEAD_RSS_FILE;
  if (!file || !require('node:worker_threads').isMainThread) return;
  const fs = require('node:fs');
  let kb = process.resourceUsage().maxRSS;
  try {
    const hwm = /^VmHWM:\s*(\d+)\s*kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (hwm) kb = Number(hwm[1]);
  } catch {
    // not Linux: getrusage's figure
  }
  fs.appendFileSync(file, `${kb}\n`);
});
