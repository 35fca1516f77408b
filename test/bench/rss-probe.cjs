// Preloaded by cold.mjs into every Node process of a measured run (through NODE_OPTIONS, which child processes
// inherit): the process's peak RSS (KB) and CPU time (ms, up to its exit), appended to $BULKHEAD_RSS_FILE when it
// exits. Worker threads share their process's figures: only the main thread writes them.
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
  // and the CPU time of all its threads (ms): on a machine with two CPUs, a run that keeps both busy (the lint thread
  // and V8's compiler thread) is slowed by anything else running there
  const { user, system } = process.cpuUsage();
  fs.appendFileSync(file, `${kb} ${Math.round((user + system) / 1000)}\n`);
});
