import path = require('node:path');
import { pathToFileURL } from 'node:url';

/**
 * The rule pages ship with the extension and the CLI (`docs/rules/` beside `dist/`), so links work offline.
 * Every bundle lives in dist/, so the path is the same for the server, the CLI and the service.
 */
export const DEFAULT_DOCS_BASE = pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).toString();
