// End to end in a real VS Code (code-server + Chromium): the packaged .vsix activates for Dockerfiles, shows its
// findings as squiggles and in the Problems panel, explains them on hover, and its quick fixes change the text.
// Every wait is on a selector or an event; screenshots of each step go to test-artifacts/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT,
  ARTIFACTS,
  CHROMIUM,
  ensureCodeServer,
  freshProfile,
  startCodeServer,
  extensionHostLog,
  waitForExtensionHostLog,
} from './codeServer.mjs';
import { skipUnlessAvailable } from '../tiers.mjs';
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

// skipped (loudly) where Chromium or code-server's build tools are missing; under CI=true that is a failure instead
const { skip, missing } = skipUnlessAvailable('VS Code end-to-end');
// step 6 also needs a real registry (Debian's docker-registry and skopeo)
const registryTier = skipUnlessAvailable('Real registry');
const registrySkip = skip || registryTier.skip;
let registry;
let profile;
let server;
let context;
let page;
let workspace;

const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

async function openFile(name) {
  // Quick Open, waiting for the row of that file (the file index may still be filling); a notification that took the
  // focus can swallow the keys, so try again after Escape
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15000 });
      await input.fill(name);
      await page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ hasText: name })
        .first()
        .waitFor({ timeout: 15000 });
      await page.keyboard.press('Enter');
      await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor({ timeout: 15000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await page.locator('.editor-instance .view-lines').first().waitFor();
}

async function goTo(line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function problems() {
  // Ctrl+Shift+M toggles the panel: press it only while the panel is closed
  if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.first().waitFor();
  return rows.allTextContents();
}

/** Wait until the Problems panel lists a finding of `rule` (or, with `gone`, lists none), and return its rows. */
async function waitForProblem(rule, { gone = false } = {}) {
  await problems();
  const row = page.locator('.markers-panel .monaco-list-row').filter({ hasText: rule }).first();
  try {
    await row.waitFor({ state: gone ? 'detached' : 'visible', timeout: 30000 });
  } catch {
    const rows = await page.locator('.markers-panel .monaco-list-row').allTextContents();
    throw new Error(`Problems panel never ${gone ? 'dropped' : 'showed'} ${rule}:\n${rows.join('\n')}`);
  }
  return page.locator('.markers-panel .monaco-list-row').allTextContents();
}

/**
 * Retry a UI gesture only on an observable failure, at most three times, saying so in the log: e.g. the quick-fix
 * widget answered "No code actions available" for a finding the Problems panel lists (the editor's copy of the
 * findings was one re-lint behind).
 */
async function withRetry(what, attempt) {
  for (let n = 1; ; n++) {
    const failure = await attempt();
    if (!failure) return;
    if (n >= 3) throw new Error(`${what}: ${failure} (after ${n} attempts)`);
    console.log(`e2e retry: ${what}: ${failure}; trying again (${n + 1}/3)`);
    await page.keyboard.press('Escape');
  }
}

async function quickFix(title, rule) {
  const item = page
    .locator('.action-widget .monaco-list-row, .context-view .action-item')
    .filter({ hasText: title })
    .first();
  // VS Code says "No code actions available" in the editor's overlay message (or, in older versions, in the widget)
  const none = page
    .locator('.action-widget, .context-view, .monaco-editor-overlaymessage')
    .filter({ hasText: 'No code actions available' })
    .first();
  await withRetry(`quick fix "${title}"`, async () => {
    if (rule) await waitForProblem(rule);
    await page.keyboard.press('Control+.');
    await item.or(none).waitFor({ timeout: 20000 });
    return (await none.isVisible()) ? 'the widget said "No code actions available"' : null;
  });
  // The action widget is keyboard driven (a pointer block covers it): move the focus to the action, then Enter.
  for (let i = 0; i < 20 && !/\bfocused\b/.test((await item.getAttribute('class')) ?? ''); i++)
    await page.keyboard.press('ArrowDown');
  assert.match((await item.getAttribute('class')) ?? '', /\bfocused\b/, `could not focus "${title}"`);
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').waitFor({ state: 'hidden' });
}

/**
 * Show the hover at the cursor (Ctrl+K Ctrl+I) once the Problems panel lists `rule` (the document's findings are
 * current), and return its text; retried when the hover that opens is not the expected one (e.g. still loading).
 */
async function showHover(expected, rule) {
  const hover = page.locator('.monaco-hover').filter({ hasText: expected }).first();
  const any = page.locator('.monaco-hover').first();
  await withRetry(`hover showing "${expected}"`, async () => {
    await waitForProblem(rule);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    try {
      await hover.waitFor({ timeout: 15000 });
      return null;
    } catch {
      const shown = (await any.isVisible()) ? (await any.textContent())?.slice(0, 120) : 'nothing';
      return `the hover showed ${JSON.stringify(shown)}`;
    }
  });
  return hover.textContent();
}

test('0. the end-to-end tier can run here', { skip }, () => {
  if (missing) assert.fail(missing);
});

before(async () => {
  if (missing) return;
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  ensureCodeServer();
  const pkg = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8', timeout: 300000 });
  assert.equal(pkg.status, 0, `npm run package failed:\n${pkg.stdout}${pkg.stderr}`);
  const vsix = path.join(ROOT, 'bulkhead.vsix');
  profile = freshProfile(vsix);
  assert.match(profile.installed, /^bulkhead\.bulkhead@/m, 'the .vsix is installed');
  workspace = path.join(profile.base, 'workspace');
  fs.mkdirSync(workspace);
  fs.copyFileSync(path.join(ROOT, 'test/fixtures/clients/insecure.Dockerfile'), path.join(workspace, 'Dockerfile'));
  fs.writeFileSync(path.join(workspace, '.dockerignore'), '.git\n.env\n');
  fs.writeFileSync(path.join(workspace, 'notes.txt'), 'not a container file\n');
  fs.mkdirSync(path.join(workspace, 'docker'));
  fs.copyFileSync(
    path.join(ROOT, 'test/fixtures/clients/insecure.daemon.json'),
    path.join(workspace, 'docker', 'daemon.json'),
  );
  server = await startCodeServer(profile, workspace);
  const { chromium } = await import('playwright-core');
  context = await chromium.launchPersistentContext(path.join(profile.base, 'browser'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60000);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
});

after(async () => {
  await context?.close().catch(() => undefined);
  server?.stop();
  if (registry) await registry.helpers.stop(registry.child);
  if (profile) fs.rmSync(profile.base, { recursive: true, force: true });
});

async function step(t, name, fn) {
  try {
    await fn();
    await shot(name);
  } catch (e) {
    if (page) await shot(`${name}-FAILED`).catch(() => undefined);
    t.diagnostic(`extension host log:\n${profile ? extensionHostLog(profile) : '(no profile)'}`);
    throw e;
  }
}

test(
  '1. an insecure Dockerfile shows Bulkhead squiggles and its findings in the Problems panel',
  { skip },
  async (t) => {
    await step(t, '1-problems', async () => {
      await openFile('Dockerfile');
      await page.locator('.squiggly-warning, .squiggly-error').first().waitFor();
      const rows = await waitForProblem('add-instead-of-copy');
      for (const id of ['add-instead-of-copy', 'root-user', 'remote-script-piped-to-shell', 'ssh-port-exposed']) {
        assert.ok(
          rows.some((r) => r.includes(`bulkhead(${id})`) || r.includes(id)),
          `no ${id} in:\n${rows.join('\n')}`,
        );
      }
      // the panel shows messages as plain text: no Markdown code marks
      const marked = rows.filter((r) => r.includes('`'));
      assert.deepEqual(marked, [], 'Problems panel rows with backticks');
    });
  },
);

test('2. hovering a finding explains it', { skip }, async (t) => {
  await step(t, '2-hover', async () => {
    await goTo(3, 2);
    const text = await showHover('ADD used for local files', 'add-instead-of-copy');
    assert.match(text, /Why it matters/);
    assert.match(text, /DL3020/);
    await page.keyboard.press('Escape');
  });
  // `20` of `FROM node:20` carries five findings: VS Code's problem hover shows each message, Bulkhead's part explains
  // each rule once without repeating the message
  await step(t, '2b-hover-several-findings', async () => {
    await goTo(1, 11);
    // wait for Bulkhead's part (the problem messages come first, and match case-insensitively)
    const text = await showHover('Why it matters', 'image-end-of-life');
    const count = (s) => text.split(s).length - 1;
    for (const title of [
      'Container runs as root',
      'Image not pinned by digest',
      'No HEALTHCHECK in the final image',
      'Final image is not a minimal variant',
      'Base image past end of life',
    ]) {
      assert.equal(count(title), 1, `"${title}" once in:\n${text}`);
    }
    assert.equal(
      count('The final stage has no USER, so the container runs as root'),
      1,
      `the message once in:\n${text}`,
    );
    await page.keyboard.press('Escape');
  });
});

test('3. quick fixes with Ctrl+. change the text and the finding goes', { skip }, async (t) => {
  await step(t, '3a-add-to-copy', async () => {
    await goTo(3, 1);
    await quickFix('Replace ADD with COPY', 'add-instead-of-copy');
    await page.locator('.view-lines').filter({ hasText: 'COPY server.js /app/' }).waitFor();
    await waitForProblem('add-instead-of-copy', { gone: true });
  });
  await step(t, '3b-remove-ssh-port', async () => {
    await goTo(5, 9);
    const before = await problems();
    assert.ok(before.some((x) => x.includes('ssh-port-exposed')));
    await goTo(5, 9);
    await quickFix('Remove port 22', 'ssh-port-exposed');
    await page.locator('.view-lines').filter({ hasText: 'EXPOSE 8080' }).waitFor();
    await waitForProblem('ssh-port-exposed', { gone: true });
  });
});

async function runCommand(title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function answerInput(expectedTitle, value) {
  const widget = page.locator('.quick-input-widget').filter({ hasText: expectedTitle });
  await widget.waitFor();
  if (value !== undefined) await page.locator('.quick-input-widget input').fill(value);
  await page.keyboard.press('Enter');
}

test(
  '4. "New Hardened Dockerfile…" asks instead of overwriting, and the new file opens with no warnings',
  { skip },
  async (t) => {
    await step(t, '4-new-dockerfile', async () => {
      await runCommand('Bulkhead: New Hardened Dockerfile');
      await answerInput('New Hardened Dockerfile (1/3)', 'Node.js');
      await answerInput('New Hardened Dockerfile (2/3)');
      await answerInput('New Hardened Dockerfile (3/3)');
      // the workspace has a Dockerfile: the command asks, and nothing is overwritten
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      await dialog.locator('.monaco-button').filter({ hasText: 'Choose another name' }).click();
      await answerInput('Another name');
      await page.locator('.tab.active[aria-label^="Dockerfile.bulkhead"]').waitFor();
      // the user's Dockerfile (edited in step 3; the editor may have saved it meanwhile) is still theirs
      const existing = fs.readFileSync(path.join(workspace, 'Dockerfile'), 'utf8');
      assert.match(existing, /^FROM node:20$/m, 'the existing Dockerfile is not overwritten');
      assert.match(existing, /server\.js/);
      assert.doesNotMatch(existing, /Bulkhead|USER 10001/);
      assert.match(fs.readFileSync(path.join(workspace, 'Dockerfile.bulkhead'), 'utf8'), /^USER 10001:10001$/m);
      // Bulkhead has linted it (the digest-pinning advice is an info) and found nothing at warning or error level
      const editor = page
        .locator('.editor-instance')
        .filter({ has: page.locator('.view-lines') })
        .first();
      await editor.locator('.squiggly-info').first().waitFor();
      assert.equal(
        await editor.locator('.squiggly-warning, .squiggly-error').count(),
        0,
        'no warnings in the new Dockerfile',
      );
    });
  },
);

test(
  '5. a daemon.json shows its findings once, its keys explain themselves on hover, and the secure baseline applies after one confirmation',
  { skip },
  async (t) => {
    await step(t, '5a-daemon-problems', async () => {
      await openFile('daemon.json');
      let rows = await waitForProblem('icc-enabled');
      // VS Code's JSON service can validate the file before it has loaded the contributed schema (which allows comments)
      // on a busy machine, and say "Comments are not permitted" itself. Its next validation, after an edit, uses the
      // schema: an edit that changes nothing (a space typed and taken back) is the retry, logged like every other.
      await withRetry('the JSON service validating daemon.json with the contributed schema', async () => {
        rows = await problems();
        if (!rows.some((r) => /Comments are not permitted|Property .* is not allowed|Incorrect type/.test(r)))
          return null;
        await goTo(1, 2);
        await page.keyboard.type(' ');
        await page.keyboard.press('Backspace');
        await waitForProblem('Comments are not permitted', { gone: true }).catch(() => undefined);
        return 'VS Code reported the comment too';
      });
      for (const id of [
        'daemon-invalid-json',
        'daemon-unknown-key',
        'icc-enabled',
        'tcp-socket-without-tls',
        'remote-logging-missing',
      ]) {
        assert.ok(
          rows.some((r) => r.includes(id)),
          `no ${id} in:\n${rows.join('\n')}`,
        );
      }
      // the comment is reported once, by Bulkhead in dockerd's words: VS Code's JSON service leaves it alone (the
      // contributed schema allows comments) and validates nothing the server reports
      assert.ok(
        rows.some((r) => r.includes("invalid character '/'")),
        rows.join('\n'),
      );
      assert.ok(
        !rows.some((r) => /Comments are not permitted|Property .* is not allowed|Incorrect type/.test(r)),
        `a second report:\n${rows.join('\n')}`,
      );
    });
    await step(t, '5b-daemon-hover', async () => {
      await goTo(3, 5);
      const text = await showHover('--icc', 'icc-enabled');
      assert.match(text, /CIS 2\.2/);
      assert.equal(text.split('Flag: --icc').length - 1 <= 1, true, `the key card shows once:\n${text}`);
      await page.keyboard.press('Escape');
    });
    // the secure baseline from the quick fix: one confirmation that lists its caveats, then the file changes
    await step(t, '5c-daemon-secure-baseline', async () => {
      await goTo(3, 5);
      await quickFix('Apply secure baseline', 'icc-enabled');
      const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'CIS secure baseline' });
      await dialog.waitFor();
      const shown = (await dialog.textContent()) ?? '';
      assert.match(shown, /Before you apply it/, `the caveats are on screen:\n${shown}`);
      assert.match(shown, /swarm|hairpin/i, `the caveats are on screen:\n${shown}`);
      await dialog
        .locator('.monaco-button')
        .filter({ hasText: /^Apply$/ })
        .click();
      await dialog.waitFor({ state: 'hidden' });
      // lines near the top: the editor renders only the lines in view
      await page.locator('.view-lines').filter({ hasText: '"icc": false' }).waitFor();
      await page.locator('.view-lines').filter({ hasText: '"log-driver": "syslog"' }).waitFor();
      await waitForProblem('icc-enabled', { gone: true });
    });
  },
);

/**
 * A real registry on 127.0.0.1 with `team/app:1.0` (its config: User 1000) pushed by skopeo, and the digest skopeo
 * reads back for the tag (`skopeo inspect --raw | sha256sum`). The helpers are the unit tier's (TypeScript, loaded
 * through tsx).
 */
async function startTestRegistry(dir) {
  register();
  const helpers = createRequire(import.meta.url)('../unit/registry-helpers.ts');
  fs.mkdirSync(dir, { recursive: true });
  const { host, child } = await helpers.startRegistry(dir);
  const { single } = await helpers.push(dir, host);
  return { helpers, host, child, digest: single };
}

test(
  '6. with bulkhead.registry.enabled, the pin quick fix writes the digest the registry reports and the hover shows the image user',
  { skip: registrySkip },
  async (t) => {
    if (registryTier.missing) assert.fail(registryTier.missing);
    await step(t, '6a-registry-hover', async () => {
      registry = await startTestRegistry(path.join(profile.base, 'registry'));
      // no open document may name a public image once registries are asked: this test reaches no other host
      await runCommand('View: Close All Editors');
      await page.locator('.tab').first().waitFor({ state: 'detached' });
      fs.writeFileSync(path.join(workspace, 'pin.Dockerfile'), `FROM ${registry.host}/team/app:1.0\nCMD ["/app"]\n`);
      fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
      fs.writeFileSync(
        path.join(workspace, '.vscode', 'settings.json'),
        JSON.stringify({
          'bulkhead.registry.enabled': true,
          'bulkhead.registry.insecureRegistries': [registry.host],
        }),
      );
      await openFile('pin.Dockerfile');
      await goTo(1, 8);
      // the facts arrive after the first lint: the hover shows them once the server has asked the registry
      // (the text is specific: root-user's message before the facts arrive says the image "runs as a non-root user")
      const text = await showHover('Runs as: 1000', 'image-not-pinned-by-digest');
      assert.match(text, /Runs as: 1000/, text);
      assert.ok(text.includes(registry.digest), `the hover shows the digest ${registry.digest}:\n${text}`);
      await page.keyboard.press('Escape');
    });
    await step(t, '6b-registry-pin', async () => {
      await goTo(1, 8);
      await quickFix(`Pin ${registry.host}/team/app:1.0 to`, 'image-not-pinned-by-digest');
      await page
        .locator('.view-lines')
        .filter({ hasText: `FROM ${registry.host}/team/app:1.0@${registry.digest}` })
        .waitFor();
      await waitForProblem('image-not-pinned-by-digest', { gone: true });
    });
  },
);

test('7. a devcontainer.json shows its findings and explains them on hover', { skip }, async (t) => {
  await step(t, '7-devcontainer', async () => {
    fs.mkdirSync(path.join(workspace, '.devcontainer'), { recursive: true });
    fs.writeFileSync(
      path.join(workspace, '.devcontainer', 'devcontainer.json'),
      '{\n  // a dev container that can take over the host\n  "name": "dev",\n  "privileged": true,\n  "remoteUser": "root"\n}\n',
    );
    await openFile('devcontainer.json');
    const rows = await waitForProblem('devcontainer-privileged');
    assert.ok(
      rows.some((r) => r.includes('devcontainer-runs-as-root')),
      `no devcontainer-runs-as-root in:\n${rows.join('\n')}`,
    );
    await goTo(4, 5);
    const text = await showHover('Dev container runs privileged', 'devcontainer-privileged');
    assert.match(text, /Why it matters/);
    await page.keyboard.press('Escape');
  });
});

const ACTIVATED = /_doActivateExtension bulkhead\.bulkhead, startup: \w+, activationEvent: '([^']+)'/;

