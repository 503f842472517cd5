/**
 * What the workspace's model files say about each policy file: a file a model uses as a
 * permissions boundary is checked as a boundary, a trust policy as a trust policy, an SCP as an
 * SCP. This is the language service's `policyTypeOf(uri)` hook, for the CLI (and the server).
 */
import { URI } from 'vscode-uri';
import { policyUses, type Model, type ModelPolicyKind } from '../core/model';
import type { PolicyType } from '../core/policyType';
import { loadModelFile, workspaceRelative, type LoadedModel } from './workspaceModel';

/** The policy type a model use implies. Managed and inline policies are identity policies. */
export function policyTypeOfUse(kind: ModelPolicyKind): PolicyType {
  switch (kind) {
    case 'permissions-boundary': return 'boundary';
    case 'trust': return 'trust';
    case 'resource': return 'resource';
    case 'scp': return 'scp';
    case 'rcp': return 'rcp';
    case 'session': return 'session';
    default: return 'identity';
  }
}

export interface WorkspaceModels {
  /** Each model file (absolute path) with its outcome. */
  readonly models: ReadonlyArray<{ readonly file: string; readonly loaded: LoadedModel }>;
  /** The type the models give the policy file at `uri`, if any model uses it (first use wins). */
  policyTypeOf(uri: string): PolicyType | undefined;
}

/** Loads `modelFiles` (absolute paths) with `root` as the workspace their references stay inside. */
export function loadWorkspaceModels(root: string, modelFiles: readonly string[]): WorkspaceModels {
  const models = modelFiles.map((file) => ({ file, loaded: loadModelFile(file, root) }));
  const types = new Map<string, PolicyType>();
  for (const { loaded } of models) if (loaded.ok) addUses(types, loaded.model);
  return {
    models,
    policyTypeOf: (uri) => {
      if (!uri.startsWith('file:')) return undefined;
      const rel = workspaceRelative(root, URI.parse(uri).fsPath);
      return rel === undefined ? undefined : types.get(rel);
    },
  };
}

function addUses(types: Map<string, PolicyType>, model: Model): void {
  for (const [file, kinds] of policyUses(model)) {
    const first = kinds[0];
    if (first && !types.has(file)) types.set(file, policyTypeOfUse(first));
  }
}
