import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FIX_ALL, fixAll } from './fixAll';
import { SHOW_RULE_DOCUMENTATION, showRuleDocumentation } from './showRuleDocumentation';
import { SCAN_WORKSPACE, scanWorkspace } from './scanWorkspace';
import { NEW_DOCKERFILE, newDockerfile } from './newDockerfile';
import { NEW_DAEMON_JSON, newDaemonJson } from './newDaemonJson';
import { NEW_DOCKERIGNORE, newDockerignore } from './newDockerignore';
import { NEW_COMPOSE_SERVICE, newComposeService } from './newComposeService';
import { NEW_AUDIT_RULES, newAuditRules } from './newAuditRules';
import { NEW_DEVCONTAINER, newDevcontainer } from './newDevcontainer';
import { APPLY_SECURE_BASELINE, applySecureBaseline } from './applySecureBaseline';
import { PIN_IMAGES, pinImages } from './pinImages';
import { CLEAR_IMAGE_CACHE, clearImageCache } from './clearImageCache';

/**
 * The command-palette commands (one file each). `client()` is read when a command runs: the client is replaced when
 * the document selector changes.
 */
export function registerCommands(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
  output: vscode.LogOutputChannel,
): void {
  const guarded = (id: string, run: (...args: unknown[]) => Promise<void>) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await run(...args);
      } catch (e) {
        output.error(`${id} failed: ${(e as Error).message}`);
        void vscode.window.showErrorMessage(`Bulkhead: ${(e as Error).message}`);
      }
    });
  context.subscriptions.push(
    guarded(FIX_ALL, fixAll),
    guarded(SHOW_RULE_DOCUMENTATION, (ruleId) => showRuleDocumentation(context.extensionUri, ruleId)),
    guarded(SCAN_WORKSPACE, () => scanWorkspace(client(), output)),
    guarded(NEW_DOCKERFILE, newDockerfile),
    guarded(NEW_DAEMON_JSON, newDaemonJson),
    guarded(NEW_DOCKERIGNORE, newDockerignore),
    guarded(NEW_COMPOSE_SERVICE, newComposeService),
    guarded(NEW_AUDIT_RULES, newAuditRules),
    guarded(PIN_IMAGES, () => pinImages(client(), output)),
    guarded(CLEAR_IMAGE_CACHE, () => clearImageCache(client())),
    guarded(NEW_DEVCONTAINER, newDevcontainer),
    // run by the daemon.json secure baseline's quick fix, not from the palette
    guarded(APPLY_SECURE_BASELINE, (args) => applySecureBaseline(args)),
  );
}
