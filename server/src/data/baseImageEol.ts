import type { Sourced } from './types';
import { officialRepositories } from './officialImages';
import { lazy } from '../common/memo';

/**
 * End of life of base images and language runtimes, for `image-end-of-life`.
 *
 * One product per image family. Each release says when the vendor stops shipping security fixes for it (`eol`), in the
 * vendor's own terms (`support` of the product says which support phase the date ends). Dates are ISO days, or
 * `YYYY-MM` where the vendor only announces a month (then the release counts as supported until that month is over),
 * or null for a release that is supported and whose end is not announced yet. Only facts that were read on the cited
 * page are listed: a release that is missing here is unknown, and the rule stays quiet about it.
 *
 * The successor a finding suggests is not stored: it is the oldest newer release that is still supported on the day
 * of the lint (and not an `interim` release), so it moves on by itself as dates pass.
 */
export interface EolRelease extends Sourced {
  /** The release line as its image tags write it (`3.8`, `20`, `22.04`, `12`, `8.0`). */
  version: string;
  /** The distribution codename its tags may use instead (`bookworm`, `jammy`). */
  codename?: string;
  /** First day without security support: `YYYY-MM-DD`, `YYYY-MM` (month precision) or null (supported, no end announced). */
  eol: string | null;
  /** A short-lived release (non-LTS, innovation, rolling): never suggested as a successor. */
  interim?: boolean;
}

export interface EolProduct extends Sourced {
  id: string;
  /** Display name (`Python`, `Debian`). */
  name: string;
  /** Which support ends on the `eol` date. */
  support: string;
  /** Fully qualified repositories (see `repositoryName`) whose tags name a release of this product. */
  repositories: readonly string[];
  /**
   * Tag variants (what follows the version, after dropping distribution codenames, `alpineX.Y` versions and date
   * stamps) that the product publishes for every supported release: a fix that moves to another release keeps the
   * variant only when it is one of these. Absent: the fix is never offered (tags differ between releases).
   */
  variants?: readonly string[];
  /** Repositories of the product whose newer releases moved elsewhere (`mcr.microsoft.com/dotnet/core/*`): no fix. */
  noFixRepositories?: readonly string[];
  /** Moving to the successor is not a drop-in upgrade across these major versions (Python 2 → 3): no fix. */
  noFixAcrossMajor?: boolean;
  /**
   * The table lists the product's history from its oldest listed release on, and that release has ended: a tag older
   * than it names a release that ended before it (`node:0.8`). Not set where older releases are left out because
   * their dates could not be confirmed (they may still be supported).
   */
  olderReleasesEnded?: boolean;
  /** How a message says the release ended, when it is not the product's end of life (`whose image stopped being updated`). */
  ended?: string;
  /** What to move to when no newer release of the product is supported (CentOS Linux, the deprecated openjdk image). */
  advice?: string;
  releases: readonly EolRelease[];
}

const CHECKED = '2026-11-28';
/** The day the products below that say so were read again (Go, Redis, Temurin, Corretto, Alpine, PostgreSQL, RHEL, Rocky). */
const RECHECKED = '2026-12-06';

type ReleaseSpec = [version: string, eol: string | null, extra?: { codename?: string; interim?: boolean }];

function releases(source: string, specs: ReleaseSpec[], checked = CHECKED): EolRelease[] {
  return specs.map(([version, eol, extra]) => ({ version, eol, ...extra, source, checked }));
}

const official = officialRepositories;

// --- distributions -------------------------------------------------------------------------------------------------

const UBUNTU_SOURCE =
  'https://endoflife.date/ubuntu (from https://wiki.ubuntu.com/Releases and https://ubuntu.com/about/release-cycle)';
// trixie's LTS end is the planned one (five years of support in total)
const DEBIAN_SOURCE = 'https://wiki.debian.org/LTS (LTS end dates; cross-checked with https://endoflife.date/debian)';
const ALPINE_SOURCE = 'https://alpinelinux.org/releases/ (dates as listed by https://endoflife.date/alpine-linux)';

