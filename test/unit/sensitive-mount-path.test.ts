// sensitive-mount-path: VOLUME (shell and JSON form) and WORKDIR on /proc, /sys, /dev, /boot (and below) or the Docker
// socket fire on the path; look-alike paths, application directories and unknown values do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile } from './helpers';

const RULE = 'sensitive-mount-path';
const hits = (body) => findingTexts(asDockerfile(body), RULE);

const FIRES: [body: string, expected: string[]][] = [
  ['VOLUME /proc', ['/proc']],
  ['VOLUME /sys', ['/sys']],
  ['VOLUME /dev', ['/dev']],
  ['VOLUME /boot', ['/boot']],
  ['VOLUME /var/run/docker.sock', ['/var/run/docker.sock']],
  ['VOLUME /run/docker.sock', ['/run/docker.sock']],
  ['VOLUME ["/sys/fs/cgroup"]', ['/sys/fs/cgroup']],
  ['VOLUME [ "/sys/fs/cgroup", "/run", "/tmp" ]', ['/sys/fs/cgroup']],
  ['VOLUME /data /var/run/docker.sock /logs', ['/var/run/docker.sock']],
  ['VOLUME /proc/ /dev//shm', ['/proc/', '/dev//shm']],
  ['VOLUME "/dev"', ['"/dev"']],
  ['VOLUME /data \\\n       /boot', ['/boot']],
  ['ARG SOCK=/var/run/docker.sock\nVOLUME ${SOCK}', ['${SOCK}']],
  ['ENV KERNEL=/proc\nVOLUME $KERNEL/sys', ['$KERNEL/sys']],
  ['WORKDIR /proc', ['/proc']],
  ['WORKDIR /dev/shm/build', ['/dev/shm/build']],
  ['WORKDIR /boot/', ['/boot/']],
  ['WORKDIR /\nWORKDIR sys', ['sys']],
  ['WORKDIR /dev\nWORKDIR net', ['/dev', 'net']],
  ['WORKDIR /app/../proc', ['/app/../proc']],
  ['ONBUILD VOLUME /var/run/docker.sock', ['/var/run/docker.sock']],
  ['FROM alpine:3.20 AS base\nWORKDIR /\nFROM base\nWORKDIR proc\n', ['proc']],
  ['FROM scratch\nWORKDIR dev\n', ['dev']],
  [
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nVOLUME /var/run/docker.sock\n',
    ['/var/run/docker.sock'],
  ],
];

const PASSES = [
  'VOLUME /data',
  'VOLUME ["/var/lib/postgresql/data"]',
  'VOLUME /device /devices /system /bootstrap /processes /proc-data',
  'VOLUME /var/run /run /tmp',
  'VOLUME /var/run/docker.sock.d /var/run/docker',
  'VOLUME /var/lib/docker',
  'WORKDIR /app',
  'WORKDIR /usr/src/sys',
  'WORKDIR /home/dev',
  'WORKDIR /boot-loader',
  'WORKDIR sys',
  'WORKDIR /app\nWORKDIR proc',
  'ARG DIR\nWORKDIR $DIR',
  'ARG DIR\nVOLUME ["$DIR"]',
  'ONBUILD WORKDIR proc',
  'ONBUILD VOLUME $DATA',
  'RUN mkdir -p /proc/x && cd /sys',
  'COPY entrypoint.sh /dev/entrypoint.sh',
  '# VOLUME /var/run/docker.sock\nVOLUME /data',
  'LABEL volume="/var/run/docker.sock"',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\dev\nVOLUME C:\\proc\n',
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

test('messages say what the path is and what to do instead', () => {
  const [sock] = findings(asDockerfile('VOLUME /var/run/docker.sock'), RULE);
  assert.match(sock.message, /Docker API socket.*root on the host.*run time/);
  const [cgroup] = findings(asDockerfile('VOLUME ["/sys/fs/cgroup"]'), RULE);
  assert.match(cgroup.message, /is inside \/sys, the kernel's sysfs/);
  const [work] = findings(asDockerfile('WORKDIR /\nWORKDIR proc'), RULE);
  assert.match(work.message, /`proc` \(\/proc\) is the kernel's process filesystem.*\/app/);
  assert.equal(sock.severity, 2);
  assert.deepEqual(sock.data.fixes, []);
});

test('honours trivy and its own ignore comments', () => {
  assert.deepEqual(hits('# trivy:ignore:AVD-DS-0030\nWORKDIR /proc'), []);
  assert.deepEqual(hits('# bulkhead-ignore sensitive-mount-path -- systemd test image\nVOLUME ["/sys/fs/cgroup"]'), []);
});
