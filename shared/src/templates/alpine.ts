import { alpineBase, prebuiltProgram } from './dockerfileParts';
import { RECOMMENDED_RELEASES as R } from '../recommended';

// the Alpine release line is the recommended one (../recommended.ts, held to server/src/data/baseImageEol.ts)
const IMAGE = `alpine:${R.alpine}`;

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
