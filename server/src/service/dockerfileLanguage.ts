import type { Language } from './language';
import { lintDockerfile, DockerfileLintResult } from './dockerfile';
import { hoverDockerfile } from './hover';
import { codeActionsDockerfile } from './codeActions';
import { isDockerfileName } from './documents';

/** Dockerfiles (and Containerfiles): by the editor's language id, or by a loose name test tried last. */
export const dockerfileLanguage: Language<DockerfileLintResult, 'dockerfile'> = {
  kind: 'dockerfile',
  noun: 'a Dockerfile',
  name: 'Dockerfile',
  recognise: { languageIds: ['dockerfile'], fileName: isDockerfileName, nameIsLoose: true },
  lint: (text, uri, setup, options) => lintDockerfile(text, uri, setup.config, setup.env ?? {}, options),
  hover: (result, position) => hoverDockerfile(result, position),
  codeActions: (result, doc, range, diagnostics, only) => codeActionsDockerfile(result, doc, range, diagnostics, only),
};
