// Child process of cold.mjs: what a CI job that uses a peer does — one fresh Node process that loads the tool, reads
// every file of a list (one path a line, as `bulkhead check --files-from` takes), checks it and prints all results
// as JSON. `node cold-peer.cjs <dockerfile-utils|dockerfilelint|dockerfile-ast> <list file>`
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const [tool, list] = process.argv.slice(2);
const files = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
let check;
if (tool === 'dockerfile-utils') {
  const { validate } = require('dockerfile-utils');
  check = (text) => validate(text);
} else if (tool === 'dockerfilelint') {
  const dockerfilelint = require('dockerfilelint');
  // dockerfilelint reads <dir>/.dockerfilelintrc on every run: an empty folder gives its defaults
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-cold-'));
  process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
  check = (text) => dockerfilelint.run(scratch, text);
} else if (tool === 'dockerfile-ast') {
  const { DockerfileParser } = require('dockerfile-ast');
  // a bare parse: the instruction count stands for a result
  check = (text) => [{ instructions: DockerfileParser.parse(text).getInstructions().length }];
} else {
  process.stderr.write(`unknown tool ${tool}\n`);
  process.exit(2);
}
const out = [];
let crashes = 0;
for (const file of files) {
  let problems;
  try {
    problems = check(fs.readFileSync(file, 'utf8'));
  } catch {
    crashes++;
    continue;
  }
  for (const p of problems) out.push({ file, ...p });
}
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
process.stderr.write(`${files.length} files, ${out.length} results, ${crashes} crashes\n`);
