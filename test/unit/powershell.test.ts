// The PowerShell and cmd reading (analysis/powershell.ts, windowsScripts.ts, windowsDownloads.ts): tokens, statements
// and pipelines, parameter binding by unique prefix, which code a RUN runs (SHELL, cmd, `powershell -Command`), the
// Windows command-line split, downloads with their URL and file, and hostile input in linear time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/dockerfile/model/model';
import { argText, bindParameters, tokenizePowerShell } from '../../server/src/dockerfile/analysis/powershell';
import { powerShellCode, windowsRuns } from '../../server/src/dockerfile/analysis/windowsScripts';
import {
  INVOKE_WEBREQUEST,
  sameFile,
  unverifiedWindowsDownloads,
  windowsDownloads,
} from '../../server/src/dockerfile/analysis/windowsDownloads';
import { assertLinear } from './cost-helpers';

const plain = (s: string) => ({ text: s, offsets: [...s].map((_, i) => i), end: s.length });
const script = (s: string) => tokenizePowerShell(plain(s));
const WIN = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n';
const PS = `${WIN}SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]\n`;
const downloads = (text: string) =>
  windowsDownloads(parseDockerfile(text)).map((d) => ({ url: d.url.value, file: d.file?.value ?? null }));

test('statements, pipelines, groups: commands at every depth, in source order', () => {
  const s = script(
    "$ProgressPreference = 'SilentlyContinue'; iwr https://x.example/a | iex\nif ((Get-FileHash a.zip).Hash -ne $env:SHA) { exit 1 }",
  );
  assert.deepEqual(
    s.commands.map((c) => c.name),
    ['iwr', 'iex', 'get-filehash'],
  );
  const iex = s.commands[1].element;
  assert.equal(iex.before, '|');
  assert.equal(s.elements[0].assignTo, 'progresspreference');
  assert.equal(s.commands[2].element.depth, 2);
});

test("quotes and escapes: single quotes literal (`''` a quote), double quotes expand, a backtick escapes", () => {
  const s = script("Write-Host 'it''s `n' \"a`tb $x\" c`;d `\n  -NoNewline");
  const c = s.commands[0];
  const src = "Write-Host 'it''s `n' \"a`tb $x\" c`;d `\n  -NoNewline";
  assert.deepEqual(
    c.args.map((a) => (a.dash ? `-${a.dash.value}` : argText(a, src))),
    ["it's `n", 'a\tb $x', 'c;d', '-NoNewline'],
  );
  assert.equal(c.args[1].tokens[0].dynamic, true);
});

test('comments end at the line; `#` inside a word is text', () => {
  const s = script('Write-Host a#b # Invoke-WebRequest https://x.example/a -OutFile a');
  assert.deepEqual(
    s.commands.map((c) => c.name),
    ['write-host'],
  );
});

test('parameters bind case-insensitively, by unique prefix and with `-Name:value`; ambiguous ones are refused', () => {
  const bind = (code: string) => {
    const c = script(code).commands[0];
    const b = bindParameters(c, INVOKE_WEBREQUEST);
    const src = code;
    return {
      uri: b.named.get('uri')?.value ? argText(b.named.get('uri')!.value!, src) : null,
      out: b.named.get('outfile')?.value ? argText(b.named.get('outfile')!.value!, src) : null,
      unknown: b.unknown.length,
    };
  };
  assert.deepEqual(bind('iwr -URI https://x.example/a -outf a.zip'), {
    uri: 'https://x.example/a',
    out: 'a.zip',
    unknown: 0,
  });
  assert.deepEqual(bind('iwr -useb https://x.example/a -OutFile:b.zip'), {
    uri: 'https://x.example/a',
    out: 'b.zip',
    unknown: 0,
  });
  // -o: OutFile, OutVariable, OutBuffer, OperationTimeoutSeconds; -u: Uri, UseBasicParsing, UserAgent …
  assert.equal(bind('iwr https://x.example/a -o a.zip').unknown, 1);
  assert.equal(bind('iwr -u https://x.example/a').unknown, 1);
});

test('powershell.exe runs its first unrecognised argument as the command, pwsh as a file; -Command by any prefix', () => {
  const words = (...v: string[]) =>
    v.map((value) => ({ value, start: 0, end: 0, quoted: false, dynamic: false, nested: [] }));
  const code = (program: string, ...v: string[]) => powerShellCode(program, words(...v))?.map((w) => w.value) ?? null;
  assert.deepEqual(code('powershell', '-NoProfile', 'iwr', 'x'), ['iwr', 'x']);
  assert.equal(code('pwsh', 'script.ps1'), null);
  assert.deepEqual(code('pwsh', '-nop', '-c', 'iwr x'), ['iwr x']);
  assert.deepEqual(code('pwsh', '/Com', 'iwr x'), ['iwr x']);
  assert.deepEqual(code('powershell', '-ExecutionPolicy', 'Bypass', '--command', 'iwr x'), ['iwr x']);
  assert.equal(code('pwsh', '-Command', '-'), null);
  assert.equal(code('powershell', '-File', 'x.ps1'), null);
});

