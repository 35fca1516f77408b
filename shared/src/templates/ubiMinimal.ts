import { prebuiltProgram, ubiMinimalBase } from './dockerfileParts';

// UBI 9 is supported until 2032-05-31 (server/src/data/baseImageEol.ts); 9.8 is its current minor release
const IMAGE = 'registry.access.redhat.com/ubi9/ubi-minimal:9.8';

/** A prebuilt program on Red Hat's minimal Universal Base Image; bash's /dev/tcp checks the port. */
export const ubiMinimalTemplate = prebuiltProgram(
  {
    id: 'ubi-minimal',
    label: 'Generic UBI minimal',
    description: `Red Hat UBI 9 minimal (${IMAGE}) for a program built outside the image`,
    defaultPort: null,
    defaultStartCommand: ['/usr/local/bin/app'],
  },
  IMAGE,
  ubiMinimalBase,
  [
    '# Runtime packages go into a step like the one above, ending with microdnf clean all:',
    '#   RUN microdnf install -y --nodocs <package> && microdnf clean all',
  ],
  {
    check: (port) => ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`],
    why: "bash's /dev/tcp opens a TCP connection (any protocol; bash is part of ubi-minimal)",
  },
  [
    'Red Hat minor tags (9.8) stop moving when the next minor release ships: bump the tag, or rely on the `microdnf upgrade` step and rebuild often.',
  ],
);
