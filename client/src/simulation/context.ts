/**
 * Asks for values of context keys the simulation lacked (keys the policies' conditions reference
 * that the model cannot derive, such as `aws:SourceIp` or `sts:ExternalId`).
 */
import * as vscode from 'vscode';
import { parseContextValue } from './values';

type ContextValues = Readonly<Record<string, string | readonly string[]>>;

/**
 * One input box per key, pre-filled with any current value; commas separate several values (an
 * empty answer leaves the key missing). Resolves undefined when the user presses Escape.
 */
export async function askContext(keys: readonly string[], current: ContextValues = {}): Promise<ContextValues | undefined> {
  const next: Record<string, string | readonly string[]> = { ...current };
  for (const key of keys) {
    const prev = current[key];
    const value = await vscode.window.showInputBox({
      title: `Context key ${key}`,
      prompt: `Value of ${key} for this request (several values: separate with commas; empty: leave it missing)`,
      value: Array.isArray(prev) ? prev.join(',') : typeof prev === 'string' ? prev : '',
      ignoreFocusOut: true,
    });
    if (value === undefined) return undefined;
    const parsed = parseContextValue(value);
    if (parsed === undefined) delete next[key];
    else next[key] = parsed;
  }
  return next;
}
