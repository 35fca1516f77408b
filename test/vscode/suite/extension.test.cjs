// Runs inside VS Code's extension host: the vscode API sees Bulkhead's diagnostics, hovers, code actions and
// commands for the shared fixture (test/fixtures/clients/insecure.Dockerfile). Waits on events, never on sleeps.
const assert = require('node:assert/strict');
const vscode = require('vscode');

function waitForDiagnostics(uri, predicate, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'bulkhead');
      if (predicate(diags)) {
        sub.dispose();
        clearTimeout(timer);
        resolve(diags);
        return true;
      }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(
        new Error(
          `diagnostics never matched: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.code))}`,
        ),
      );
    }, timeoutMs);
    check();
  });
}

const codeOf = (d) => (typeof d.code === 'object' ? d.code.value : d.code);

suite('Bulkhead in the VS Code extension host', () => {
  let doc;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders[0].uri;
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'Dockerfile'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'dockerfile');
  });

  test('the extension is active and its commands are registered', async () => {
    const ext = vscode.extensions.getExtension('bulkhead.bulkhead');
    assert.ok(ext, 'extension installed');
    await ext.activate();
    assert.ok(ext.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const c of [
      'bulkhead.restartServer',
      'bulkhead.fixAll',
      'bulkhead.showRuleDocumentation',
      'bulkhead.showOutput',
    ])
      assert.ok(commands.includes(c), c);
  });

  test('diagnostics carry rule ids, ranges on the token, and documentation links', async () => {
    const diags = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'add-instead-of-copy'));
    const codes = diags.map(codeOf);
    for (const id of ['add-instead-of-copy', 'root-user', 'remote-script-piped-to-shell', 'ssh-port-exposed'])
      assert.ok(codes.includes(id), `${id} in ${codes}`);
    const add = diags.find((d) => codeOf(d) === 'add-instead-of-copy');
    assert.deepEqual([add.range.start.line, add.range.start.character, add.range.end.character], [2, 0, 3]);
    assert.match(add.code.target.toString(), /add-instead-of-copy\.md$/);
  });

  test('hover explains a finding', async () => {
    const hovers = await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(2, 1),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /ADD used for local files/);
    assert.match(text, /DL3020/);
  });

  test('the quick fix replaces ADD with COPY and the finding goes', async () => {
    const diags = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'add-instead-of-copy'));
    const add = diags.find((d) => codeOf(d) === 'add-instead-of-copy');
    const actions = await vscode.commands.executeCommand(
      'vscode.executeCodeActionProvider',
      doc.uri,
      add.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Ignore add-instead-of-copy for this instruction'), titles.join(' | '));
    const fix = actions.find((a) => a.title === 'Replace ADD with COPY');
    assert.ok(fix && fix.isPreferred, titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(2).text, 'COPY server.js /app/');
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((d) => codeOf(d) === 'add-instead-of-copy') && ds.length > 0);
  });

  test('Restart Server brings the diagnostics back', async () => {
    await vscode.commands.executeCommand('bulkhead.restartServer');
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'root-user'));
  });
});

suite('daemon.json in the VS Code extension host', () => {
  let doc;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders[0].uri;
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'docker', 'daemon.json'));
    await vscode.window.showTextDocument(doc);
  });

  test("findings come from Bulkhead once: the comment in dockerd's words, nothing from the schema", async () => {
    const diags = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'icc-enabled'));
    const codes = diags.map(codeOf);
    for (const id of ['daemon-invalid-json', 'daemon-unknown-key', 'icc-enabled', 'tcp-socket-without-tls'])
      assert.ok(codes.includes(id), `${id} in ${codes}`);
    const all = vscode.languages.getDiagnostics(doc.uri);
    assert.ok(
      !all.some(
        (d) => d.source !== 'bulkhead' && /Comments are not permitted|is not allowed|Incorrect type/.test(d.message),
      ),
      all.map((d) => `${d.source}: ${d.message}`).join('\n'),
    );
  });

  test('a key hovers with its card (from the contributed schema)', async () => {
    const hovers = await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(2, 4),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /--icc/);
    assert.match(text, /CIS 2\.2/);
  });

  test('the did-you-mean fix renames the misspelt key', async () => {
    const diags = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'daemon-unknown-key'));
    const unknown = diags.find((d) => codeOf(d) === 'daemon-unknown-key');
    const actions = await vscode.commands.executeCommand(
      'vscode.executeCodeActionProvider',
      doc.uri,
      unknown.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => /no-new-privileges/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /"no-new-privileges": true/);
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((d) => codeOf(d) === 'daemon-unknown-key'));
  });
});
