/** Security notes for the instructions that matter, shown when hovering the keyword. */
export const INSTRUCTION_NOTES: Record<string, string> = {
  FROM: 'Picks the base image: everything in it ships in your image. Prefer minimal, maintained images from registries you trust, with an explicit tag and a pinned `@sha256:` digest so rebuilds get exactly what you reviewed.',
  USER: 'Sets the user for the following RUN instructions and for the container at run time. Finish the final stage with a numeric non-root `USER uid:gid` so runtimes can verify `runAsNonRoot` and a container escape does not start as root.',
  ADD: 'Like COPY, but also downloads URLs and unpacks local archives. Use COPY for local files; for downloads use `ADD --checksum=sha256:…` or `curl` with a checksum check so remote content is verified.',
  COPY: 'Copies files from the build context or another stage. Copy only what the image needs: `COPY . .` pulls in everything not excluded by `.dockerignore` (keys, `.env`, `.git`). Never copy credentials; use `RUN --mount=type=secret` instead.',
  RUN: "Runs a command at build time and stores its result in a layer. Anything written (a token, a key, a downloaded script) stays in the image history. Verify downloads, keep package managers' signature checks on, and pass secrets with `--mount=type=secret`.",
  ENV: 'Sets environment variables that persist in the image and in every container started from it; they are visible with `docker inspect`. Never put secrets here.',
  ARG: 'Declares a build argument. Its value is recorded in the image history (`docker history`), so it is no place for secrets; use `RUN --mount=type=secret` instead.',
  EXPOSE:
    'Documents the ports the container listens on. Expose only what clients need; never SSH (22): use `docker exec` for access.',
  HEALTHCHECK:
    'Tells the runtime how to check the container is healthy, so orchestrators can restart or stop routing to a broken container. `HEALTHCHECK NONE` disables an inherited check on purpose.',
};

export const MOUNT_NOTES: Record<string, string> = {
  secret:
    'A secret mount exposes a build secret (file or, with `env=`, a variable) to this RUN only; it is never stored in a layer. This is the safe way to use tokens and keys at build time.',
  ssh: 'Forwards the SSH agent to this RUN only, so private repositories can be cloned without copying keys into the image.',
  cache: 'A cache mount keeps package-manager caches between builds without storing them in the image.',
  bind: 'Binds files from the context or another stage for this RUN only, without copying them into a layer.',
  tmpfs: 'A tmpfs mount gives this RUN a scratch directory that is not stored in the image.',
};
