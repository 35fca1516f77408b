// The Dockerfile parser (server/src/dockerfile/parser.ts) reads a Dockerfile exactly as dockerfile-ast does, quirks
// included: every finding's range depends on it. Here the model built on it is compared with what dockerfile-ast itself
// gives (the reading the model used to take from it) on every fixture, tricky snippets, and generated documents; and
// the joined-lines text with its offsets is compared with the original character-by-character join.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIXTURES } from './helpers';
import { joinLines } from '../../server/src/dockerfile/model/logical';
import { parseDockerfile } from '../../server/src/dockerfile/model/model';

/** What the model took from dockerfile-ast, per instruction. */
function reference(text) {
  const doc = TextDocument.create('file:///x/Dockerfile', 'dockerfile', 0, text);
  const at = (p) => doc.offsetAt(p);
  const ast = DockerfileParser.parse(text);
  const properties = (node) =>
    node && typeof node.getProperties === 'function'
      ? node.getProperties().map((p) => {
          const v = p.getValueRange();
          return {
            name: p.getName(),
            value: p.getValue(),
            start: at(p.getRange().start),
            end: at(p.getRange().end),
            nameStart: at(p.getNameRange().start),
            nameEnd: at(p.getNameRange().end),
            valueStart: v ? at(v.start) : null,
            valueEnd: v ? at(v.end) : null,
          };
        })
      : [];
  return {
    escapeChar: ast.getEscapeCharacter(),
    // each instruction is read as the model read it: ONBUILD's trigger and the heredocs through its own methods
    instructions: ast.getInstructions().map((node: any) => {
      const keyword = node.getKeyword().toUpperCase();
      const start = at(node.getRange().start);
      const end = at(node.getRange().end);
      let keywordStart = at(node.getInstructionRange().start);
      let bodyStart = at(node.getInstructionRange().end);
      let effectiveKeyword = keyword;
      let props = keyword === 'ARG' || keyword === 'ENV' ? properties(node) : [];
      if (keyword === 'ONBUILD') {
        const trigger = node.getTriggerRange();
        const word = node.getTriggerWord();
        if (trigger && word) {
          effectiveKeyword = word.toUpperCase();
          keywordStart = at(trigger.start);
          bodyStart = at(trigger.end);
          if (effectiveKeyword === 'ARG' || effectiveKeyword === 'ENV')
            props = properties(node.getTriggerInstruction());
        }
      }
      let heredocs = [];
      if (text.slice(bodyStart, end).includes('<<')) {
        try {
          heredocs = node.getHeredocs().map((h) => {
            const c = h.getContentRange();
            return c
              ? { name: h.getName(), ...slice(text, at(c.start), at(c.end)) }
              : { name: h.getName(), text: '', end: at(h.getNameRange().end) };
          });
        } catch {
          heredocs = [];
        }
      }
      const keywordEnd =
        keywordStart === bodyStart ? bodyStart : Math.min(bodyStart, keywordStart + effectiveKeyword.length);
      return { keyword, effectiveKeyword, start, end, keywordStart, keywordEnd, properties: props, heredocs };
    }),
  };
}

/** A heredoc body as the model reads it: CR of CRLF dropped. */
function slice(source, start, end) {
  let text = '';
  for (let i = start; i < end; i++) if (!(source[i] === '\r' && source[i + 1] === '\n')) text += source[i];
  return { text, end };
}

function ours(text) {
  const m = parseDockerfile(text, 'file:///x/Dockerfile');
  return {
    escapeChar: m.escapeChar,
    instructions: m.instructions.map((i) => ({
      keyword: i.keyword,
      effectiveKeyword: i.effectiveKeyword,
      start: i.start,
      end: i.end,
      keywordStart: i.keywordStart,
      keywordEnd: i.keywordEnd,
      properties: i.properties.map((p) => ({ ...p })),
      heredocs: i.heredocs.map((h) => ({ name: h.name, text: h.content.text, end: h.content.end })),
    })),
  };
}

const same = (text, label) =>
  assert.deepEqual(ours(text), reference(text), `${label}: ${JSON.stringify(text.slice(0, 160))}`);

function fixtureTexts() {
  const out = [];
  const walk = (d) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (/dockerfile|containerfile/i.test(p)) out.push([path.relative(FIXTURES, p), fs.readFileSync(p, 'utf8')]);
    }
  };
  walk(FIXTURES);
  return out;
}

test('every Dockerfile fixture reads as dockerfile-ast reads it', () => {
  const fixtures = fixtureTexts();
  assert.ok(fixtures.length > 50);
  for (const [name, text] of fixtures) same(text, name);
});

