import { alpineBase, prebuiltProgram } from './dockerfileParts';

// Alpine 3.23 is supported until 2027-11-01 (server/src/data/baseImageEol.ts)
const IMAGE = 'alpine:3.23';

/** A prebuilt program on Alpine; busybox nc checks the port. */
export const alpineTemplate = prebuiltProgram(
  {
    id: 'alpine',
    label: 'Generic Alpine',
    description: `${IMAGE} for a program built outside the image`,
    defaultPort: null,
    defaultStartCommand: ['/usr/local/bin/app'],
  },
  IMAGE,
  alpineBase,
  [
    '# Runtime packages go into a step like the one above, pinned and without a cache:',
    '#   RUN apk add --no-cache <package>=<version>',
  ],
  {
    check: (port) => ['nc', '-z', '-w', '3', '127.0.0.1', String(port)],
    why: 'busybox nc opens a TCP connection (any protocol)',
  },
);