export const EOL_PRODUCTS: readonly EolProduct[] = [
  {
    id: 'ubuntu',
    olderReleasesEnded: true,
    name: 'Ubuntu',
    support:
      'standard security maintenance (ESM through Ubuntu Pro is not counted: the public image gets no updates after it)',
    repositories: official('ubuntu'),
    variants: [''],
    source: 'https://hub.docker.com/_/ubuntu',
    checked: CHECKED,
    releases: releases(UBUNTU_SOURCE, [
      ['12.04', '2017-04-28', { codename: 'precise' }],
      ['12.10', '2014-05-16', { codename: 'quantal', interim: true }],
      ['13.04', '2014-01-27', { codename: 'raring', interim: true }],
      ['13.10', '2014-07-17', { codename: 'saucy', interim: true }],
      ['14.04', '2019-04-02', { codename: 'trusty' }],
      ['14.10', '2015-07-23', { codename: 'utopic', interim: true }],
      ['15.04', '2016-02-04', { codename: 'vivid', interim: true }],
      ['15.10', '2016-07-28', { codename: 'wily', interim: true }],
      ['16.04', '2021-04-02', { codename: 'xenial' }],
      ['16.10', '2017-07-20', { codename: 'yakkety', interim: true }],
      ['17.04', '2018-01-13', { codename: 'zesty', interim: true }],
      ['17.10', '2018-07-19', { codename: 'artful', interim: true }],
      ['18.04', '2023-05-31', { codename: 'bionic' }],
      ['18.10', '2019-07-18', { codename: 'cosmic', interim: true }],
      ['19.04', '2020-01-23', { codename: 'disco', interim: true }],
      ['19.10', '2020-07-06', { codename: 'eoan', interim: true }],
      ['20.04', '2025-05-31', { codename: 'focal' }],
      ['20.10', '2021-07-22', { codename: 'groovy', interim: true }],
      ['21.04', '2022-01-20', { codename: 'hirsute', interim: true }],
      ['21.10', '2022-07-14', { codename: 'impish', interim: true }],
      // Canonical announces "April 2027"
      ['22.04', '2027-04', { codename: 'jammy' }],
      ['22.10', '2023-07-20', { codename: 'kinetic', interim: true }],
      ['23.04', '2024-01-20', { codename: 'lunar', interim: true }],
      ['23.10', '2024-07-12', { codename: 'mantic', interim: true }],
      ['24.04', '2029-05-31', { codename: 'noble' }],
      ['24.10', '2025-07-10', { codename: 'oracular', interim: true }],
      ['25.04', '2026-01-17', { codename: 'plucky', interim: true }],
      ['25.10', '2026-07-01', { codename: 'questing', interim: true }],
      ['26.04', '2031-04-30', { codename: 'resolute' }],
    ]),
  },
  {
    id: 'debian',
    olderReleasesEnded: true,
    name: 'Debian',
    support:
      'Debian LTS (the Debian LTS team takes over security support from the security team for about two more years; the official debian image keeps being rebuilt until LTS ends)',
    repositories: official('debian'),
    variants: ['', 'slim'],
    source: 'https://hub.docker.com/_/debian',
    checked: CHECKED,
    releases: releases(DEBIAN_SOURCE, [
      ['7', '2018-05-31', { codename: 'wheezy' }],
      ['8', '2020-06-30', { codename: 'jessie' }],
      ['9', '2022-06-30', { codename: 'stretch' }],
      ['10', '2024-06-30', { codename: 'buster' }],
      ['11', '2026-08-31', { codename: 'bullseye' }],
      ['12', '2028-06-30', { codename: 'bookworm' }],
      ['13', '2030-06-30', { codename: 'trixie' }],
    ]),
  },
  {
    id: 'alpine',
    olderReleasesEnded: true,
    name: 'Alpine Linux',
    support: 'security fixes for the main repository (about two years per branch)',
    repositories: official('alpine'),
    variants: [''],
    source: 'https://hub.docker.com/_/alpine',
    checked: RECHECKED,
    releases: [
      ...releases(ALPINE_SOURCE, [
        ['3.0', '2016-05-01'],
        ['3.1', '2016-11-01'],
        ['3.2', '2017-05-01'],
        ['3.3', '2017-11-01'],
        ['3.4', '2018-05-01'],
        ['3.5', '2018-11-01'],
        ['3.6', '2019-05-01'],
        ['3.7', '2019-11-01'],
        ['3.8', '2020-05-01'],
        ['3.9', '2020-11-01'],
        ['3.10', '2021-05-01'],
        ['3.11', '2021-11-01'],
        ['3.12', '2022-05-01'],
        ['3.13', '2022-11-01'],
        ['3.14', '2023-05-01'],
        ['3.15', '2023-11-01'],
        ['3.16', '2024-05-23'],
        ['3.17', '2024-11-22'],
        ['3.18', '2025-05-09'],
        ['3.19', '2025-11-01'],
        ['3.20', '2026-04-01'],
        ['3.21', '2026-11-01'],
        ['3.22', '2027-05-01'],
        ['3.23', '2027-11-01'],
      ]),
      // released 2026-06-09; two years of security fixes for the main repository
      ...releases(ALPINE_SOURCE, [['3.24', '2028-06-01']], RECHECKED),
    ],
  },
  {
    id: 'centos',
    olderReleasesEnded: true,
    name: 'CentOS Linux',
    support: 'CentOS Linux updates (the project ended; CentOS Linux has no successor release)',
    advice:
      'CentOS Linux has no successor: move to `quay.io/centos/centos:stream9`, `rockylinux:9`, `almalinux:9` or `registry.access.redhat.com/ubi9/ubi`',
    // and the CentOS project's own registry (registry.centos.org/centos/centos:7)
    repositories: [...official('centos'), 'quay.io/centos/centos', 'registry.centos.org/centos/centos'],
    source: 'https://hub.docker.com/_/centos',
    checked: CHECKED,
    releases: releases('https://endoflife.date/centos (from https://wiki.centos.org/About/Product)', [
      ['5', '2017-03-31'],
      ['6', '2020-11-30'],
      ['7', '2024-06-30'],
      ['8', '2021-12-31'],
    ]),
  },
  {
    id: 'centos-stream',
    olderReleasesEnded: true,
    name: 'CentOS Stream',
    support: 'CentOS Stream updates (end of the matching RHEL full support phase)',
    advice: 'move to a supported CentOS Stream (`quay.io/centos/centos:stream9` or later)',
    repositories: ['quay.io/centos/centos'],
    source: 'https://quay.io/repository/centos/centos',
    checked: CHECKED,
    releases: releases('https://endoflife.date/centos-stream (from https://centos.org/stream9/)', [
      ['8', '2024-05-31'],
      ['9', '2027-05-31'],
      ['10', '2030-01-01'],
    ]),
  },
  {
    id: 'rhel',
    olderReleasesEnded: true,
    name: 'Red Hat Enterprise Linux (UBI)',
    support: 'RHEL maintenance support (Extended Life Cycle Support is a paid add-on and not counted)',
    // the release comes from the repository path (ubi8, ubi9/ubi-minimal, redhat/ubi9), not from the tag
    advice: 'move to `registry.access.redhat.com/ubi10` or `ubi9` (or their `ubi-minimal`)',
    repositories: [],
    source: 'https://catalog.redhat.com/software/base-images',
    checked: RECHECKED,
    releases: releases(
      'https://access.redhat.com/support/policy/updates/errata (end of maintenance support, dates as listed by https://endoflife.date/rhel)',
      [
        ['6', '2020-11-30'],
        ['7', '2024-06-30'],
        ['8', '2029-05-31'],
        ['9', '2032-05-31'],
        // released 2025-05-20 (ubi10, ubi10/ubi-minimal, redhat/ubi10-minimal)
        ['10', '2035-05-31'],
      ],
      RECHECKED,
    ),
  },
  {
    id: 'rockylinux',
    name: 'Rocky Linux',
    support: 'Rocky Linux security support (end of life)',
    repositories: [...official('rockylinux'), 'docker.io/rockylinux/rockylinux', 'quay.io/rockylinux/rockylinux'],
    source: 'https://hub.docker.com/r/rockylinux/rockylinux',
    checked: RECHECKED,
    releases: releases(
      'https://wiki.rockylinux.org/rocky/version/ (dates as listed by https://endoflife.date/rocky-linux)',
      [
        ['8', '2029-05-31'],
        ['9', '2032-05-31'],
        // released 2025-06-11; published as rockylinux/rockylinux:10 (the official rockylinux image stops at 9)
        ['10', '2035-05-31'],
      ],
      RECHECKED,
    ),
  },
  {
    id: 'almalinux',
    name: 'AlmaLinux',
    support: 'AlmaLinux security support (end of life)',
    repositories: [...official('almalinux'), 'quay.io/almalinuxorg/almalinux'],
    source: 'https://hub.docker.com/_/almalinux',
    checked: CHECKED,
    releases: releases(
      'https://wiki.almalinux.org/release-notes/ (dates as listed by https://endoflife.date/almalinux)',
      [
        ['8', '2029-03-01'],
        ['9', '2032-05-31'],
        ['10', '2035-05-31'],
      ],
    ),
  },
  {
    id: 'amazonlinux',
    name: 'Amazon Linux',
    support: 'Amazon Linux security support (end of the maintenance phase)',
    repositories: [...official('amazonlinux'), 'public.ecr.aws/amazonlinux/amazonlinux'],
    variants: [''],
    source: 'https://hub.docker.com/_/amazonlinux',
    checked: CHECKED,
    releases: [
      ...releases(
        'https://aws.amazon.com/blogs/aws/update-on-amazon-linux-ami-end-of-life/ (as listed by https://endoflife.date/amazon-linux)',
        [
          ['1', '2023-12-31'],
          ['2018.03', '2023-12-31'],
        ],
      ),
      ...releases('https://aws.amazon.com/amazon-linux-2/faqs/ (end of support 2026-06-30)', [['2', '2026-06-30']]),
      ...releases('https://docs.aws.amazon.com/linux/al2023/ug/release-cadence.html', [['2023', '2029-06-30']]),
    ],
  },
  {
    id: 'fedora',
    olderReleasesEnded: true,
    name: 'Fedora Linux',
    support: 'Fedora updates (a release is maintained until four weeks after the release two versions later)',
    repositories: [...official('fedora'), 'registry.fedoraproject.org/fedora', 'quay.io/fedora/fedora'],
    variants: [''],
    source: 'https://hub.docker.com/_/fedora',
    checked: CHECKED,
    releases: releases(
      'https://docs.fedoraproject.org/en-US/releases/eol/ (dates as listed by https://endoflife.date/fedora)',
      [
        ['20', '2015-06-23'],
        ['21', '2015-12-01'],
        ['22', '2016-07-19'],
        ['23', '2016-12-20'],
        ['24', '2017-08-08'],
        ['25', '2017-12-12'],
        ['26', '2018-05-29'],
        ['27', '2018-11-30'],
        ['28', '2019-05-28'],
        ['29', '2019-11-26'],
        ['30', '2020-05-26'],
        ['31', '2020-11-24'],
        ['32', '2021-05-25'],
        ['33', '2021-11-30'],
        ['34', '2022-06-07'],
        ['35', '2022-12-13'],
        ['36', '2023-05-16'],
        ['37', '2023-12-05'],
        ['38', '2024-05-21'],
        ['39', '2024-11-26'],
        ['40', '2025-05-13'],
        ['41', '2025-12-15'],
        ['42', '2026-05-13'],
        ['43', '2026-12-09'],
      ],
    ),
  },

  // --- language runtimes -------------------------------------------------------------------------------------------

  {
    id: 'node',
    olderReleasesEnded: true,
    name: 'Node.js',
    support: 'Node.js release line end-of-life (odd-numbered releases are short-lived, even-numbered ones become LTS)',
    repositories: official('node'),
    variants: ['', 'slim', 'alpine'],
    source: 'https://hub.docker.com/_/node',
    checked: CHECKED,
    releases: releases('https://github.com/nodejs/Release#release-schedule (schedule.json)', [
      ['0.10', '2016-10-31'],
      ['0.12', '2016-12-31'],
      ['4', '2018-04-30'],
      ['5', '2016-06-30', { interim: true }],
      ['6', '2019-04-30'],
      ['7', '2017-06-30', { interim: true }],
      ['8', '2019-12-31'],
      ['9', '2018-06-30', { interim: true }],
      ['10', '2021-04-30'],
      ['11', '2019-06-01', { interim: true }],
      ['12', '2022-04-30'],
      ['13', '2020-06-01', { interim: true }],
      ['14', '2023-04-30'],
      ['15', '2021-06-01', { interim: true }],
      ['16', '2023-09-11'],
      ['17', '2022-06-01', { interim: true }],
      ['18', '2025-04-30'],
      ['19', '2023-06-01', { interim: true }],
      ['20', '2026-04-30'],
      ['21', '2024-06-01', { interim: true }],
      ['22', '2027-04-30'],
      ['23', '2025-06-01', { interim: true }],
      ['24', '2028-04-30'],
      ['25', '2026-06-01', { interim: true }],
      ['26', '2029-04-30'],
    ]),
  },
  {
    id: 'python',
    olderReleasesEnded: true,
    name: 'Python',
    support: 'CPython end of life (end of the security-fix phase, PEP 602)',
    repositories: official('python'),
    variants: ['', 'slim', 'alpine'],
    noFixAcrossMajor: true,
    source: 'https://hub.docker.com/_/python',
    checked: CHECKED,
    releases: releases('https://devguide.python.org/versions/ (include/release-cycle.json)', [
      ['2.6', '2013-10-29'],
      ['2.7', '2020-01-01'],
      ['3.0', '2009-06-27'],
      ['3.1', '2012-04-09'],
      ['3.2', '2016-02-20'],
      ['3.3', '2017-09-29'],
      ['3.4', '2019-03-18'],
      ['3.5', '2020-09-30'],
      ['3.6', '2021-12-23'],
      ['3.7', '2023-06-27'],
      ['3.8', '2024-10-07'],
      ['3.9', '2025-10-31'],
      ['3.10', '2026-10'],
      ['3.11', '2027-10'],
      ['3.12', '2028-10'],
      ['3.13', '2029-10'],
      ['3.14', '2030-10'],
    ]),
  },
  {
    id: 'ruby',
    olderReleasesEnded: true,
    name: 'Ruby',
    support: 'Ruby branch end of life (end of security maintenance)',
    repositories: official('ruby'),
    variants: ['', 'slim', 'alpine'],
    source: 'https://hub.docker.com/_/ruby',
    checked: CHECKED,
    releases: releases(
      'https://www.ruby-lang.org/en/downloads/branches/ (dates as listed by https://endoflife.date/ruby)',
      [
        ['1.9', '2015-02-23'],
        ['2.0', '2016-02-24'],
        ['2.1', '2017-03-31'],
        ['2.2', '2018-03-31'],
        ['2.3', '2019-03-31'],
        ['2.4', '2020-03-31'],
        ['2.5', '2021-03-31'],
        ['2.6', '2022-03-31'],
        ['2.7', '2023-03-31'],
        ['3.0', '2024-04-23'],
        ['3.1', '2025-03-31'],
        ['3.2', '2026-03-31'],
        ['3.3', '2027-03-31'],
        ['3.4', '2028-03-31'],
        ['4.0', '2029-03-31'],
      ],
    ),
  },
  {
    id: 'php',
    olderReleasesEnded: true,
    name: 'PHP',
    support: 'PHP security support (end of the security-fix phase)',
    repositories: official('php'),
    variants: ['', 'cli', 'fpm', 'apache', 'zts', 'alpine', 'cli-alpine', 'fpm-alpine', 'zts-alpine'],
    source: 'https://hub.docker.com/_/php',
    checked: CHECKED,
    releases: releases('https://www.php.net/supported-versions.php (dates as listed by https://endoflife.date/php)', [
      ['5.3', '2014-08-14'],
      ['5.4', '2015-09-14'],
      ['5.5', '2016-07-21'],
      ['5.6', '2018-12-31'],
      ['7.0', '2019-01-10'],
      ['7.1', '2019-12-01'],
      ['7.2', '2020-11-30'],
      ['7.3', '2021-12-06'],
      ['7.4', '2022-11-28'],
      ['8.0', '2023-11-26'],
      ['8.1', '2025-12-31'],
      ['8.2', '2026-12-31'],
      ['8.3', '2027-12-31'],
      ['8.4', '2028-12-31'],
      ['8.5', '2029-12-31'],
    ]),
  },
  {
    id: 'golang',
    olderReleasesEnded: true,
    name: 'Go',
    support: 'Go release support (each major release is supported until there are two newer major releases)',
    repositories: official('golang'),
    variants: ['', 'alpine'],
    source: 'https://hub.docker.com/_/golang',
    checked: RECHECKED,
    releases: [
      // before 1.15: the end is the release of the version two later, per the policy and the release dates
      ...releases('https://go.dev/doc/devel/release#policy (release dates as listed by https://endoflife.date/go)', [
        ['1.10', '2019-02-25'],
        ['1.11', '2019-09-03'],
        ['1.12', '2020-02-25'],
        ['1.13', '2020-08-11'],
        ['1.14', '2021-02-16'],
      ]),
      ...releases('https://endoflife.date/go (from https://go.dev/doc/devel/release)', [
        ['1.15', '2021-08-16'],
        ['1.16', '2022-03-15'],
        ['1.17', '2022-08-02'],
        ['1.18', '2023-02-01'],
        ['1.19', '2023-09-06'],
        ['1.20', '2024-02-06'],
        ['1.21', '2024-08-13'],
        ['1.22', '2025-02-11'],
        ['1.23', '2025-08-12'],
      ]),
      // The end of each is the release of the version two later, as the release history dates it: "go1.26.0 (released
      // 2026-02-10)", "go1.27.0 (released 2026-08-19)".
      ...releases(
        'https://go.dev/doc/devel/release (release policy and release history; cross-checked with https://endoflife.date/go)',
        [
          ['1.24', '2026-02-10'],
          ['1.25', '2026-08-19'],
          // released 2026-02-10; supported until Go 1.28 is released, which is only planned (February 2027): no date yet
          ['1.26', null],
          // released 2026-08-19; supported until Go 1.29 is released
          ['1.27', null],
        ],
        RECHECKED,
      ),
    ],
  },
  {
    id: 'openjdk',
    olderReleasesEnded: true,
    name: 'OpenJDK',
    ended: 'from the deprecated openjdk image, which stopped receiving updates',
    support:
      'updates of the Docker Official Image `openjdk`, which is deprecated: only Early Access tags are updated after July 2022 (use eclipse-temurin, amazoncorretto, ibm-semeru-runtimes or sapmachine)',
    advice: 'move to a maintained OpenJDK build such as `eclipse-temurin:<version>` or `amazoncorretto:<version>`',
    repositories: official('openjdk'),
    source: 'https://hub.docker.com/_/openjdk',
    checked: CHECKED,
    releases: releases(
      'https://hub.docker.com/_/openjdk (deprecation notice; https://github.com/docker-library/openjdk/issues/505)',
      [
        ['7', '2022-07'],
        ['8', '2022-07'],
        ['9', '2022-07'],
        ['10', '2022-07'],
        ['11', '2022-07'],
        ['12', '2022-07'],
        ['13', '2022-07'],
        ['14', '2022-07'],
        ['15', '2022-07'],
        ['16', '2022-07'],
        ['17', '2022-07'],
        ['18', '2022-07'],
      ],
    ),
  },
  {
    id: 'eclipse-temurin',
    name: 'Eclipse Temurin',
    support:
      'Temurin end of availability (LTS releases: the announced minimum, "at least"; feature releases: until the next release)',
    advice: 'move to a supported LTS release, or to the current feature release (see https://adoptium.net/support/)',
    repositories: official('eclipse-temurin'),
    // every supported release publishes these (`21-jre-alpine`, `8-jdk`); the `-alpine-3.21`, `-noble`, `-jammy`
    // words name the base and are dropped; `8u502-b07-jre` tags (Temurin 8 update numbers) name no table release
    variants: ['', 'jdk', 'jre', 'alpine', 'jdk-alpine', 'jre-alpine'],
    source: 'https://hub.docker.com/_/eclipse-temurin',
    checked: RECHECKED,
    // The support table's "End of Availability" column, a month ("At least Oct 2027"), as updated for the July 2026
    // release. Temurin starts at 8 (AdoptOpenJDK builds before it are another image).
    releases: releases(
      'https://adoptium.net/support/ (Release Roadmap table; cross-checked with https://endoflife.date/eclipse-temurin)',
      [
        ['8', '2030-12'],
        ['11', '2027-10'],
        ['16', '2021-09', { interim: true }],
        ['17', '2027-10'],
        ['18', '2022-09', { interim: true }],
        ['19', '2023-03', { interim: true }],
        ['20', '2023-09', { interim: true }],
        ['21', '2029-12'],
        ['22', '2024-09', { interim: true }],
        ['23', '2025-03', { interim: true }],
        ['24', '2025-09', { interim: true }],
        ['25', '2031-09'],
        ['26', '2026-09', { interim: true }],
        // first availability due September 2026 when read; available until Java 28 is (March 2027)
        ['27', '2027-03', { interim: true }],
      ],
      RECHECKED,
    ),
  },
  {
    id: 'amazoncorretto',
    name: 'Amazon Corretto',
    support: 'Corretto end of support (LTS releases: the announced date; feature releases: about until the next one)',
    advice:
      'move to a supported LTS release, or to the current feature release (see https://aws.amazon.com/corretto/faqs/)',
    repositories: official('amazoncorretto'),
    // what every supported release publishes (`17-alpine-jdk` is `17-alpine3.24-jdk` without its Alpine version;
    // `-al2023`/`-al2` name the Amazon Linux base and are dropped); `jre` is Corretto 8 only, `headless` 11 and later
    variants: ['', 'jdk', 'alpine', 'alpine-jdk', 'alpine-full'],
    source: 'https://hub.docker.com/_/amazoncorretto',
    checked: RECHECKED,
    // 8 and 11 as extended in October 2024 (https://aws.amazon.com/about-aws/whats-new/2024/10/extension-eol-dates-amazon-corretto-8-11/)
    releases: releases(
      'https://aws.amazon.com/corretto/faqs/ (end of life dates as listed by https://endoflife.date/amazon-corretto)',
      [
        ['8', '2030-12-31'],
        ['11', '2032-01-31'],
        ['15', '2021-04-20', { interim: true }],
        ['16', '2021-10-19', { interim: true }],
        ['17', '2029-10-31'],
        ['18', '2022-10-18', { interim: true }],
        ['19', '2023-04-19', { interim: true }],
        ['20', '2023-10-17', { interim: true }],
        ['21', '2030-10-31'],
        ['22', '2024-10-15', { interim: true }],
        ['23', '2025-04-30', { interim: true }],
        ['24', '2025-10-31', { interim: true }],
        ['25', '2032-10-31'],
        ['26', '2026-10-31', { interim: true }],
      ],
      RECHECKED,
    ),
  },
  {
    id: 'dotnet',
    olderReleasesEnded: true,
    name: '.NET',
    support: '.NET support policy end of support (LTS: 3 years; STS: 2 years since .NET 9)',
    repositories: [
      'mcr.microsoft.com/dotnet/sdk',
      'mcr.microsoft.com/dotnet/aspnet',
      'mcr.microsoft.com/dotnet/runtime',
      'mcr.microsoft.com/dotnet/runtime-deps',
      'mcr.microsoft.com/dotnet/core/sdk',
      'mcr.microsoft.com/dotnet/core/aspnet',
      'mcr.microsoft.com/dotnet/core/runtime',
      'mcr.microsoft.com/dotnet/core/runtime-deps',
      'docker.io/microsoft/dotnet',
      'docker.io/microsoft/aspnetcore',
      'docker.io/microsoft/aspnetcore-build',
    ],
    // .NET 5 and later are published under mcr.microsoft.com/dotnet/<image> only
    noFixRepositories: [
      'mcr.microsoft.com/dotnet/core/sdk',
      'mcr.microsoft.com/dotnet/core/aspnet',
      'mcr.microsoft.com/dotnet/core/runtime',
      'mcr.microsoft.com/dotnet/core/runtime-deps',
      'docker.io/microsoft/dotnet',
      'docker.io/microsoft/aspnetcore',
      'docker.io/microsoft/aspnetcore-build',
    ],
    variants: ['', 'alpine'],
    source: 'https://mcr.microsoft.com/en-us/artifact/mar/dotnet/aspnet/tags',
    checked: CHECKED,
    releases: releases(
      'https://dotnet.microsoft.com/platform/support/policy/dotnet-core (dates as listed by https://endoflife.date/dotnet)',
      [
        ['1.0', '2019-06-27'],
        ['1.1', '2019-06-27', { interim: true }],
        ['2.0', '2018-10-01', { interim: true }],
        ['2.1', '2021-08-21'],
        ['2.2', '2019-12-23', { interim: true }],
        ['3.0', '2020-03-03', { interim: true }],
        ['3.1', '2022-12-13'],
        ['5.0', '2022-05-10', { interim: true }],
        ['6.0', '2024-11-12'],
        ['7.0', '2024-05-14', { interim: true }],
        ['8.0', '2026-11-10'],
        ['9.0', '2026-11-10', { interim: true }],
        ['10.0', '2028-11-14'],
      ],
    ),
  },

  // --- servers and databases ---------------------------------------------------------------------------------------

  {
    id: 'nginx',
    olderReleasesEnded: true,
    name: 'nginx',
    support:
      'nginx branch support (a stable branch ends when the next stable branch is released, a mainline branch when the next mainline is)',
    advice: 'move to the current stable or mainline branch (`nginx:stable` / `nginx:mainline`, pinned to its version)',
    repositories: official('nginx'),
    source: 'https://hub.docker.com/_/nginx',
    checked: CHECKED,
    releases: releases('https://nginx.org/en/CHANGES (branch dates as listed by https://endoflife.date/nginx)', [
      ['1.0', '2012-04-23'],
      ['1.2', '2013-04-24'],
      ['1.4', '2014-04-24'],
      ['1.6', '2015-04-21'],
      ['1.8', '2016-04-26'],
      ['1.10', '2017-04-12'],
      ['1.12', '2018-04-17'],
      ['1.14', '2019-04-23'],
      ['1.16', '2020-04-20'],
      ['1.18', '2021-04-20'],
      ['1.19', '2021-05-25', { interim: true }],
      ['1.20', '2022-05-24'],
      ['1.21', '2022-06-21', { interim: true }],
      ['1.22', '2023-04-11'],
      ['1.23', '2023-05-23', { interim: true }],
      ['1.24', '2024-04-23'],
      ['1.25', '2024-05-29', { interim: true }],
      ['1.26', '2025-04-23'],
      ['1.27', '2025-06-24', { interim: true }],
    ]),
  },
  {
    id: 'postgres',
    olderReleasesEnded: true,
    name: 'PostgreSQL',
    support: 'PostgreSQL versioning policy (five years; the final minor release ends support)',
    repositories: official('postgres'),
    variants: ['', 'alpine'],
    source: 'https://hub.docker.com/_/postgres',
    checked: RECHECKED,
    // the "Final Release" column (12's final release came out of cycle, on 2024-11-21)
    releases: releases(
      'https://www.postgresql.org/support/versioning/ (dates as listed by https://endoflife.date/postgresql)',
      [
        ['8.0', '2010-10-01'],
        ['8.1', '2010-11-08'],
        ['8.2', '2011-12-05'],
        ['8.3', '2013-02-07'],
        ['8.4', '2014-07-24'],
        ['9.0', '2015-10-08'],
        ['9.1', '2016-10-27'],
        ['9.2', '2017-11-09'],
        ['9.3', '2018-11-08'],
        ['9.4', '2020-02-13'],
        ['9.5', '2021-02-11'],
        ['9.6', '2021-11-11'],
        ['10', '2022-11-10'],
        ['11', '2023-11-09'],
        ['12', '2024-11-21'],
        ['13', '2025-11-13'],
        ['14', '2026-11-12'],
        ['15', '2027-11-11'],
        ['16', '2028-11-09'],
        ['17', '2029-11-08'],
        ['18', '2030-11-14'],
      ],
      RECHECKED,
    ),
  },
  {
    id: 'mysql',
    olderReleasesEnded: true,
    name: 'MySQL',
    support: 'Oracle MySQL extended support for LTS releases; an Innovation release ends when the next release ships',
    repositories: official('mysql'),
    variants: ['', 'oracle'],
    source: 'https://hub.docker.com/_/mysql',
    checked: CHECKED,
    releases: releases(
      'https://www.oracle.com/us/support/library/lifetime-support-technology-069183.pdf (dates as listed by https://endoflife.date/mysql)',
      [
        ['5.5', '2018-12-31'],
        ['5.6', '2021-02-28'],
        ['5.7', '2023-10-31'],
        ['8.0', '2026-04-30'],
        ['8.1', '2023-10-25', { interim: true }],
        ['8.2', '2023-12-14', { interim: true }],
        ['8.3', '2024-04-10', { interim: true }],
        ['8.4', '2032-04-30'],
        ['9.0', '2024-10-15', { interim: true }],
        ['9.1', '2025-01-21', { interim: true }],
        ['9.2', '2025-04-15', { interim: true }],
        ['9.3', '2025-07-22', { interim: true }],
        ['9.4', '2025-10-21', { interim: true }],
        ['9.5', '2026-01-20', { interim: true }],
        ['9.6', '2026-04-21', { interim: true }],
        // LTS, released 2026-04-21
        ['9.7', null],
      ],
    ),
  },
  {
    id: 'mariadb',
    olderReleasesEnded: true,
    name: 'MariaDB',
    support: 'MariaDB Foundation community maintenance (LTS releases five years, rolling releases about one quarter)',
    repositories: official('mariadb'),
    variants: [''],
    source: 'https://hub.docker.com/_/mariadb',
    checked: CHECKED,
    releases: releases(
      'https://mariadb.org/about/#maintenance-policy (dates as listed by https://endoflife.date/mariadb)',
      [
        ['5.5', '2020-04-11'],
        ['10.0', '2019-03-31'],
        ['10.1', '2020-10-17'],
        ['10.2', '2022-05-23'],
        ['10.3', '2023-05-25'],
        ['10.4', '2024-06-18'],
        ['10.5', '2025-06-24'],
        ['10.6', '2026-07-06'],
        ['10.7', '2023-02-14', { interim: true }],
        ['10.8', '2023-05-20', { interim: true }],
        ['10.9', '2023-08-22', { interim: true }],
        ['10.10', '2023-11-17', { interim: true }],
        ['10.11', '2028-02-16'],
        ['11.0', '2024-06-06', { interim: true }],
        ['11.1', '2024-08-21', { interim: true }],
        ['11.2', '2024-11-21', { interim: true }],
        ['11.3', '2024-05-29', { interim: true }],
        ['11.4', '2029-05-29'],
        ['11.5', '2024-11-21', { interim: true }],
        ['11.6', '2025-02-13', { interim: true }],
        ['11.7', '2025-05-12', { interim: true }],
        ['11.8', '2028-06-04'],
        ['12.0', '2025-11-18', { interim: true }],
        ['12.1', '2026-02-13', { interim: true }],
        ['12.2', '2026-05-13', { interim: true }],
      ],
    ),
  },
  {
    id: 'redis',
    olderReleasesEnded: true,
    name: 'Redis',
    support:
      'Redis Open Source security updates (extended releases five years; standard releases six months after the next minor release)',
    advice:
      'move to a supported release line (see https://redis.io/docs/latest/operate/oss_and_stack/install/version-mgmt/)',
    repositories: official('redis'),
    // every supported line publishes `X.Y` and `X.Y-alpine` (`-bookworm`, `-trixie`, `-alpine3.21` name the base)
    variants: ['', 'alpine'],
    source: 'https://hub.docker.com/_/redis',
    checked: RECHECKED,
    releases: [
      ...releases('https://github.com/redis/redis/security (dates as listed by https://endoflife.date/redis)', [
        ['5.0', '2022-04-27'],
        ['6.0', '2022-05-31'],
        ['7.0', '2024-07-29'],
      ]),
      // The version management page's table ("EOL Date"; TBD for the newest standard releases), as updated for 8.10.
      // Standard releases (the first and the intermediate minors) are short-lived: never suggested.
      ...releases(
        'https://redis.io/docs/latest/operate/oss_and_stack/install/version-mgmt/ (cross-checked with https://endoflife.date/redis)',
        [
          ['6.2', '2027-04-01'],
          ['7.2', '2029-12-01'],
          ['7.4', '2029-12-01'],
          ['8.0', '2026-12-01', { interim: true }],
          ['8.2', '2030-09-01'],
          ['8.4', null, { interim: true }],
          ['8.6', null, { interim: true }],
          ['8.8', null, { interim: true }],
          ['8.10', null, { interim: true }],
        ],
        RECHECKED,
      ),
    ],
  },
];

/** Docker Hub codenames of Debian and Ubuntu releases, for language images whose tags name their base (`-bookworm`). */
export function distributionOfCodename(codename: string): { product: EolProduct; release: EolRelease } | undefined {
  return codenames().get(codename.toLowerCase());
}

/** Made on first use, not when the CLI loads (issue 21). */
const codenames = lazy(() => {
  const map = new Map<string, { product: EolProduct; release: EolRelease }>();
  for (const product of EOL_PRODUCTS) {
    for (const release of product.releases) if (release.codename) map.set(release.codename, { product, release });
  }
  return map;
});

export function eolProduct(id: string): EolProduct | undefined {
  return EOL_PRODUCTS.find((p) => p.id === id);
}

/** Every release entry, for the table checks. */
export const EOL_RELEASES: readonly EolRelease[] = EOL_PRODUCTS.flatMap((p) => p.releases);
