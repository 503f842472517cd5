/**
 * Terraform configurations as model imports need the HCL parser (WebAssembly, loaded
 * asynchronously). The CLI and the server call {@link loadTerraformImports} and give what it
 * returns to the models they load (`parseTerraform`); without it, a Terraform import is reported
 * as not readable here.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadTerraformParser, wasmFilesIn, type TerraformWasmFiles } from './terraformParser';
import type { TerraformBlocks } from './modelFiles';

/** The places the two .wasm files may be: next to the bundles (dist/), or the installed packages (development). */
function candidates(dirs: readonly string[]): TerraformWasmFiles[] {
  const out = dirs.map(wasmFilesIn);
  try {
    out.push({
      runtime: join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'),
      grammar: join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm'),
    });
  } catch {
    // bundled: the packages are not installed next to it
  }
  return out;
}

/** The parser from the first place that has it; undefined when none does (or it fails to load). */
export async function loadTerraformImports(dirs: readonly string[]): Promise<TerraformBlocks | undefined> {
  const files = candidates(dirs).find((f) => existsSync(f.runtime) && existsSync(f.grammar));
  if (!files) return undefined;
  try {
    const parser = await loadTerraformParser(files);
    return (text) => {
      const parse = parser.parse(text);
      const blocks = parse.blocks;
      parse.native.delete();
      return blocks;
    };
  } catch (err) {
    if (process.env['IAM_STUDIO_DEBUG_TERRAFORM']) process.stderr.write(`terraform parser: ${String(err)}\n`);
    return undefined;
  }
}

/** {@link loadTerraformImports} for the CLI: the .wasm files next to its bundle (dist/), or in the repository's dist/ from the sources. */
export function loadCliTerraformImports(): Promise<TerraformBlocks | undefined> {
  return loadTerraformImports([__dirname, join(__dirname, '..', '..', '..', 'dist')]);
}
