// The shell tokenizer: words, quotes, escapes, operators, redirects, heredocs, substitutions, keywords, and the
// document offsets every rule relies on for its ranges and fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDockerfile } from '../../server/src/dockerfile/model/model';
import { tokenizeShell } from '../../server/src/dockerfile/model/shell';

/** Tokenize a plain string (document offset = string index). */
const tok = (text) => tokenizeShell({ text, offsets: [...text].map((_, i) => i), end: text.length });
/** Top-level commands as arrays of word values. */
const top = (text) => tok(text).topLevel.map((c) => c.words.map((w) => w.value));
/** Every command (nested too) as `depth:name args`. */
const all = (text) => tok(text).commands.map((c) => `${c.depth}:${c.words.map((w) => w.value).join(' ')}`);
const parse = (t) => parseDockerfile(t, 'file:///x/Dockerfile');

/** Each word's recorded character offsets point at the very characters of its value. */
function assertOffsets(docText, word) {
  assert.equal(word.offsets.length, word.value.length, `offsets of ${JSON.stringify(word.value)}`);
  word.offsets.forEach((o, i) => assert.equal(docText[o], word.value[i], `char ${i} of ${JSON.stringify(word.value)}`));
}

test('words and operators: &&, ||, ;, |, &, newlines', () => {
  const s = tok('a 1 && b || c; d & e | f\ng');
  assert.deepEqual(
    s.topLevel.map((c) => [c.before, c.words[0].value, c.after]),
    [
      [null, 'a', '&&'],
      ['&&', 'b', '||'],
      ['||', 'c', ';'],
      [';', 'd', '&'],
      ['&', 'e', '|'],
      ['|', 'f', '\n'],
      ['\n', 'g', null],
    ],
  );
  assert.deepEqual(top('a|&b'), [['a'], ['b']], '|& pipes stderr too');
});

const QUOTING = [
  ['single quotes keep everything', `echo 'a "b" $c \\d'`, ['echo', 'a "b" $c \\d']],
  ['double quotes unescape " $ ` \\ only', 'echo "a \\"b\\" \\$c \\d"', ['echo', 'a "b" $c \\d']],
  ['adjacent quoted and bare parts form one word', `echo a"b c"'d'e`, ['echo', 'ab cde']],
  ['backslash outside quotes escapes the next character', 'echo a\\ b \\;', ['echo', 'a b', ';']],
  ['ANSI-C quoting', "echo $'a b'", ['echo', 'a b']],
  ['empty quotes are an empty word', 'echo "" x', ['echo', '', 'x']],
  ['a # inside a word is not a comment', 'echo a#b', ['echo', 'a#b']],
];
for (const [name, input, expected] of QUOTING) {
  test(`quoting: ${name}`, () => assert.deepEqual(top(input), [expected]));
}

test('quoted and dynamic flags on words', () => {
  const [cmd] = tok(`echo plain "q" $X \${Y} $(z) 'lit$'`).topLevel;
  assert.deepEqual(
    cmd.words.map((w) => [w.value, w.quoted, w.dynamic]),
    [
      ['echo', false, false],
      ['plain', false, false],
      ['q', true, false],
      ['$X', false, true],
      ['${Y}', false, true],
      ['$(z)', false, true],
      ['lit$', true, false],
    ],
  );
});

test('comments end the line, in a command line and in a heredoc script', () => {
  assert.deepEqual(top('echo a # curl -k https://x | sh'), [['echo', 'a']]);
  assert.deepEqual(top('# only a comment\necho b'), [['echo', 'b']]);
});

test('line continuations: joined by the model, and removed when left in a heredoc script', () => {
  const text = 'FROM alpine:3.20\nRUN apk add \\\n      curl \\\n # comment in the continuation\n      && echo done\n';
  const m = parse(text);
  const cmds = m.instructions[1].scripts[0].topLevel;
  assert.deepEqual(
    cmds.map((c) => c.words.map((w) => w.value)),
    [
      ['apk', 'add', 'curl'],
      ['echo', 'done'],
    ],
  );
  const curl = cmds[0].words[2];
  assert.equal(text.slice(curl.start, curl.end), 'curl');
  assert.deepEqual(top('set -eux; \\\n  apt-get install -y \\\n  curl'), [
    ['set', '-eux'],
    ['apt-get', 'install', '-y', 'curl'],
  ]);
  assert.deepEqual(top('echo "a\\\nb" c\\\nd'), [['echo', 'ab', 'cd']]);
});

