// Preloaded by cold.mjs (`node --require rss-probe.cjs …`) where /usr/bin/time is absent: the process's peak RSS (KB),
// written to $BULKHEAD_RSS_FILE when it exits.
'use strict';
process.on('exit', () => {
  const file = process.env.BULKHEAD_RSS_FILE;
  if (file) require('node:fs').writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
});
