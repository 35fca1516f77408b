import { fileURLToPath } from 'node:url';

/** The file path of a `file:` URI; undefined for other schemes (untitled, virtual workspaces) and malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