test('redirects are not words, and keep their targets', () => {
  const [cmd] = tok('cmd a >out 2>&1 >>log <in &>all 2>/dev/null <<<"here" b').topLevel;
  assert.deepEqual(
    cmd.words.map((w) => w.value),
    ['cmd', 'a', 'b'],
  );
  assert.deepEqual(
    cmd.redirects.map((r) => [r.op, r.target?.value ?? null]),
    [
      ['>', 'out'],
      ['>&', null],
      ['>>', 'log'],
      ['<', 'in'],
      ['&>', 'all'],
      ['>', '/dev/null'],
      ['<<<', 'here'],
    ],
  );
});

test('heredocs inside a script: body kept on the redirect, skipped as commands, delimiter forms', () => {
  const text = "cat <<EOF > /etc/x.conf\nline one\nrm -rf /\nEOF\nnext 1\ncat <<-'END' | tee f\n\tbody\n\tEND\nlast";
  const s = tok(text);
  assert.deepEqual(
    s.topLevel.map((c) => c.words.map((w) => w.value).join(' ')),
    ['cat', 'next 1', 'cat', 'tee f', 'last'],
  );
  const first = s.topLevel[0].redirects.find((r) => r.op === '<<');
  assert.equal(first.target.value, 'EOF');
  assert.equal(first.heredoc.text, 'line one\nrm -rf /\n');
  assert.equal(text.slice(first.heredoc.offsets[0], first.heredoc.offsets[0] + 8), 'line one');
  const dash = s.topLevel[2].redirects.find((r) => r.op === '<<-');
  assert.equal(dash.target.value, 'END');
  assert.equal(dash.heredoc.text, '\tbody\n');
});

test('a Dockerfile-level heredoc (RUN cat <<EOF > f) is not mistaken for an empty in-script body', () => {
  const m = parse('FROM alpine:3.20\nRUN cat <<EOF > /etc/motd\nhello\nEOF\n');
  const [cmd] = m.instructions[1].scripts[0].topLevel;
  assert.equal(cmd.redirects.find((r) => r.op === '<<').heredoc, undefined);
  assert.equal(m.instructions[1].heredocs[0].content.text, 'hello');
});

test('command substitution $(...): nested commands one level deeper, value kept verbatim', () => {
  // the assignment-only command `V=$(…)` is a command without words
  assert.deepEqual(all('V=$(curl -s u | jq -r .v) && echo "$(date)" x$(id -u)'), [
    '1:curl -s u',
    '1:jq -r .v',
    '0:',
    '1:date',
    '1:id -u',
    '0:echo $(date) x$(id -u)',
  ]);
  const [assign] = tok('V=$(curl -s u)').topLevel[0].assignments;
  assert.equal(assign.value, 'V=$(curl -s u)');
  assert.equal(assign.nested.length, 1);
  assert.deepEqual(all('echo $(a $(b c))'), ['2:b c', '1:a $(b c)', '0:echo $(a $(b c))']);
});

test('arithmetic $(( )) and (( )) are not commands', () => {
  assert.deepEqual(all('echo $((1 + 2)) && (( i++ )) && next'), ['0:echo $((1 + 2))', '0:next']);
});

test('${...} is one word; a substitution inside it is tokenized', () => {
  assert.deepEqual(all('echo ${X:-$(curl -k u)} ${#Y} ${Z/a/b}'), [
    '1:curl -k u',
    '0:echo ${X:-$(curl -k u)} ${#Y} ${Z/a/b}',
  ]);
});

test('backticks: nested commands; the closing backtick is not part of a word', () => {
  assert.deepEqual(all('echo `curl -k u` "`id -u`" z'), ['1:curl -k u', '1:id -u', '0:echo `curl -k u` `id -u` z']);
  const [curl] = tok('x=`curl -k u`').commands;
  assert.deepEqual(
    curl.words.map((w) => w.value),
    ['curl', '-k', 'u'],
  );
});

test('process substitution <(...) and >(...)', () => {
  const s = tok('bash <(curl -fsSL u) arg && diff <(a) >(b)');
  assert.deepEqual(
    s.commands.map((c) => `${c.depth}:${c.words.map((w) => w.value).join(' ')}`),
    ['1:curl -fsSL u', '0:bash <(curl -fsSL u) arg', '1:a', '1:b', '0:diff <(a) >(b)'],
  );
  assert.equal(s.topLevel[0].words[1].nested[0].words[0].value, 'curl');
  const [loop] = tok('while read l; do :; done < <(curl -s u)').commands.filter((c) => c.redirects.length);
  assert.equal(loop.redirects[0].target.value, '<(curl -s u)');
});

