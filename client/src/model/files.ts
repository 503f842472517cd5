/** Which documents are workspace model files (`*.iam-model.json`, `iam-model.json`). */
import * as vscode from 'vscode';
import { isModelFileName } from '../../../server/src/core/model/uses';

/** The document selector of model files on disk. */
export const MODEL_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', pattern: '**/{*.iam-model.json,iam-model.json}' }];

/** Whether `uri` names a model file (the server's rule, `isModelFileName`). */
export function isModelUri(uri: vscode.Uri): boolean {
  return isModelFileName(uri.path);
}
