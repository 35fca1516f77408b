// nonRootImage(): which base images are known to run as a non-root user (so root-user stays quiet without USER).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from './helpers';
import fc from 'fast-check';
import { NON_ROOT_IMAGES, nonRootImage, toGlob } from '../../server/src/data/nonRootImages';
import { matchGlob } from '../../server/src/text/glob';

const UBI = 'registry.access.redhat.com';

test('UBI base images run as root: ubi, ubi-minimal, ubi-micro, ubi-init, tagged or not', () => {
  for (const name of [
    'ubi9/ubi',
    'ubi9/ubi-minimal',
    'ubi9/ubi-micro',
    'ubi9/ubi-init',
    'ubi8/ubi-minimal',
    'ubi9/ubi-minimal:9.4',
    'ubi9-minimal',
    'ubi9/s2i-core',
  ]) {
    assert.equal(nonRootImage(`${UBI}/${name}`), undefined, name);
  }
});

test('UBI language images run as 1001 (openjdk as 185), with any tag or digest, on both Red Hat registries', () => {
  const cases = {
    [`${UBI}/ubi9/nodejs-20`]: '1001',
    [`${UBI}/ubi9/nodejs-20:latest`]: '1001',
    [`${UBI}/ubi9/nodejs-20-minimal:1-60`]: '1001',
    [`${UBI}/ubi9/python-311:1-66`]: '1001',
    [`${UBI}/ubi9/python-312-minimal`]: '1001',
    [`${UBI}/ubi8/ruby-31`]: '1001',
    [`${UBI}/ubi9/php-81:1`]: '1001',
    [`${UBI}/ubi9/perl-532@sha256:${'a'.repeat(64)}`]: '1001',
    [`registry.redhat.io/ubi9/nodejs-20:latest`]: '1001',
    [`${UBI}/ubi8/openjdk-17`]: '185',
    [`${UBI}/ubi8/openjdk-17-runtime:1.20`]: '185',
  };
  for (const [ref, uid] of Object.entries(cases)) {
    const hit = nonRootImage(ref);
    assert.ok(hit, ref);
    assert.match(hit.user, new RegExp(uid), ref);
    assert.match(hit.source, /^https:\/\//, ref);
    assert.match(hit.checked, /^\d{4}-\d{2}-\d{2}$/, ref);
  }
  // a tag cannot hide a path: `:*` matches a tag, not more segments
  assert.equal(nonRootImage(`${UBI}/ubi9/nodejs-20/extra`), undefined);
  assert.equal(nonRootImage('docker.io/library/node:20'), undefined);
  // only the UBI releases whose Dockerfiles were checked
  assert.equal(nonRootImage(`${UBI}/ubi10/nodejs-22`), undefined);
});

test('root-user follows the table: quiet on a UBI language image, fires on ubi-minimal', () => {
  assert.equal(findings(`FROM ${UBI}/ubi9/python-311:1-66\nCMD ["python3"]\n`, 'root-user').length, 0);
  assert.equal(findings(`FROM ${UBI}/ubi9/nodejs-20:latest\nCMD ["node"]\n`, 'root-user').length, 0);
  assert.equal(findings(`FROM ${UBI}/ubi9/ubi-minimal\nCMD ["sh"]\n`, 'root-user').length, 1);
  assert.equal(findings(`FROM ${UBI}/ubi9/ubi-micro:9.4\nCMD ["sh"]\n`, 'root-user').length, 1);
});

test('patterns compiled on first use answer as the whole table compiled at once (seeded)', () => {
  // the eager reading: every pattern compiled, the first that matches the reference without its digest
  const eager = (ref: string) => {
    const noDigest = ref.split('@')[0];
    return NON_ROOT_IMAGES.find((e) => matchGlob(toGlob(e.pattern), noDigest));
  };
  const patterns = NON_ROOT_IMAGES.map((e) => e.pattern);
  const piece = fc.constantFrom('', 'a', 'X', '-', '/', ':', '1.2', 'ubi9', 'Ubi9', 'latest', '@sha256:abc');
  // a pattern with its stars filled in, its case flipped here and there, cut short or extended
  const nearPattern = fc
    .tuple(fc.constantFrom(...patterns), fc.array(piece, { maxLength: 4 }), fc.nat(), fc.integer({ min: -3, max: 3 }))
    .map(([p, fill, flips, cut]) => {
      let i = 0;
      let ref = p.replace(/\*+/g, () => fill[i++ % Math.max(1, fill.length)] ?? '');
      ref = [...ref].map((c, k) => ((flips >> (k % 30)) & 1 ? c.toUpperCase() : c)).join('');
      return cut < 0 ? ref.slice(0, cut) : ref + fill.slice(0, cut).join('');
    });
  fc.assert(
    fc.property(fc.oneof(nearPattern, fc.string({ maxLength: 30 })), (ref) => {
      assert.equal(nonRootImage(ref), eager(ref), ref);
    }),
    { seed: 21, numRuns: 4000 },
  );
});
