// `npm run try`: package the extension, install it into code-server (a real VS Code in the browser; installed once
// into the git-ignored .e2e-cache/), open a copy of examples/ and print the URL. Ctrl+C stops it and removes the copy.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, ensureCodeServer, freshProfile, startCodeServer } from '../test/e2e/codeServer.mjs';

const vsix = path.join(ROOT, 'bulkhead.vsix');
if (!fs.existsSync(vsix)) {
  console.error('bulkhead.vsix is missing: run `npm run package` first (`npm run try` does).');
  process.exit(1);
}
try {
  ensureCodeServer();
} catch (e) {
  // a missing tool or a failed install: one line that says what to do, no stack trace
  console.error(`bulkhead: cannot start code-server: ${e.message.split('\n')[0]}`);
  process.exit(1);
}
const profile = freshProfile(vsix);
const workspace = path.join(profile.base, 'examples');
fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
const server = await startCodeServer(profile, workspace);
const stop = () => {
  server.stop();
  fs.rmSync(profile.base, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log(
  `\nBulkhead is installed in a VS Code at:\n\n  ${server.url}/?folder=${encodeURIComponent(workspace)}\n\nOpen it in a browser on this machine (it listens on 127.0.0.1 only). Ctrl+C stops it.`,
);
// keep running until interrupted
setInterval(() => undefined, 1 << 30);
