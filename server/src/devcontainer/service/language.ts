import type { Diagnostic } from 'vscode-languageserver-types';
import type { Language } from '../../rules/language';
import { devcontainerSuppressionHelp } from '../suppression';
import { lintDevcontainer, SYNTAX_MESSAGE, type DevcontainerLintResult } from './lint';
import { codeActionsDevcontainer, hoverDevcontainer } from './features';
import { devcontainerRules } from '../rules';
import { devcontainerReferences } from '../references';
import { devcontainerImageReferences } from './imageReferences';

/**
 * The names the Dev Containers CLI looks for (containers.dev/implementors/spec, "devcontainer.json"):
 * `.devcontainer/devcontainer.json`, `.devcontainer.json`, and `.devcontainer/<folder>/devcontainer.json`. Decision: a
 * `devcontainer.json` is one wherever it is (the name is the spec's own, and a project keeps other copies under
 * folders of its own that `--config` names), so the folder walk and the editor need only the name.
 */
export function isDevcontainerName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'devcontainer.json' || lower === '.devcontainer.json';
}

/** Dev Container configurations: by name, or a file named on the command line whose name ends in `devcontainer.json`. */
export const devcontainerLanguage: Language<DevcontainerLintResult, 'devcontainer'> = {
  kind: 'devcontainer',
  noun: 'a devcontainer.json',
  name: 'devcontainer.json',
  recognise: {
    hostLanguageIds: ['json', 'jsonc'],
    fileName: isDevcontainerName,
    explicitExtension: /devcontainer\.json$/i,
  },
  suppression: devcontainerSuppressionHelp,
  rules: devcontainerRules,
  lint: (text, uri, setup, options) => lintDevcontainer(text, uri, setup.config, options),
  hover: (result, position, options) => hoverDevcontainer(result, position, options),
  codeActions: (result, doc, range, diagnostics, only) =>
    codeActionsDevcontainer(result, doc, range, diagnostics, only),
  // VS Code's JSON service reports broken JSON itself
  shownByEditor: () => (d: Diagnostic) => d.code === undefined && String(d.message).startsWith(SYNTAX_MESSAGE),
  references: devcontainerReferences,
  imageReferences: devcontainerImageReferences,
};
