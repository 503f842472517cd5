/** Which documents are workspace model files (`*.iam-model.json`, `iam-model.json`). */
import * as vscode from 'vscode';

/** The document selector of model files on disk. */
export const MODEL_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', pattern: '**/{*.iam-model.json,iam-model.json}' }];

/** Whether `uri` names a model file (the same rule as the server's `isModelFileName`). */
export function isModelUri(uri: vscode.Uri): boolean {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1).toLowerCase();
  return name === 'iam-model.json' || name.endsWith('.iam-model.json');
}
