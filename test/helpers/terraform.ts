/**
 * Terraform test helpers: the parser loaded from the installed packages (the bundles load the
 * same files from dist/), and a readable rendering of extracted policies for data-driven cases.
 */
import { dirname, join } from 'node:path';
import { loadTerraformParser, type TerraformParser } from '../../server/src/node/terraformParser';
import type { HostValue } from '../../server/src/service/hosts/types';

/** The Terraform parser, from node_modules. */
export function testTerraformParser(): Promise<TerraformParser> {
  const runtime = join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm');
  const grammar = join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm');
  return loadTerraformParser({ runtime, grammar });
}

/**
 * A host value as compact JSON; a symbolic string renders as its parts with `${expr}` for the
 * unknown ones and `${expr=value}` for those the file resolves.
 */
export function renderValue(v: HostValue): unknown {
  switch (v.kind) {
    case 'object':
      return Object.fromEntries(v.entries.map((e) => [e.key, renderValue(e.value)]));
    case 'array':
      return v.items.map(renderValue);
    case 'symbolic':
      return `«${v.parts.map((p) => (typeof p === 'string' ? p : `\${${p.expr}${p.assumed !== undefined ? `=${p.assumed}` : ''}}`)).join('')}»`;
    case 'null':
      return null;
    default:
      return v.value;
  }
}
