import { alpineBase, multiStage, wgetCheck } from './dockerfileParts';
import { RECOMMENDED_RELEASES as R } from '../recommended';

// Rust supports only its latest stable release, which the `1` tags follow; the Alpine line is the recommended one (../recommended.ts)
const BUILD_IMAGE = 'rust:1-alpine';
const IMAGE = `alpine:${R.alpine}`;
const BINARY = '/usr/local/bin/app';

/** Rust: cargo install in the toolchain image (a static musl binary), shipped on Alpine. */
export const rustTemplate = multiStage({
  info: {
    id: 'rust',
    label: 'Rust',
    description: `Rust: a static musl binary built in ${BUILD_IMAGE}, shipped on ${IMAGE} without the toolchain`,
    defaultPort: 8080,
    defaultStartCommand: [BINARY],
  },
  buildImage: BUILD_IMAGE,
  image: IMAGE,
  buildKeeps: 'the toolchain, the registry cache and target/',
  build: [
    'WORKDIR /src',
    'COPY . .',
    '# --locked: exactly the versions Cargo.lock pins. A private registry token is a build secret, never an ARG,',
    '# ENV or copied file (those stay in the image):',
    '#   RUN --mount=type=secret,id=cargo_token,env=CARGO_REGISTRY_TOKEN cargo install --locked --path .',
    'RUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/src/target \\',
    '    cargo install --locked --path . --root /out --target-dir /src/target',
  ],
  finalTitle: 'Alpine rather than scratch, so that the health check has a tool (busybox wget)',
  base: alpineBase,
  final: () => [
    '# The binaries stay owned by root: the application cannot replace them',
    'COPY --from=build /out/bin/ /usr/local/bin/',
  ],
  check: wgetCheck,
  checkWhy: 'busybox wget, part of Alpine',
  placeholders: (c) =>
    c.defaultCommand
      ? [{ text: BINARY, why: 'Your binary: the package (or [[bin]]) name from Cargo.toml (CMD).' }]
      : [],
  notes: [
    'Crates that link C libraries (openssl-sys) need their `-dev` packages in the build stage; rustls avoids that.',
  ],
});
