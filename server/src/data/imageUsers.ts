import type { Sourced } from './types';
import { officialName, parseImage } from '../common/image';

/**
 * The unprivileged user a Docker Official Image creates but does not switch to (it runs as root): root-user's fix
 * reuses it (`USER 1000:1000` on node) instead of creating another. Read from each image's Dockerfile; the Alpine
 * variants often have other ids than the Debian ones.
 */
export interface ImageUser extends Sourced {
  /** The official image's name (`node`). */
  image: string;
  /** Which tags: `alpine` for tags naming Alpine, `debian` for the others, `any` for both. */
  variant: 'alpine' | 'debian' | 'any';
  user: string;
  uid: number;
  gid: number;
}

const entry = (
  image: string,
  variant: ImageUser['variant'],
  user: string,
  uid: number,
  gid: number,
  source: string,
): ImageUser => ({ image, variant, user, uid, gid, source, checked: '2026-12-06' });

export const IMAGE_USERS: readonly ImageUser[] = [
  entry(
    'node',
    'any',
    'node',
    1000,
    1000,
    'https://github.com/nodejs/docker-node (24/trixie/Dockerfile:3-4, 24/alpine3.24/Dockerfile:5-6)',
  ),
  entry(
    'nginx',
    'any',
    'nginx',
    101,
    101,
    'https://github.com/nginxinc/docker-nginx (mainline/debian/Dockerfile:18-19, mainline/alpine-slim/Dockerfile:16-17)',
  ),
  entry(
    'php',
    'alpine',
    'www-data',
    82,
    82,
    'https://github.com/docker-library/php (8.4/alpine3.24/cli/Dockerfile:32)',
  ),
  entry('httpd', 'alpine', 'www-data', 82, 82, 'https://github.com/docker-library/httpd (2.4/alpine/Dockerfile:5)'),
  entry(
    'postgres',
    'debian',
    'postgres',
    999,
    999,
    'https://github.com/docker-library/postgres (18/trixie/Dockerfile:11,13)',
  ),
  entry(
    'postgres',
    'alpine',
    'postgres',
    70,
    70,
    'https://github.com/docker-library/postgres (18/alpine3.23/Dockerfile:12-13)',
  ),
  entry('mysql', 'any', 'mysql', 999, 999, 'https://github.com/docker-library/mysql (9.7/Dockerfile.oracle:10-11)'),
  entry('redis', 'debian', 'redis', 999, 999, 'https://github.com/docker-library/redis (7.2/debian/Dockerfile:11-12)'),
  entry('redis', 'alpine', 'redis', 999, 1000, 'https://github.com/docker-library/redis (7.2/alpine/Dockerfile:12-13)'),
  entry('mongo', 'any', 'mongodb', 999, 999, 'https://github.com/docker-library/mongo (8.3/Dockerfile:11-12)'),
  entry(
    'rabbitmq',
    'debian',
    'rabbitmq',
    999,
    999,
    'https://github.com/docker-library/rabbitmq (4.3/ubuntu/Dockerfile:228-229)',
  ),
  entry(
    'rabbitmq',
    'alpine',
    'rabbitmq',
    100,
    101,
    'https://github.com/docker-library/rabbitmq (4.3/alpine/Dockerfile:238-239)',
  ),
];

/** The unprivileged user of an official base image (`node:22-alpine` → node 1000:1000), if the table knows it. */
export function imageUser(reference: string): ImageUser | undefined {
  const img = parseImage(reference);
  const name = officialName(img);
  if (name === null) return undefined;
  const alpine = /alpine/i.test(img.tag ?? '');
  return IMAGE_USERS.find(
    (e) => e.image === name && (e.variant === 'any' || e.variant === (alpine ? 'alpine' : 'debian')),
  );
}
