import type { Sourced } from './types';
import { officialRepositories } from './officialImages';

/**
 * Full distribution, language and toolchain images that publish a smaller variant, for `image-not-minimal`. Keyed by
 * the fully qualified repository (see `repositoryName`). A rewrite turns a written tag (and, for Red Hat images, the
 * repository) into the minimal variant's; it only accepts the tag forms the publisher uses for that variant, so a fix
 * never points at a tag that does not exist. Entries without rewrites only suggest (the smaller image is another
 * product: distroless for a Go binary, `aspnet` for a .NET app).
 */
export interface MinimalRewrite {
  /** Short name of the variant (`slim`, `alpine`, `jre`, `ubi-minimal`). */
  variant: string;
  /** The minimal variant's repository path and tag, or null when the written form has no such variant. */
  apply(path: string, tag: string | null): { path: string; tag: string | null } | null;
  /**
   * The variant lacks a package manager the full image has: `apt` (Alpine variants have apk) or `dnf` (minimal
   * Red Hat images have microdnf). The rewrite is not offered when the stage chain runs it.
   */
  lacks?: 'apt' | 'dnf';
  /** The obvious choice when there are several. */
  preferred?: boolean;
}

export interface MinimalImage extends Sourced {
  /** Fully qualified repositories this entry covers. */
  repositories: readonly string[];
  /** What the full image is, for messages. */
  description: string;
  /** Tags of this repository that already are a minimal variant, or that have none (php's apache variant). */
  exempt?: RegExp;
  /** The tag forms this entry judges (anchored); others (Windows variants, typos) give no finding. Untagged always counts. */
  tagForm?: RegExp;
  /**
   * Judge only final stages whose command (ENTRYPOINT, else CMD, own or inherited in the file) runs the application
   * rather than the toolchain: a toolchain image without such a command, or that runs the toolchain itself, is a
   * build or development environment (lint, vendor, dev containers), not a shipped service.
   */
  command?: { runs?: RegExp; notRuns?: RegExp };
  /** What to use instead, for the message (may name another product). */
  suggestion: string;
  rewrites?: readonly MinimalRewrite[];
}

const CHECKED = '2026-11-28';
const official = officialRepositories;

const DEBIAN_CODENAMES = 'jessie|stretch|buster|bullseye|bookworm|trixie|forky';
const VERSION = '\\d+(?:\\.\\d+){0,2}';

/** Append a suffix when the tag matches `form` (anchored). */
function suffix(form: RegExp, add: string): MinimalRewrite['apply'] {
  return (path, tag) => (tag !== null && form.test(tag) ? { path, tag: `${tag}-${add}` } : null);
}

/** `3.12` → `3.12-slim`, `3.12-bookworm` → `3.12-slim-bookworm`, `bookworm` → `slim-bookworm` (python and ruby tags). */
function slimBeforeCodename(path: string, tag: string | null): { path: string; tag: string } | null {
  if (tag === null) return null;
  // linear: anchored; a version, then a codename after `-`: every character has one reading
  const m = new RegExp(`^(?:(${VERSION})(?:-(${DEBIAN_CODENAMES}))?|(${DEBIAN_CODENAMES}))$`).exec(tag);
  if (!m) return null;
  if (m[3]) return { path, tag: `slim-${m[3]}` };
  return { path, tag: m[2] ? `${m[1]}-slim-${m[2]}` : `${m[1]}-slim` };
}

/** `20` → `20-alpine`, `20-bookworm` → `20-alpine`: the Alpine variant replaces the Debian release in the tag. */
function alpineInsteadOfCodename(form: RegExp): MinimalRewrite['apply'] {
  return (path, tag) => {
    const m = tag === null ? null : form.exec(tag);
    return m ? { path, tag: `${m[1]}-alpine` } : null;
  };
}

// linear: anchored; the lookahead reads the tag once; each `-[a-z0-9.]+` part starts at its own `-`
/** Tags of language images: a version, codename or moving word and variant words; not Windows variants. */
const LANGUAGE_TAG = new RegExp(`^(?!.*(?:windowsservercore|nanoserver))(?:${VERSION}|[a-z]+)(?:-[a-z0-9.]+)*$`);

