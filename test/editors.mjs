// What the editor tiers (test/neovim/, test/emacs/) share: the configurations they run are the README's own (section
// "Other editors"), read from there, and the `bulkhead` they start is the package's bin, linked into a folder on PATH
// as npm links it, so the documented command line is the one tested.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The fenced block of `lang` under the README heading `### <heading>` (the first one before the next heading). */
export function readmeConfig(heading, lang) {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n### ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "### ${heading}" section`);
  const section = readme.slice(start + 1).split(/\n#{2,3} /)[0];
  const open = section.indexOf('\n```' + lang + '\n');
  if (open < 0) throw new Error(`README.md "### ${heading}" has no \`\`\`${lang} block`);
  const body = section.slice(open + lang.length + 5);
  const close = body.indexOf('\n```');
  if (close < 0) throw new Error(`README.md "### ${heading}": the \`\`\`${lang} block is not closed`);
  return body.slice(0, close + 1);
}

/**
 * Link every `bin` of package.json into `dir/bin` (what `npm link` or a global install does) and return an
 * environment whose PATH starts there.
 */
export function linkBins(dir, env = process.env) {
  const bins = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin;
  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  for (const [name, file] of Object.entries(bins)) fs.symlinkSync(path.join(ROOT, file), path.join(binDir, name));
  return { ...env, PATH: `${binDir}${path.delimiter}${env.PATH ?? ''}` };
}
