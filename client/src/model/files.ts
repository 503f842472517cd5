/** Which documents are workspace model files (`*.iam-model.json`, `iam-model.json`). */
import * as vscode from 'vscode';
import { isModelFileName } from '../../../server/src/core/model/uses';

/** Whether `uri` names a model file (the server's rule, `isModelFileName`). */
export function isModelUri(uri: vscode.Uri): boolean {
  return isModelFileName(uri.path);
}