test('which code a RUN runs: SHELL powershell, cmd by default, powershell -Command from cmd, pwsh -c from sh', () => {
  const runs = (text: string) => {
    const r = windowsRuns(parseDockerfile(text));
    return { ps: r.powershell.map((p) => p.edition), cmd: r.cmd.length };
  };
  assert.deepEqual(runs(`${PS}RUN Write-Host hi\n`), { ps: ['desktop'], cmd: 0 });
  assert.deepEqual(runs(`${WIN}RUN mkdir C:\\x && powershell -c "Write-Host hi"\n`), { ps: ['desktop'], cmd: 1 });
  assert.deepEqual(runs('FROM debian:bookworm\nRUN pwsh -c "Write-Host hi"\n'), { ps: ['core'], cmd: 0 });
  assert.deepEqual(runs(`${WIN}RUN ["pwsh", "-Command", "Write-Host hi"]\n`), { ps: ['core'], cmd: 0 });
  assert.deepEqual(runs(`# hadolint shell=powershell\n${WIN}RUN Write-Host hi\n`), { ps: ['desktop'], cmd: 0 });
  // the directive is read at the first RUN of a Windows stage or file and holds for every RUN of it (a file with a
  // Windows stage is a Windows file: its Linux stage's RUN takes the directive too)
  assert.deepEqual(
    runs(`# hadolint shell=pwsh\nFROM debian:bookworm\nRUN echo a | tr a b\n${WIN}RUN Write-Host hi\nRUN iwr x\n`),
    { ps: ['core', 'core', 'core'], cmd: 0 },
  );
  assert.deepEqual(runs(`# hadolint shell=cmd\nFROM debian:bookworm\nRUN echo hi\n`), { ps: [], cmd: 1 });
  assert.deepEqual(runs(`FROM debian:bookworm\nRUN echo hi\n# hadolint shell=powershell\n`), {
    ps: ['desktop'],
    cmd: 0,
  });
});

test('cmd: blocks in parentheses, and the quotes of cmd /c as cmd.exe treats them', () => {
  const commands = (body: string) =>
    windowsRuns(parseDockerfile(`${WIN}RUN ${body}\n`))
      .cmd.flatMap((r) => r.commands)
      .map((c) => [c.name, ...c.args.map((a) => a.value)].join(' '));
  // `(` where a command starts (also after `if <condition>`, `else`, `for … do`) opens a block, `)` closes it
  assert.deepEqual(commands('(net user a b) & echo ok'), ['net user a b', 'echo ok']);
  assert.deepEqual(commands('if exist C:\\x (net user a b) else (echo no)'), [
    'if exist C:\\x',
    'net user a b',
    'else',
    'echo no',
  ]);
  // elsewhere they are text
  assert.deepEqual(commands('echo (x) a)b'), ['echo (x) a)b']);
  // /S, or more than two quotes: the first quote and the last go; two quotes around an executable's path stay
  assert.deepEqual(commands('cmd /S /C "net user a b"'), ['net user a b', 'cmd /S /C net user a b']);
  assert.deepEqual(commands('cmd /c ""C:\\Windows\\net.exe" user a b"').slice(0, 1), ['net user a b']);
  assert.deepEqual(commands('cmd /c "C:\\Program Files\\app.exe"').slice(0, 1), ['app']);
});

test('Windows hands a shell-form RUN to PowerShell as a command line: quotes go, \\" stays', () => {
  // PowerShell gets `Invoke-WebRequest -Uri https://x.example/a b.zip …`: the quotes were the command line's
  assert.deepEqual(downloads(`${PS}RUN Invoke-WebRequest -Uri "https://x.example/a b.zip" -OutFile "C:\\a.zip"\n`), [
    { url: 'https://x.example/a', file: 'C:\\a.zip' },
  ]);
  assert.deepEqual(
    downloads(`${PS}RUN $u = "\\"https://x.example/$env:V.zip\\""; Invoke-WebRequest $u -OutFile v.zip\n`),
    [{ url: 'https://x.example/$env:V.zip', file: 'v.zip' }],
  );
});