const SNIPPETS = [
  '',
  '\uFEFFFROM alpine\r\nRUN a\r\n',
  '# escape=`\nFROM x\nRUN a `\n  b\n',
  '# escape=`\r\n# syntax=docker/dockerfile:1\r\nFROM x\r\nENV A=1 `\r\n B=2\r\n',
  '# syntax=x\n# escape=bad\n# escape=`\nFROM x\n',
  '#escape = `  \nFROM x\n',
  'FROM x\nRU\\\nN echo hi\n',
  'FROM x\nRUN \\\n# comment\n  echo \\\n\n  hi\n',
  'FROM x\nRUN <<EOF\nset -e\nEOF\nRUN <<-"A" <<B cat\n\tbody\n\tA\nb\nB\n',
  'FROM x\nCOPY <<EOF /a\nline\n',
  'FROM x\nRUN cat <<EOF | sh\necho hi\nEOF\n',
  'FROM x\nONBUILD RUN <<E cat\nE\nONBUILD ENV A=1 B="2 3"\nONBUILD ARG X\nONBUILD\n',
  'FROM x\nENV A B C\nENV "q"="v" \'s\'=\'t\'\nENV a=1\\ 2 b=${X:-a b} c="x\\"y"\nARG N\nARG M=\n',
  'FROM x\nENV A=1 \\\n# c\n    B=2 \\\n\n    C=3\n',
  'FROM x\nLABEL a="b" \\\n  c=d\nHEALTHCHECK --interval=5s CMD curl -f x || exit 1\n',
  'FROM x\nRUN --mount=type=cache,target=/c --network=none <<EOF\napk add x\nEOF\n',
  'FROM x\r\nRUN echo a \\\r\n  b\r\n',
  'FROM x\rRUN echo lone-cr\r',
  'FROM x\r\nRUN <<EOF\r\n\r\nbody\r\nEOF\r\nCOPY <<A /a\r\nA\r\n',
  'FROM x\nRUN echo \\ \n  spaced-continuation\n',
  'FROM x\nENV A=1\\',
  'FROM x\nRUN <<\nRUN <<<x\nRUN <<"unterminated\n',
];

test('tricky snippets: directives, BOM, CRLF and lone CR, continuations, comments, heredocs, ONBUILD, properties', () => {
  SNIPPETS.forEach((text, k) => same(text, `snippet ${k}`));
});

test('generated documents read as dockerfile-ast reads them', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pieces = [
    '\\',
    '\\\n',
    '\\ \n',
    '\\\r\n',
    '`',
    '`\n',
    '\n',
    '\r\n',
    '\r',
    ' ',
    '\t',
    '#',
    '# c\n',
    '"',
    "'",
    '<<',
    '<<-',
    '<<EOF',
    '<<-EOF',
    '<<"EOF"',
    "<<'EOF'",
    'EOF',
    '\nEOF\n',
    '\n\tEOF\n',
    '=',
    '$',
    '${',
    '}',
    '--',
    '--mount=x',
    'ONBUILD ',
    'RUN ',
    'ARG ',
    'ENV ',
    'COPY ',
    'HEALTHCHECK ',
    'CMD',
    'a',
    'A=b',
    ' x y',
    '\uFEFF',
    '# escape=`\n',
    '# escape=\\\n',
    '\\$',
    '[',
    ']',
    ',',
    'FROM x AS y\n',
    'RUN <<EOF\nbody\nEOF\n',
    'COPY <<-"A" <<B /x\n\tA\nb\nB\n',
    'ONBUILD RUN <<E cat\nE\n',
    'ENV a=1 b="2 3" \\\n  c=4\n',
    'ARG X\n',
    'ENV A B C\n',
    'RUN --mount=a --x <<EOF\n',
    '${A:-b c}',
    '\\\n#comment\n',
  ];
  for (let k = 0; k < 3000; k++) {
    let text = '';
    const n = 1 + Math.floor(rand() * 25);
    for (let j = 0; j < n; j++) text += pieces[Math.floor(rand() * pieces.length)];
    same(text, `generated ${k}`);
  }
});

/** The original join: one character at a time. */
function joinReference(source, start, end, escape, skip = []) {
  const chars = [];
  const offsets = [];
  let i = start;
  let skipIndex = 0;
  let afterContinuation = false;
  while (i < end) {
    while (skipIndex < skip.length && skip[skipIndex][1] <= i) skipIndex++;
    if (skipIndex < skip.length && skip[skipIndex][0] <= i) {
      i = skip[skipIndex][1];
      continue;
    }
    if (afterContinuation) {
      let j = i;
      while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
      if (j < end && (source[j] === '\n' || source[j] === '\r' || source[j] === '#')) {
        const nl = source.indexOf('\n', j);
        i = nl === -1 || nl >= end ? end : nl + 1;
        continue;
      }
      afterContinuation = false;
    }
    const c = source[i];
    if (c === escape) {
      let j = i + 1;
      while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
      if (j < end && source[j] === '\r') j++;
      if (j >= end || source[j] === '\n') {
        i = j + 1;
        afterContinuation = true;
        continue;
      }
    }
    if (c === '\r' && source[i + 1] === '\n') {
      i++;
      continue;
    }
    chars.push(c);
    offsets.push(i);
    i++;
  }
  return { text: chars.join(''), offsets, end };
}

test('joined lines: the text and the offset of every character, as the character-by-character join gives them', () => {
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pieces = [
    '\\',
    '\\\n',
    '\\ \t\n',
    '\\\r\n',
    '`\n',
    '\n',
    '\r\n',
    '\r',
    ' ',
    '\t',
    '#',
    '# c\n',
    'a',
    'bc',
    'echo x',
  ];
  for (let k = 0; k < 3000; k++) {
    let text = '';
    const n = 1 + Math.floor(rand() * 20);
    for (let j = 0; j < n; j++) text += pieces[Math.floor(rand() * pieces.length)];
    const start = Math.floor(rand() * (text.length + 1));
    const end = start + Math.floor(rand() * (text.length - start + 1));
    const escape = rand() < 0.8 ? '\\' : '`';
    const skip = [];
    if (rand() < 0.3 && end > start) {
      const a = start + Math.floor(rand() * (end - start));
      skip.push([a, a + 1 + Math.floor(rand() * (end - a))]);
    }
    const got = joinLines(text, start, end, escape, skip);
    const want = joinReference(text, start, end, escape, skip);
    assert.deepEqual(
      { text: got.text, offsets: [...got.offsets], end: got.end },
      want,
      JSON.stringify({ text, start, end, escape, skip }),
    );
  }
});
