// Mocha entry point loaded by the VS Code extension host.
const path = require('node:path');
const fs = require('node:fs');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: true });
  for (const f of fs.readdirSync(__dirname)) if (f.endsWith('.test.cjs')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
};