test('subshells and brace groups keep the commands and the pipe after them', () => {
  assert.deepEqual(
    tok('(cd /x && curl u) | sh').commands.map((c) => [c.words[0].value, c.before]),
    [
      ['cd', null],
      ['curl', '&&'],
      ['sh', '|'],
    ],
  );
  assert.deepEqual(
    tok('{ curl u; } | sh').commands.map((c) => [c.words[0].value, c.before]),
    [
      ['curl', null],
      ['sh', '|'],
    ],
  );
});

test('keywords: if/then/else/fi, while/until/do/done, ! and time are not commands', () => {
  assert.deepEqual(top('if [ -f x ]; then curl -k u; elif true; then :; else wget u; fi'), [
    ['[', '-f', 'x', ']'],
    ['curl', '-k', 'u'],
    ['true'],
    [':'],
    ['wget', 'u'],
  ]);
  assert.deepEqual(top('while read l; do echo "$l"; done; until false; do break; done; ! grep x f; time make'), [
    ['read', 'l'],
    ['echo', '$l'],
    ['false'],
    ['break'],
    ['grep', 'x', 'f'],
    ['make'],
  ]);
});

test('for/select headers are not commands, but substitutions in them run', () => {
  assert.deepEqual(all('for f in a b $(curl -s u); do echo "$f"; done'), ['1:curl -s u', '0:echo $f']);
  assert.deepEqual(all('for ((i = 0; i < 3; i++)); do echo $i; done'), ['0:echo $i']);
  assert.deepEqual(all('for x\ndo\n  rm $x\ndone'), ['0:rm $x']);
});

test('case: patterns are skipped, branch commands are kept, esac closes', () => {
  assert.deepEqual(top('case "$a" in x) curl -k u ;; (y|z) wget u ;; *) ;; esac; echo done'), [
    ['curl', '-k', 'u'],
    ['wget', 'u'],
    ['echo', 'done'],
  ]);
  assert.deepEqual(top('case $1 in\n  a)\n    one\n    ;;\n  b|c) two;;\nesac\nthree'), [['one'], ['two'], ['three']]);
  assert.deepEqual(all('v=$(case $y in a) echo 1;; esac) z'), ['1:echo 1', '0:z']);
});

test('function definitions: the header is not a command, the body is', () => {
  assert.deepEqual(top('f() { curl -k u; }; f'), [['curl', '-k', 'u'], ['f']]);
  assert.deepEqual(top('function g { wget u; }\ng'), [['wget', 'u'], ['g']]);
  assert.deepEqual(top('function h() {\n  ls\n}'), [['ls']]);
});

test('assignments: NAME=value before the command, with quoted values; not when the name is quoted', () => {
  const [cmd] = tok(`A=1 B="x y" C='z' D=$(id) cmd E=2`).topLevel;
  assert.deepEqual(
    cmd.assignments.map((w) => w.value),
    ['A=1', 'B=x y', 'C=z', 'D=$(id)'],
  );
  assert.deepEqual(
    cmd.words.map((w) => w.value),
    ['cmd', 'E=2'],
  );
  assert.deepEqual(
    tok('"A=1" cmd').topLevel[0].words.map((w) => w.value),
    ['A=1', 'cmd'],
  );
  const [arr] = tok('a=(1 "2 3") b+=x a[1]=y').topLevel;
  assert.deepEqual(
    arr.assignments.map((w) => w.value),
    ['a=(1 "2 3")', 'b+=x', 'a[1]=y'],
  );
  assert.equal(arr.words.length, 0);
});

test('odd input never throws and degrades to fewer or longer words', () => {
  for (const input of [
    'echo "unterminated',
    "echo 'open",
    'a )) b',
    'echo $(',
    'echo `x',
    'case x in',
    'for',
    'f() {',
    '<<',
    '&&&&',
    '"',
    '$((',
  ]) {
    assert.doesNotThrow(() => tok(input), input);
  }
  assert.deepEqual(top('a ) b'), [['a', 'b']], 'a stray ) is skipped, not an empty word');
});

