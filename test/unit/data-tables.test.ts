// Every dated data table: each entry says where its fact comes from and when it was checked, and the end-of-life
// and minimal-variant tables are well formed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA_TABLES } from '../../server/src/data/tables';
import { RECOMMENDED_RELEASES } from '../../shared/src/recommended';
import { hasEnded } from '../../server/src/dockerfile/rules/image-end-of-life/versions';
import { TODAY } from './helpers';

// each table's entries are read for the fields of their own kind (the registry holds them as `Sourced`)
const tables: Readonly<Record<string, readonly any[]>> = DATA_TABLES;
const realToday = new Date().toISOString().slice(0, 10);

/** A web address, or a repository file reference (`owner/repo path/to/file`) as the secret-name rules cite. */
const URL_ISH = /https?:\/\/[^\s/]+\.[^\s]+|^[\w.-]+\/[\w.-]+ [\w./-]+/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDay(day) {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

test('the registry lists the existing tables and the new ones', () => {
  for (const name of [
    'nonRootImages',
    'healthcheckImages',
    'interactiveImages',
    'secretPatterns',
    'secretNameRules',
    'baseImageEolProducts',
    'baseImageEolReleases',
    'minimalImages',
  ]) {
    assert.ok(Array.isArray(tables[name]), `dataTables.${name}`);
    assert.ok(tables[name].length > 0, `dataTables.${name} is empty`);
  }
});

for (const [name, entries] of Object.entries(tables)) {
  test(`${name}: every entry has a source and a checked date`, () => {
    entries.forEach((entry, i) => {
      const label = `${name}[${i}]${entry.id ?? entry.pattern ?? entry.repository ?? entry.version ?? ''}`;
      assert.equal(typeof entry.source, 'string', `${label}: source`);
      assert.ok(entry.source.trim().length > 0, `${label}: empty source`);
      assert.match(entry.source, URL_ISH, `${label}: the source is not a URL or a repository file: ${entry.source}`);
      assert.match(String(entry.checked), ISO_DAY, `${label}: checked is not an ISO date: ${entry.checked}`);
      assert.ok(isCalendarDay(entry.checked), `${label}: checked is not a calendar day: ${entry.checked}`);
      assert.ok(
        entry.checked <= realToday,
        `${label}: checked ${entry.checked} is in the future (today is ${realToday})`,
      );
    });
  });
}

test('end-of-life products: dates are days, months or null; versions and codenames are unique', () => {
  const codenames = new Set();
  for (const product of tables.baseImageEolProducts) {
    assert.ok(product.releases.length > 0, product.id);
    assert.ok(product.support.length > 10, `${product.id}: say which support ends`);
    const versions = new Set();
    for (const r of product.releases) {
      assert.match(r.version, /^\d+(\.\d+)*$/, `${product.id} ${r.version}`);
      assert.ok(!versions.has(r.version), `${product.id}: ${r.version} twice`);
      versions.add(r.version);
      if (r.eol !== null) {
        assert.match(r.eol, /^\d{4}-\d{2}(-\d{2})?$/, `${product.id} ${r.version}: ${r.eol}`);
        if (r.eol.length === 10) assert.ok(isCalendarDay(r.eol), `${product.id} ${r.version}: ${r.eol}`);
      }
      if (r.codename) {
        assert.match(r.codename, /^[a-z]+$/);
        assert.ok(!codenames.has(r.codename), `codename ${r.codename} twice`);
        codenames.add(r.codename);
      }
    }
    if (product.variants) assert.ok(product.variants.includes(''), `${product.id}: the plain tag is a variant`);
    for (const repo of product.repositories)
      assert.match(repo, /^[a-z0-9.-]+\.[a-z]+(:\d+)?\/[a-z0-9._/-]+$/, `${product.id}: ${repo}`);
  }
  // the flat release list is the products' releases
  assert.equal(
    tables.baseImageEolReleases.length,
    tables.baseImageEolProducts.reduce((n, p) => n + p.releases.length, 0),
  );
});

test('end-of-life products whose older releases all ended start at an ended release', () => {
  for (const product of tables.baseImageEolProducts) {
    if (!product.olderReleasesEnded) continue;
    const oldest = [...product.releases].sort((a, b) => {
      const pa = a.version.split('.').map(Number);
      const pb = b.version.split('.').map(Number);
      for (let i = 0; i < Math.max(pa.length, pb.length); i++)
        if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
      return 0;
    })[0];
    assert.ok(
      oldest.eol !== null && oldest.eol < '2026-01-01',
      `${product.id}: oldest listed release ${oldest.version} has not ended`,
    );
  }
});

test('minimal images: repositories are unique and fully qualified', () => {
  const seen = new Set();
  for (const entry of tables.minimalImages) {
    assert.ok(entry.description.length > 5 && entry.suggestion.length > 5);
    for (const repo of entry.repositories) {
      assert.match(repo, /^[a-z0-9.-]+\.[a-z]+(:\d+)?\/[a-z0-9._/-]+$/, repo);
      assert.ok(!seen.has(repo), `${repo} twice`);
      seen.add(repo);
    }
  }
});

test('the recommended releases (shared/src/recommended.ts) are supported, non-interim releases of the end-of-life table', () => {
  const today = TODAY.toISOString().slice(0, 10);
  for (const [product, version] of Object.entries(RECOMMENDED_RELEASES)) {
    const p = tables.baseImageEolProducts.find((x) => x.id === product);
    assert.ok(p, `${product} is a product of baseImageEol.ts`);
    const release = p.releases.find((r) => r.version === version);
    assert.ok(release, `${product} ${version} is a release of it`);
    assert.ok(!release.interim, `${product} ${version} is not interim`);
    assert.ok(!hasEnded(release, today), `${product} ${version} is supported on ${today}`);
  }
});
