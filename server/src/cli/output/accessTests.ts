/**
 * `test --format sarif`: the model's problems and every failing access test, exactly as the
 * editor shows them on the model file (the server's `modelFileDiagnostics`), so code scanning
 * shows "alice may not s3:GetObject" on the line of the model that states the intent.
 */
import { relative, resolve, sep } from 'node:path';
import { URI } from 'vscode-uri';
import type { Catalog } from '../../core/catalog';
import type { Model } from '../../core/model';
import { modelFileDiagnostics } from '../../node/modelServer';
import { ModelWorkspace } from '../../node/modelWorkspace';
import type { TerraformBlocks } from '../../node/modelFiles';
import type { CheckReport } from './report';

/**
 * A report on the model file: model problems and failed tests. `root` is the folder the model's
 * paths are relative to; the report's path is relative to `base`.
 */
export function accessTestReport(
  model: Model,
  root: string,
  base: string,
  catalog: Catalog | undefined,
  parseTerraform?: TerraformBlocks,
): CheckReport {
  const file = resolve(root, model.file);
  const models = new ModelWorkspace(
    () => undefined,
    () => [],
  );
  models.setRoots([root]);
  // Links into the Terraform files the model imports need the parser the model was read with.
  if (parseTerraform) models.useTerraformParser(parseTerraform);
  const entry = { uri: URI.file(file).toString(), root, model };
  return {
    files: [{ path: relative(base, file).split(sep).join('/'), diagnostics: modelFileDiagnostics(entry, models, catalog) }],
    skipped: 0,
  };
}