test('the extension activated because of container files', { skip }, () => {
  const log = extensionHostLog(profile);
  const m = ACTIVATED.exec(log);
  assert.ok(m, `no Bulkhead activation in the extension host log:\n${log}`);
  assert.match(m[1], /^(workspaceContains:.*(Dockerfile|daemon\.json)|onLanguage:dockerfile)/);
  assert.match(log, /Bulkhead language server started/);
});

test('a workspace without container files does not activate Bulkhead', { skip }, async (t) => {
  const quiet = freshProfile(path.join(ROOT, 'bulkhead.vsix'));
  const folder = path.join(quiet.base, 'plain');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'notes.txt'), 'no containers here\n');
  const other = await startCodeServer(quiet, folder);
  const { chromium } = await import('playwright-core');
  const ctx = await chromium.launchPersistentContext(path.join(quiet.base, 'browser'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  try {
    const p = ctx.pages()[0] ?? (await ctx.newPage());
    p.setDefaultTimeout(60000);
    await p.goto(`${other.url}/?folder=${encodeURIComponent(folder)}`);
    await p.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
    await p.keyboard.press('Control+P');
    await p.locator('.quick-input-widget input').fill('notes.txt');
    await p.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await p.keyboard.press('Enter');
    await p.locator('.tab.active[aria-label^="notes.txt"]').waitFor();
    // the extension host has finished its startup activations once it logs "Eager extensions activated"
    await waitForExtensionHostLog(
      quiet,
      /Eager extensions activated/,
      'the end of startup activations ("Eager extensions activated")',
    );
    await p.screenshot({ path: path.join(ARTIFACTS, '4-no-activation.png') });
    const log = extensionHostLog(quiet);
    assert.doesNotMatch(log, ACTIVATED, 'Bulkhead activated in a workspace without container files');
  } catch (e) {
    t.diagnostic(extensionHostLog(quiet));
    throw e;
  } finally {
    await ctx.close().catch(() => undefined);
    other.stop();
    fs.rmSync(quiet.base, { recursive: true, force: true });
  }
});

test('npm run try serves the examples workspace in code-server and cleans up on Ctrl+C', { skip }, async () => {
  const { spawn } = await import('node:child_process');
  // the .vsix was built by `before`; `npm run try` = `npm run package && node scripts/try.mjs`
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/try.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 120000);
    const check = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`scripts/try.mjs exited (${code}):\n${out}`)));
  });
  const folder = decodeURIComponent(new URL(url).searchParams.get('folder'));
  for (const f of ['Dockerfile', 'daemon.json', 'compose.yaml'])
    assert.ok(fs.existsSync(path.join(folder, f)), `${f} in the workspace`);
  const res = await fetch(url);
  assert.equal(res.status, 200);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGINT');
  await exited;
  assert.ok(!fs.existsSync(folder), 'the copy of examples/ is removed on exit');
});