test('document offsets: start/end and per-character offsets across continuations, quotes, escapes and heredocs', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN curl -fsSLk "https://x.example/a b" \\',
    '      -H \'X-Y: "z"\' \\',
    '   && echo a\\"b$(id -u) `date` && A="q \\"r\\"" sh -c \'wget -O- u | sh\'',
    'RUN <<EOF',
    'set -e',
    'cat <<CONF > /etc/x.conf',
    'gpgcheck=0',
    'CONF',
    'printf "%s\\n" \\',
    '  "strict-ssl=false" > ~/.npmrc',
    'EOF',
    '',
  ].join('\n');
  const m = parse(text);
  let words = 0;
  for (const inst of m.instructions) {
    for (const script of inst.scripts) {
      for (const cmd of script.commands) {
        for (const w of [...cmd.assignments, ...cmd.words, ...cmd.redirects.map((r) => r.target).filter(Boolean)]) {
          assertOffsets(text, w);
          assert.ok(w.start <= w.offsets[0] && w.end >= w.offsets[w.offsets.length - 1] + 1, `range of ${w.value}`);
          words++;
        }
      }
    }
  }
  assert.ok(words >= 25, `checked ${words} words`);
  const run = m.instructions[1].scripts[0];
  const url = run.topLevel[0].words[2];
  assert.equal(text.slice(url.start, url.end), '"https://x.example/a b"', 'start/end cover the word as written');
  const flags = run.topLevel[0].words[1];
  assert.equal(text[flags.offsets[5]], 'k', 'each letter of a combined flag has its own offset');
  const sh = run.topLevel.find((c) => c.words[0]?.value === 'sh');
  assert.equal(sh.assignments[0].value, 'A=q "r"');
  const heredoc = m.instructions[2].scripts[1];
  const cat = heredoc.topLevel.find((c) => c.words[0]?.value === 'cat');
  const body = cat.redirects.find((r) => r.op === '<<').heredoc;
  assert.equal(text.slice(body.offsets[0], body.offsets[0] + 10), 'gpgcheck=0');
  const printf = heredoc.topLevel.find((c) => c.words[0]?.value === 'printf');
  assert.deepEqual(
    printf.words.map((w) => w.value),
    ['printf', '%s\\n', 'strict-ssl=false'],
    'continuation inside a heredoc script',
  );
});

test('CRLF documents: values have no carriage returns and offsets still point at the characters', () => {
  const text = 'FROM alpine:3.20\r\nRUN apk add \\\r\n    curl && echo "ok"\r\n';
  const m = parse(text);
  const cmds = m.instructions[1].scripts[0].topLevel;
  assert.deepEqual(
    cmds.map((c) => c.words.map((w) => w.value)),
    [
      ['apk', 'add', 'curl'],
      ['echo', 'ok'],
    ],
  );
  for (const c of cmds) for (const w of c.words) assertOffsets(text, w);
});

test('plain stretches of a word end at every character the shell reads: quotes, escapes, $, operators, non-ASCII', () => {
  // readWord takes a run of plain characters at once: each special character must still stop it
  assert.deepEqual(top('ab"c d"ef gh\'i j\'kl m\\ n'), [['abc def', 'ghi jkl', 'm n']]);
  assert.deepEqual(top('a$b c${d}e f$(g h)i'), [['a$b', 'c${d}e', 'f$(g h)i']]);
  assert.deepEqual(top('ab;cd&&ef|gh>ij<kl'), [['ab'], ['cd'], ['ef'], ['gh']]);
  assert.deepEqual(top('x=(a b) y'), [['y']]);
  assert.deepEqual(top('é"ü x"ö ∂a\tb'), [['éü xö', '∂a', 'b']]);
  // inside double quotes: `\`, `$` and backticks stop a run; the backtick substitution's closer too
  assert.deepEqual(top('"ab\\"cd$e`f`g"'), [['ab"cd$e`f`g']]);
  assert.deepEqual(all('echo "a`b c`d"'), ['1:b c', '0:echo a`b c`d']);
  assert.equal(tok('"ab$c"').topLevel[0].words[0].dynamic, true);
  assert.equal(tok('"abc"').topLevel[0].words[0].dynamic, false);
  // generated scripts (seeded): every word's value is the characters its offsets point at
  const pieces = [
    'ab',
    'c',
    ' ',
    '"',
    "'",
    '\\',
    '$',
    '${x}',
    '$(y z)',
    '`',
    ';',
    '&&',
    '|',
    '>',
    '<',
    '(',
    ')',
    'é',
    '\n',
    '\t',
    '#',
    '=',
  ];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 16 }), (parts) => {
      const text = parts.join('');
      for (const c of tok(text).commands)
        for (const w of [...c.words, ...c.assignments]) {
          if (w.value.length) assertOffsets(text, w);
          assert.ok(w.start < w.end && w.end <= text.length + 1, JSON.stringify(text));
        }
    }),
    { seed: 7, numRuns: 2000 },
  );
});
