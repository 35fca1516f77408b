// Preloaded by cold.mjs into every Node process of a measured run (through NODE_OPTIONS, which child processes
// inherit): the process's peak RSS (KB), appended to $BULKHEAD_RSS_FILE when it exits. Worker threads share their
// process's figure: only the main thread writes it.
'use strict';
process.on('exit', () => {
  const file = process.env.BULKHEAD_RSS_FILE;
  if (!file || !require('node:worker_threads').isMainThread) return;
  require('node:fs').appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
});
