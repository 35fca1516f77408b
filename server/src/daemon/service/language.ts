import type { Diagnostic } from 'vscode-languageserver-types';
import type { Language } from '../../rules/language';
import { daemonSuppressionHelp } from '../suppression';
import { credentialsIn, lintDaemon, DaemonLintResult } from './lint';
import { codeActionsDaemon, hoverDaemon } from './features';
import { isDaemonJsonName } from '../../common/documents';
import { daemonRules } from '../rules';
import { loadNet } from '../rules/daemon-invalid-value';

/** Structural JSON errors VS Code's JSON service reports itself (comments and trailing commas it does not, given the schema). */
const EDITOR_REPORTED_JSON = new Set(['other', 'multiple-values', 'too-deep']);

/** Docker's daemon.json: by name, by the `bulkhead.daemon.files` globs, or any `*.json` named on the command line. */
export const daemonLanguage: Language<DaemonLintResult, 'daemon'> = {
  kind: 'daemon',
  noun: 'a daemon.json',
  name: 'daemon.json',
  recognise: {
    hostLanguageIds: ['json', 'jsonc'],
    fileName: isDaemonJsonName,
    filesSetting: 'daemon',
    explicitExtension: /\.json$/i,
  },
  suppression: daemonSuppressionHelp,
  rules: daemonRules,
  lint: (text, uri, setup, options) => lintDaemon(text, uri, setup.config, setup.daemon ?? {}, options),
  preload: loadNet,
  credentials: (result) => credentialsIn(result.model),
  hover: (result, position, options) =>
    hoverDaemon(result, position, { keyCards: !options.editorKeyCards, messages: !options.editorShowsMessages }),
  codeActions: (result, doc, range, diagnostics, only, options) =>
    codeActionsDaemon(result, doc, range, diagnostics, only, options),
  shownByEditor(result) {
    const model = result.model;
    const editorReported = new Set(
      model.syntax.problems.filter((p) => EDITOR_REPORTED_JSON.has(p.kind)).map((p) => p.start),
    );
    return (d: Diagnostic) => d.code === 'daemon-invalid-json' && editorReported.has(model.doc.offsetAt(d.range.start));
  },
};
