// The extension-host tier: @vscode/test-electron downloads a VS Code build and runs test/vscode/suite inside it.
// It needs Microsoft's update service, so it runs wherever that is reachable (`npm run test:vscode`), not in CI here;
// the same checks run in a real VS Code through code-server in test/e2e.
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-vscode-'));
fs.copyFileSync(path.join(root, 'test/fixtures/clients/insecure.Dockerfile'), path.join(workspace, 'Dockerfile'));
fs.writeFileSync(path.join(workspace, '.dockerignore'), '.git\n.env\n');
fs.mkdirSync(path.join(workspace, 'docker'));
fs.copyFileSync(
  path.join(root, 'test/fixtures/clients/insecure.daemon.json'),
  path.join(workspace, 'docker', 'daemon.json'),
);

try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'test/vscode/suite/index.cjs'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`VS Code extension-host tests failed: ${e?.message ?? e}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
