/** The public types of the hardened templates (re-exported by `index.ts`). */

export type RuntimeId =
  'node' | 'python' | 'go' | 'java-maven' | 'dotnet' | 'rust' | 'static-nginx' | 'alpine' | 'ubi-minimal';

export interface RuntimeInfo {
  id: RuntimeId;
  label: string;
  description: string;
  defaultPort: number | null;
  defaultStartCommand: string[];
}

export interface DockerfileOptions {
  runtime: RuntimeId;
  /** The port the application listens on; null for none (no EXPOSE, no network health check). */
  port?: number | null;
  /** CMD in exec form. */
  startCommand?: string[];
  /** The numeric user (and group) the container runs as. */
  uid?: number;
}

export interface Placeholder {
  text: string;
  why: string;
}

export interface RenderedFile {
  fileName: string;
  text: string;
  /** Placeholders the user must fill (documented), e.g. the syslog address. */
  placeholders: Placeholder[];
  /** Explanation shown to the user after writing, markdown. */
  note: string;
}

export interface ComposeOptions {
  serviceName?: string;
  image?: string;
  port?: number | null;
  datastore?: 'postgres' | 'redis' | 'none';
}

export interface DevcontainerOptions {
  /** The language whose tools the dev container installs (as a pinned feature); none for a plain Debian one. */
  runtime?: RuntimeId;
}
