/**
 * Sends one `iamPolicy/simulateAccess` request with a cancellable progress notification: VS Code's
 * Cancel button cancels the request (the server stops between chunks and returns what it did),
 * and the server's work-done progress moves the bar.
 */
import * as vscode from 'vscode';
import {
  WorkDoneProgress,
  type LanguageClient,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import { SimulateAccessRequest, type SimulateAccessParams, type SimulateAccessResult } from '../../../server/src/protocol';

let nextToken = 0;

/** Runs the simulation under a progress notification; resolves with the server's result. */
export function runSimulation(client: LanguageClient, params: SimulateAccessParams): Thenable<SimulateAccessResult> {
  const options = { location: vscode.ProgressLocation.Notification, title: 'IAM: Simulating access', cancellable: true };
  return vscode.window.withProgress(options, async (progress, cancel) => {
    const workDoneToken = `iamPolicyStudio.simulate.${process.pid}.${nextToken++}`;
    let done = 0;
    const sub = client.onProgress(
      WorkDoneProgress.type,
      workDoneToken,
      (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => {
        if (value.kind === 'end') return;
        // VS Code's progress takes increments; the server reports absolute percentages.
        const percentage = value.percentage ?? done;
        progress.report({ ...(value.message ? { message: value.message } : {}), increment: Math.max(0, percentage - done) });
        done = Math.max(done, percentage);
      },
    );
    try {
      return await client.sendRequest(SimulateAccessRequest.type, { ...params, workDoneToken }, cancel);
    } finally {
      sub.dispose();
    }
  });
}
