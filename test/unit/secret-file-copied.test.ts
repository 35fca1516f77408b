// secret-file-copied: which source paths name secrets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from './helpers';

const RULE = 'secret-file-copied';
const copy = (src, dst = '/app/') => findings(`FROM alpine\nCOPY ${src} ${dst}\n`, RULE).length;

test('sensitive sources fire', () => {
  for (const src of [
    'id_rsa',
    'keys/id_ed25519',
    'id_ecdsa_sk',
    'server.pem',
    'tls/server.key',
    'client.p12',
    'app.pfx',
    'store.jks',
    '.env',
    '.env.production',
    'config/.env.local',
    '.env*',
    '*.pem',
    '.npmrc',
    '.pypirc',
    '.netrc',
    '.git-credentials',
    '.aws',
    '.aws/credentials',
    'home/.ssh/',
    '.ssh/id_rsa',
    '.kube/config',
    '.docker/config.json',
    'kubeconfig',
    'prod.kubeconfig',
    'credentials.json',
    'infra/terraform.tfstate',
    'terraform.tfstate.backup',
    '.gnupg',
  ]) {
    assert.equal(copy(src), 1, src);
  }
});

test('public material, templates and look-alikes stay quiet', () => {
  for (const src of [
    'id_rsa.pub',
    '.env.example',
    '.env.sample',
    '.env.template',
    'env.txt',
    'server.crt',
    'ca.pem',
    'cert.pem',
    'fullchain.pem',
    'chain.pem',
    'dhparam.pem',
    'public.pem',
    'nodesource.gpg.key',
    'release.key',
    'repo-signing.key',
    '.ssh/authorized_keys',
    '.ssh/known_hosts',
    'keys.json',
    'key.txt',
    'credentials.yaml.example',
    'src/',
    '.',
  ]) {
    assert.equal(copy(src), 0, src);
  }
  assert.equal(copy('docker.key', '/usr/share/keyrings/docker.gpg'), 0);
  assert.equal(copy('tls.key', '/etc/nginx/certs/'), 1, 'a private key in a certs directory is still a private key');
});

test('sources from build arguments are resolved; unknown ones are not reported', () => {
  assert.equal(findings('FROM alpine\nARG KEY=deploy.pem\nCOPY $KEY /k\n', RULE).length, 1);
  assert.equal(findings('FROM alpine\nARG KEY\nCOPY $KEY /k\n', RULE).length, 0);
  assert.equal(findings('FROM alpine\nADD https://example.com/deploy.pem /k\n', RULE).length, 0);
});