test('downloads: aliases by edition, .NET methods, BITS, native curl; URLs resolved from ENV, ARG and formats', () => {
  const text = `${PS}ENV BASE=https://x.example\nARG V=1.2\nRUN iwr ('{0}/t-{1}.zip' -f $env:BASE, $env:V) -OutFile t.zip; \\
    wget https://x.example/w.zip -OutFile w.zip; \\
    $wc = New-Object Net.WebClient; $wc.DownloadFile($env:BASE + '/d.msi', 'C:\\d.msi'); \\
    Start-BitsTransfer https://x.example/b.cab; \\
    curl.exe -fsSLo c.zip https://x.example/c.zip
`;
  assert.deepEqual(downloads(text), [
    { url: 'https://x.example/t-1.2.zip', file: 't.zip' },
    { url: 'https://x.example/w.zip', file: 'w.zip' },
    { url: 'https://x.example/d.msi', file: 'C:\\d.msi' },
    { url: 'https://x.example/b.cab', file: 'b.cab' },
    { url: 'https://x.example/c.zip', file: 'c.zip' },
  ]);
  // PowerShell 6+: wget is wget (-OutFile is no option of its)
  assert.deepEqual(downloads(`${WIN}SHELL ["pwsh", "-Command"]\nRUN wget https://x.example/w.zip\n`), [
    { url: 'https://x.example/w.zip', file: 'w.zip' },
  ]);
});

test('Windows paths: case-insensitive, either slash, a name without directory matches, cmd adds .exe', () => {
  assert.equal(sameFile('.\\Setup.EXE', 'C:/tmp/setup.exe'), true);
  assert.equal(sameFile('C:\\tmp\\setup.exe', 'C:/tmp/setup.exe'), true);
  assert.equal(sameFile('C:\\a\\setup.exe', 'C:\\b\\setup.exe'), false);
  assert.equal(sameFile('vs_BuildTools', 'vs_BuildTools.exe'), true);
});

test('hostile input: deep nesting is cut, never thrown; long scripts cost linear time', () => {
  const deep = script('('.repeat(5000) + 'iwr x' + ')'.repeat(5000));
  assert.equal(deep.tooDeep, true);
  script('"' + '$('.repeat(3000));
  script("'".repeat(10001) + '`'.repeat(10001) + '@"\n'.repeat(3000));
  assertLinear((n) => script('iwr https://x.example/a -OutFile a; '.repeat(n)), 2000, 'PowerShell statements');
  assertLinear((n) => script('$('.repeat(n % 60) + '-a:'.repeat(n) + '{'.repeat(n % 60)), 5000, 'odd tokens');
  assertLinear(
    (n) =>
      unverifiedWindowsDownloads(
        parseDockerfile(`${PS}RUN ${'iwr https://x.example/a -OutFile a.exe; Start-Process a.exe; '.repeat(n)}\n`),
      ),
    500,
    'downloads and runs',
  );
  assertLinear(
    (n) => windowsRuns(parseDockerfile(`${WIN}RUN ${'(if x ('.repeat(n)}a${')'.repeat(n)}\n`)),
    5000,
    'cmd blocks',
  );
  assertLinear((n) => windowsRuns(parseDockerfile(`${WIN}RUN echo ${'( '.repeat(n)}\n`)), 5000, 'parentheses as text');
  assertLinear(
    (n) =>
      windowsDownloads(parseDockerfile(`${PS}RUN ${"$u = 'https://x.example/a'; $s = irm $u; iex $s; ".repeat(n)}\n`)),
    300,
    'assignments and Invoke-Expression',
  );
});

test('variables built by doubling: each assignment is resolved once and a value is cut at 4 KB (no k^depth work)', () => {
  const chain = (k: number) => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    let run = "$a = 'http://example.com/'";
    for (let i = 1; i < names.length; i++)
      run += `; $${names[i]} = ${Array(k)
        .fill(`$${names[i - 1]}`)
        .join(' + ')}`;
    return `${PS}RUN ${run}; Invoke-WebRequest -Uri $f -OutFile x.exe\n`;
  };
  const raw = (text: string) => windowsDownloads(parseDockerfile(text));
  const [d] = raw(chain(40));
  assert.equal(d.url.known, false, 'a value past 4 KB is not known');
  assert.ok(d.url.value.length <= 4096);
  // the two-level doubling a real script does stays exact
  const [small] = raw(`${PS}RUN $h = 'http://x.example'; $u = $h + '/a.zip'; iwr $u -OutFile a.zip\n`);
  assert.deepEqual([small.url.value, small.url.known], ['http://x.example/a.zip', true]);
  assertLinear((k) => raw(chain(k)), 40, 'variables built by doubling');
});

test('cmd: a URL held in %NAME% is a download (cmd expands it before curl runs); an unset one is not known', () => {
  const cmd = (body: string) => windowsDownloads(parseDockerfile(`${WIN}${body}\n`));
  const [d] = cmd(
    'ENV GIT_URL=http://example.com/git.exe\nRUN curl.exe -fSLo git.exe %GIT_URL% && git.exe /VERYSILENT',
  );
  assert.deepEqual(
    [d.url.text, d.url.value, d.url.known, d.file?.value],
    ['%GIT_URL%', 'http://example.com/git.exe', true, 'git.exe'],
  );
  assert.deepEqual(cmd('RUN curl.exe -fSLo git.exe %NOT_SET%'), []);
});
