import type { Language } from '../../rules/language';
import { dockerfileSuppressionHelp } from '../suppression';
import { lintDockerfile, DockerfileLintResult } from './lint';
import { hoverDockerfile } from './hover';
import { codeActionsDockerfile } from './codeActions';
import { isDockerfileName, matchesDockerfilePattern } from '../../common/documents';
import { dockerfileRules } from '../rules';
import { dockerfileImageReferences } from './imageReferences';

/** Dockerfiles (and Containerfiles): by the editor's language id, or by a loose name test tried last. */
export const dockerfileLanguage: Language<DockerfileLintResult, 'dockerfile'> = {
  kind: 'dockerfile',
  noun: 'a Dockerfile',
  name: 'Dockerfile',
  recognise: {
    languageIds: ['dockerfile'],
    fileName: isDockerfileName,
    notByLanguageId: (name) => matchesDockerfilePattern(name) && !isDockerfileName(name),
    nameIsLoose: true,
  },
  suppression: dockerfileSuppressionHelp,
  rules: dockerfileRules,
  lint: (text, uri, setup, options) => lintDockerfile(text, uri, setup.config, setup.env ?? {}, options),
  hover: (result, position, options) => hoverDockerfile(result, position, options),
  codeActions: (result, doc, range, diagnostics, only) => codeActionsDockerfile(result, doc, range, diagnostics, only),
  imageReferences: dockerfileImageReferences,
};
