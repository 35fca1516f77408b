import type { Language } from '../../rules/language';
import { composeSuppressionHelp } from '../suppression';
import { lintCompose, ComposeLintResult } from './lint';
import { codeActionsCompose, hoverCompose } from './features';
import { isComposeName } from '../../common/documents';
import { composeRules } from '../rules';
import { composeImageReferences } from './imageReferences';

/** Compose files: by name, by the `bulkhead.compose.files` globs, or any `*.yml`/`*.yaml` named on the command line. */
export const composeLanguage: Language<ComposeLintResult, 'compose'> = {
  kind: 'compose',
  noun: 'a Compose file',
  name: 'Compose file',
  recognise: {
    hostLanguageIds: ['yaml', 'dockercompose'],
    fileName: isComposeName,
    filesSetting: 'compose',
    explicitExtension: /\.ya?ml$/i,
  },
  suppression: composeSuppressionHelp,
  rules: composeRules,
  lint: (text, uri, setup, options) => lintCompose(text, uri, setup.config, options, setup.env ?? {}),
  hover: (result, position, options) => hoverCompose(result, position, options),
  codeActions: (result, doc, range, diagnostics, only) => codeActionsCompose(result, doc, range, diagnostics, only),
  imageReferences: composeImageReferences,
};