/** Red Hat style: the minimal image is another repository with the same release tags. */
function redHatMinimal(path: string, tag: string | null): { path: string; tag: string | null } | null {
  if (tag !== null && !/^\d+(\.\d+)?$/.test(tag)) return null; // build-suffixed tags (`9.3-1552`) differ per image
  const m = /^(.*?)(ubi\d+)(\/ubi)?$/.exec(path);
  if (!m) return null;
  return { path: m[3] ? `${m[1]}${m[2]}/ubi-minimal` : `${m[1]}${m[2]}-minimal`, tag };
}

export const MINIMAL_IMAGES: readonly MinimalImage[] = [
  {
    repositories: official('debian'),
    description: 'the full Debian image',
    exempt: /slim/,
    // a codename, suite or version, then variant words (`jesse1` is a typo, not a release)
    tagForm: /^(?:[a-z]+|\d+(?:\.\d+)?)(?:-[a-z0-9.]+)*$/,
    suggestion: 'the `-slim` variant of the same release (`debian:<release>-slim`)',
    rewrites: [
      {
        variant: 'slim',
        preferred: true,
        apply: suffix(
          // linear: anchored alternatives of words and digit groups, each ended by a character it cannot read
          new RegExp(
            `^(?:${DEBIAN_CODENAMES}|sid|stable|oldstable|oldoldstable|testing|unstable|\\d+(?:\\.\\d+)?)(?:-\\d{8})?$`,
          ),
          'slim',
        ),
      },
    ],
    source: 'https://hub.docker.com/_/debian (the slim variants)',
    checked: CHECKED,
  },
  {
    // Ubuntu publishes no slim tag of its own image: suggestion only, since every smaller base is another product
    repositories: official('ubuntu'),
    description: 'the full Ubuntu image',
    suggestion:
      'a chiselled Ubuntu image for your runtime (`ubuntu/<runtime>` on Docker Hub), distroless, or `debian:<release>-slim`',
    source: 'https://ubuntu.com/containers/chiselled',
    checked: CHECKED,
  },
  {
    repositories: [...official('centos'), 'quay.io/centos/centos'],
    description: 'the full CentOS image',
    suggestion: '`registry.access.redhat.com/ubi9/ubi-minimal` (or the `-minimal` variant of Rocky Linux or AlmaLinux)',
    source: 'https://catalog.redhat.com/software/containers/ubi9/ubi-minimal/615bd9b4075b022acc111bf5',
    checked: CHECKED,
  },
  {
    repositories: [...official('fedora'), 'registry.fedoraproject.org/fedora', 'quay.io/fedora/fedora'],
    description: 'the full Fedora image',
    suggestion: '`registry.fedoraproject.org/fedora-minimal` with the same release tag',
    source: 'https://docs.fedoraproject.org/en-US/fedora-minimal/ (registry.fedoraproject.org/fedora-minimal)',
    checked: CHECKED,
  },
  {
    repositories: [...official('rockylinux'), 'docker.io/rockylinux/rockylinux', 'quay.io/rockylinux/rockylinux'],
    description: 'the full Rocky Linux image',
    exempt: /minimal|micro/,
    suggestion: 'the `-minimal` variant (`rockylinux:9-minimal`, with microdnf)',
    rewrites: [{ variant: 'minimal', preferred: true, lacks: 'dnf', apply: suffix(/^\d+(?:\.\d+)?$/, 'minimal') }],
    source: 'https://hub.docker.com/r/rockylinux/rockylinux (the -minimal tags)',
    checked: CHECKED,
  },
  {
    repositories: [...official('almalinux'), 'quay.io/almalinuxorg/almalinux'],
    description: 'the full AlmaLinux image',
    exempt: /minimal|micro|init/,
    suggestion: 'the `-minimal` variant (`almalinux:9-minimal`, with microdnf)',
    rewrites: [{ variant: 'minimal', preferred: true, lacks: 'dnf', apply: suffix(/^\d+(?:\.\d+)?$/, 'minimal') }],
    source: 'https://hub.docker.com/_/almalinux (the -minimal tags)',
    checked: CHECKED,
  },
  {
    repositories: [
      'registry.access.redhat.com/ubi8',
      'registry.access.redhat.com/ubi8/ubi',
      'registry.access.redhat.com/ubi9',
      'registry.access.redhat.com/ubi9/ubi',
      'registry.access.redhat.com/ubi10',
      'registry.access.redhat.com/ubi10/ubi',
      'registry.redhat.io/ubi8/ubi',
      'registry.redhat.io/ubi9/ubi',
      'registry.redhat.io/ubi10/ubi',
      'docker.io/redhat/ubi8',
      'docker.io/redhat/ubi9',
      'docker.io/redhat/ubi10',
    ],
    description: 'the standard UBI image',
    suggestion: 'the UBI minimal image (`ubi9/ubi-minimal` or `ubi9-minimal`, with microdnf) or UBI micro',
    rewrites: [{ variant: 'ubi-minimal', preferred: true, lacks: 'dnf', apply: redHatMinimal }],
    source:
      'https://catalog.redhat.com/software/base-images (ubi, ubi-minimal, ubi-micro); https://hub.docker.com/r/redhat/ubi9-minimal',
    checked: CHECKED,
  },
  {
    repositories: official('node'),
    description: 'the full Node.js image (Debian with compilers and build tools)',
    exempt: /slim|alpine/,
    tagForm: LANGUAGE_TAG,
    suggestion: 'the `-slim` variant of the same release (`node:<version>-slim`) or the `-alpine` one',
    rewrites: [
      {
        variant: 'slim',
        preferred: true,
        // linear: anchored; a version or a word, then an optional codename after `-`: one reading
        apply: suffix(new RegExp(`^(?:${VERSION}|[a-z]+)(?:-(?:${DEBIAN_CODENAMES}))?$`), 'slim'),
      },
      {
        variant: 'alpine',
        lacks: 'apt',
        apply: alpineInsteadOfCodename(
          new RegExp(`^(${VERSION}|(?!(?:${DEBIAN_CODENAMES})$)[a-z]+)(?:-(?:${DEBIAN_CODENAMES}))?$`),
        ),
      },
    ],
    source: 'https://hub.docker.com/_/node (node:<version>-slim, node:<version>-alpine)',
    checked: CHECKED,
  },
  {
    repositories: official('python'),
    description: 'the full Python image (Debian with compilers and build tools)',
    exempt: /slim|alpine/,
    tagForm: LANGUAGE_TAG,
    suggestion: 'the `-slim` variant of the same release (`python:<version>-slim`) or the `-alpine` one',
    rewrites: [
      { variant: 'slim', preferred: true, apply: slimBeforeCodename },
      {
        variant: 'alpine',
        lacks: 'apt',
        apply: alpineInsteadOfCodename(new RegExp(`^(${VERSION})(?:-(?:${DEBIAN_CODENAMES}))?$`)),
      },
    ],
    source:
      'https://hub.docker.com/_/python (python:<version>-slim, python:<version>-slim-<codename>, python:<version>-alpine)',
    checked: CHECKED,
  },
  {
    repositories: official('ruby'),
    description: 'the full Ruby image (Debian with compilers and build tools)',
    exempt: /slim|alpine/,
    tagForm: LANGUAGE_TAG,
    suggestion: 'the `-slim` variant of the same release (`ruby:<version>-slim`) or the `-alpine` one',
    rewrites: [
      { variant: 'slim', preferred: true, apply: slimBeforeCodename },
      {
        variant: 'alpine',
        lacks: 'apt',
        apply: alpineInsteadOfCodename(new RegExp(`^(${VERSION})(?:-(?:${DEBIAN_CODENAMES}))?$`)),
      },
    ],
    source:
      'https://hub.docker.com/_/ruby (ruby:<version>-slim, ruby:<version>-slim-<codename>, ruby:<version>-alpine)',
    checked: CHECKED,
  },
  {
    repositories: official('php'),
    description: 'the Debian-based PHP image (with the compilers phpize needs)',
    // the apache variant has no Alpine counterpart
    exempt: /alpine|apache/,
    tagForm: LANGUAGE_TAG,
    suggestion: 'the `-alpine` variant of the same release and flavour (`php:<version>-fpm-alpine`)',
    rewrites: [
      {
        variant: 'alpine',
        preferred: true,
        lacks: 'apt',
        // linear: anchored; a version, an optional literal variant, an optional codename: one reading
        apply: alpineInsteadOfCodename(new RegExp(`^(${VERSION}(?:-(?:cli|fpm|zts))?)(?:-(?:${DEBIAN_CODENAMES}))?$`)),
      },
    ],
    source: 'https://hub.docker.com/_/php (php:<version>[-cli|-fpm|-zts]-alpine)',
    checked: CHECKED,
  },
  {
    repositories: official('eclipse-temurin'),
    description: 'the Temurin JDK image (compiler and development tools)',
    // JRE images are published for the LTS releases only
    exempt: /jre|^(?!(?:8|11|17|21|25)(?:[._u+-]|$))/,
    // a JDK image that does not run `java` is a build environment (Maven, Gradle, Tomcat's JDK flavour)
    command: { runs: /\bjava\b/ },
    suggestion: 'the JRE variant of the same release (`eclipse-temurin:<version>-jre`), or a jlink-built runtime',
    rewrites: [
      {
        variant: 'jre',
        preferred: true,
        apply: (path, tag) => {
          if (tag === null) return null;
          if (/(^|-)jdk(-|$)/.test(tag)) return { path, tag: tag.replace(/(^|-)jdk(?=-|$)/, '$1jre') };
          const m = /^(\d+(?:[._+]\d+)*)((?:-[a-z][a-z0-9.]*)*)$/.exec(tag);
          return m ? { path, tag: `${m[1]}-jre${m[2]}` } : null;
        },
      },
    ],
    source: 'https://hub.docker.com/_/eclipse-temurin (<version>-jre tags); https://adoptium.net/temurin/releases/',
    checked: CHECKED,
  },
  {
    repositories: official('golang'),
    description: 'the Go toolchain image',
    command: { notRuns: /^(go|gofmt|gopls|dlv|air|golangci-lint)\b/ },
    suggestion:
      'a multi-stage build that copies the compiled binary into `gcr.io/distroless/static-debian12` (or `scratch` for a static binary)',
    source:
      'https://hub.docker.com/_/golang (multi-stage builds); https://github.com/GoogleContainerTools/distroless#what-images-are-available',
    checked: CHECKED,
  },
  {
    repositories: official('rust'),
    description: 'the Rust toolchain image',
    command: { notRuns: /^(cargo|rustc|rustup)\b/ },
    suggestion:
      'a multi-stage build that copies the compiled binary into `gcr.io/distroless/cc-debian12` (or a slim Debian image)',
    source:
      'https://hub.docker.com/_/rust; https://github.com/GoogleContainerTools/distroless#what-images-are-available',
    checked: CHECKED,
  },
  {
    repositories: ['mcr.microsoft.com/dotnet/sdk', 'mcr.microsoft.com/dotnet/core/sdk'],
    description: 'the .NET SDK image',
    // linear: anchored: a literal, then one run of blanks before a word or the end
    command: { notRuns: /^dotnet(\s+(run|watch|test|build|publish|ef|tool|format)\b|\s*$)/ },
    suggestion:
      'a multi-stage build that publishes into `mcr.microsoft.com/dotnet/aspnet` or `mcr.microsoft.com/dotnet/runtime` (or `runtime-deps` for a self-contained app)',
    source: 'https://learn.microsoft.com/dotnet/core/docker/container-images',
    checked: CHECKED,
  },
];

const byRepository = new Map<string, MinimalImage>();
for (const entry of MINIMAL_IMAGES) for (const repo of entry.repositories) byRepository.set(repo, entry);

/** The table entry for a fully qualified repository. */
export function minimalImage(repository: string): MinimalImage | undefined {
  return byRepository.get(repository.toLowerCase());
}
