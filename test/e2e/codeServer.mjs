// A real VS Code for the end-to-end tier: code-server (npm) installed into a cached, git-ignored folder, started on
// 127.0.0.1 with a fresh profile, driven by Debian's Chromium through playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CODE_SERVER_VERSION = '4.100.3';
const CACHE = path.join(ROOT, '.e2e-cache');
const INSTALL_DIR = path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
const BIN = path.join(INSTALL_DIR, 'node_modules', '.bin', 'code-server');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');
export const CHROMIUM = process.env.BULKHEAD_CHROMIUM ?? '/usr/bin/chromium';

/** code-server writes to ~/.config and ~/.local/share even for --version: keep all of it inside a scratch home. */
function scratchEnv(home) {
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_')) delete env[k];
  return env;
}

/** What is missing to run the tier, or null. */
export function missingPrerequisites() {
  if (!fs.existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
  if (spawnSync('rg', ['--version']).status !== 0 && !fs.existsSync(BIN))
    return 'ripgrep is needed to install code-server offline (apt-get install ripgrep)';
  return null;
}

/** Install code-server once into .e2e-cache (about 2 minutes cold). */
export function ensureCodeServer(log = console.log) {
  if (fs.existsSync(BIN)) return BIN;
  fs.mkdirSync(INSTALL_DIR, { recursive: true });
  const home = path.join(CACHE, 'install-home');
  const tmp = path.join(home, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(
    path.join(INSTALL_DIR, 'package.json'),
    JSON.stringify({ private: true, name: 'bulkhead-e2e-code-server' }),
  );
  // @vscode/ripgrep downloads rg from GitHub in its postinstall: seed its cache with Debian's rg instead.
  const rgCache = path.join(tmp, 'vscode-ripgrep-cache-1.15.11');
  fs.mkdirSync(rgCache, { recursive: true });
  const rgDir = fs.mkdtempSync(path.join(tmp, 'rg-'));
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg)
    throw new Error(
      'ripgrep (rg) is needed to install code-server offline: apt-get install ripgrep (or: bash scripts/system-deps.sh try, as root)',
    );
  fs.copyFileSync(rg, path.join(rgDir, 'rg'));
  spawnSync('tar', [
    '-czf',
    path.join(rgCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'),
    '-C',
    rgDir,
    'rg',
  ]);
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(ROOT, INSTALL_DIR)} …`);
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`],
    {
      cwd: INSTALL_DIR,
      env: {
        ...scratchEnv(home),
        TMPDIR: tmp,
        npm_config_cache: path.join(CACHE, 'npm-cache'),
        // its postinstall refuses to run as root without this; node-gyp builds against the machine's headers;
        // node-pty's postinstall runs `npx node-gyp`, which needs a yes.
        npm_config_unsafe_perm: 'true',
        npm_config_nodedir: '/usr',
        npm_config_yes: 'true',
      },
      encoding: 'utf8',
      timeout: 20 * 60 * 1000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (r.status !== 0 || !fs.existsSync(BIN)) {
    throw new Error(
      `code-server install failed (exit ${r.status}):\n${(r.stdout + r.stderr).split('\n').slice(-40).join('\n')}`,
    );
  }
  return BIN;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A fresh profile with the .vsix installed; returns the paths and the environment for code-server. */
export function freshProfile(vsix) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-e2e-'));
  const userData = path.join(base, 'user-data');
  const extensions = path.join(base, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'git.enabled': false,
      'security.workspace.trust.enabled': false,
      'workbench.tips.enabled': false,
      'editor.hover.delay': 100,
    }),
  );
  const env = scratchEnv(path.join(base, 'home'));
  const r = spawnSync(BIN, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], {
    env,
    encoding: 'utf8',
    timeout: 120000,
  });
  if (r.status !== 0) throw new Error(`--install-extension failed: ${r.stdout}${r.stderr}`);
  const list = spawnSync(
    BIN,
    ['--user-data-dir', userData, '--extensions-dir', extensions, '--list-extensions', '--show-versions'],
    { env, encoding: 'utf8' },
  );
  return { base, userData, extensions, env, installed: list.stdout.trim() };
}

/** Start code-server on a free loopback port and wait for /healthz. */
export async function startCodeServer(profile, folder) {
  const port = await freePort();
  const child = spawn(
    BIN,
    [
      '--user-data-dir',
      profile.userData,
      '--extensions-dir',
      profile.extensions,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      folder,
    ],
    { env: profile.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const url = `http://127.0.0.1:${port}`;
  // code-server says when it listens: wait for that line (or its exit), then check /healthz once
  await new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`code-server never said it was listening: ${output}`)), 120000);
    const onData = (d) => {
      output += d;
      if (/HTTP server listening on/.test(output)) {
        clearTimeout(guard);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(guard);
      reject(new Error(`code-server exited (${code}): ${output}`));
    });
  });
  const health = await fetch(`${url}/healthz`);
  if (!health.ok) throw new Error(`code-server listens but /healthz answered ${health.status}: ${output}`);
  return {
    url,
    output: () => output,
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

/** The extension host log of a profile (attached to failures). */
export function extensionHostLog(profile) {
  const logs = path.join(profile.userData, 'logs');
  if (!fs.existsSync(logs)) return '(no logs folder)';
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost.*\.log$|Bulkhead\.log$/.test(e.name) || (/exthost/.test(dir) && e.name.endsWith('.log')))
        out.push(`--- ${path.relative(logs, p)}\n${fs.readFileSync(p, 'utf8')}`);
    }
  };
  walk(logs);
  return out.join('\n') || '(no extension host log yet)';
}

/**
 * Resolve once the extension host's logs match `pattern`: woken by the file system (fs.watch on the profile's logs,
 * recursive), never by polling. The deadline only turns a log line that never comes into a failure with the log.
 */
export function waitForExtensionHostLog(profile, pattern, what, deadlineMs = 60000) {
  const dir = fs.existsSync(path.join(profile.userData, 'logs'))
    ? path.join(profile.userData, 'logs')
    : profile.userData;
  return new Promise((resolve, reject) => {
    let watcher;
    const finish = (error) => {
      clearTimeout(guard);
      watcher?.close();
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (pattern.test(extensionHostLog(profile))) finish();
    };
    const guard = setTimeout(
      () => finish(new Error(`${what} never appeared in the extension host's log:\n${extensionHostLog(profile)}`)),
      deadlineMs,
    );
    watcher = fs.watch(dir, { recursive: true }, check);
    watcher.on('error', finish);
    check(); // it may have been written before the watch began
  });
}
