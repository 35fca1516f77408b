import type { RuntimeTemplate } from './dockerfileParts';
import { finalSteps, from, httpHealthNote, wgetCheck } from './dockerfileParts';

// nginx 1.30 is the stable branch on 2026-11-28; the unprivileged image runs as uid 101 and listens on 8080. The
// alpine-slim variant leaves out the optional modules (njs, image filter, xslt) a static site does not need.
const IMAGE = 'nginxinc/nginx-unprivileged:1.30-alpine-slim';
const IMAGE_UID = 101;
const IMAGE_PORT = 8080;
const SITE = 'public/';

/** A static site served by the unprivileged nginx image. */
export const staticNginxTemplate: RuntimeTemplate = {
  info: {
    id: 'static-nginx',
    label: 'Static site (nginx)',
    description: `Static files served by nginx 1.30 (stable) as an unprivileged user (${IMAGE})`,
    defaultPort: IMAGE_PORT,
    defaultStartCommand: ['nginx', '-g', 'daemon off;'],
  },
  defaultUid: IMAGE_UID,
  render(c) {
    const { port, uid } = c;
    // nginx listens whether or not the port is exposed: the health check probes the port it listens on
    const listen = port ?? IMAGE_PORT;
    const steps = ['RUN apk upgrade --no-cache'];
    if (listen !== IMAGE_PORT)
      steps.push(`sed -i -E 's/(listen +(\\[::\\]:)?)${IMAGE_PORT};/\\1${listen};/' /etc/nginx/conf.d/default.conf`);
    if (!c.defaultUid) steps.push(`chown -R ${uid}:${uid} /var/cache/nginx`);
    const why = [
      '# Upgrade the packages the base image shipped with (security fixes since it was built), keeping no apk cache',
    ];
    if (listen !== IMAGE_PORT) why.push(`# Make nginx listen on ${listen} instead of ${IMAGE_PORT}`);
    if (!c.defaultUid) why.push(`# Give uid ${uid} the cache folder the image gives to uid 101`);
    return {
      images: [IMAGE],
      health: httpHealthNote(listen),
      lines: [
        '# Published by NGINX (F5) in its Docker Hub namespace nginxinc (also as ghcr.io/nginx/nginx-unprivileged)',
        ...from(IMAGE),
        '# The image runs as its unprivileged nginx user (uid 101): root only for the next step',
        'USER root',
        ...why,
        steps.join(' \\\n && '),
        '# The site stays owned by root and read-only for nginx: a compromised worker cannot deface it',
        `COPY ${SITE} /usr/share/nginx/html/`,
        ...finalSteps(c, wgetCheck, 'busybox wget, part of the Alpine-based nginx image', listen),
      ],
      placeholders: [],
      notes: [
        `Copies \`${SITE}\` (the site as built): change it to your generator's output folder (\`dist/\`, \`build/\`, \`_site/\`).`,
        'Runs with a read-only root file system: nginx writes only to /tmp (`docker run --read-only --tmpfs /tmp`).',
      ],
    };
  },
};
