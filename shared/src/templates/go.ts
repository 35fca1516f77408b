import { alpineBase, multiStage, wgetCheck } from './dockerfileParts';
import { RECOMMENDED_RELEASES as R } from '../recommended';

// the Go and Alpine release lines are the recommended ones (../recommended.ts, held to server/src/data/baseImageEol.ts)
const BUILD_IMAGE = `golang:${R.golang}-alpine`;
const IMAGE = `alpine:${R.alpine}`;

/** Go: a static binary built in the toolchain image, shipped on Alpine (busybox wget for the health check). */
export const goTemplate = multiStage({
  info: {
    id: 'go',
    label: 'Go',
    description: `Go ${R.golang}: a static binary built in ${BUILD_IMAGE}, shipped on ${IMAGE} without the toolchain`,
    defaultPort: 8080,
    defaultStartCommand: ['/usr/local/bin/app'],
  },
  buildImage: BUILD_IMAGE,
  image: IMAGE,
  buildKeeps: 'the Go toolchain and module cache',
  build: [
    'WORKDIR /src',
    '# go.mod and go.sum first: modules are downloaded again only when they change (go.sum verifies every module)',
    'COPY go.mod go.sum* ./',
    '# A private module token is a build secret, never an ARG, ENV or copied file (those stay in the image):',
    '#   RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download',
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
    'COPY . .',
    '# A static binary (no C library needed) without debug symbols or local paths',
    'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \\',
    '    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .',
  ],
  finalTitle: 'Alpine rather than scratch, so that the health check has a tool (busybox wget)',
  base: alpineBase,
  final: () => [
    '# The binary stays owned by root: the application cannot replace it',
    'COPY --from=build /out/app /usr/local/bin/app',
  ],
  check: wgetCheck,
  checkWhy: 'busybox wget, part of Alpine',
  notes: ['Builds the main package at the root of the module (`go build .`); change the path for `./cmd/<name>`.'],
});
