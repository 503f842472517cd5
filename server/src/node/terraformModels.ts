/**
 * Terraform configurations as model imports need the HCL parser (WebAssembly, loaded
 * asynchronously once per process). The CLI and the server call {@link enableTerraformImports}
 * before loading models; until it has run, a Terraform import is reported as not readable here.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadTerraformParser, wasmFilesIn, type TerraformWasmFiles } from './terraformParser';
import { useTerraformParser } from './modelFiles';

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

/** Loads the parser from the first place that has it; false when none does (or it fails to load). */
export async function enableTerraformImports(dirs: readonly string[]): Promise<boolean> {
  const files = candidates(dirs).find((f) => existsSync(f.runtime) && existsSync(f.grammar));
  if (!files) return false;
  try {
    const parser = await loadTerraformParser(files);
    useTerraformParser((text) => {
      const parse = parser.parse(text);
      const blocks = parse.blocks;
      parse.native.delete();
      return blocks;
    });
    return true;
  } catch (err) {
    if (process.env['IAM_STUDIO_DEBUG_TERRAFORM']) process.stderr.write(`terraform parser: ${String(err)}\n`);
    return false;
  }
}
