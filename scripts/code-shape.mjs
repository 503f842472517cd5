// Code-shape figures for server/src and client/src, read from the TypeScript AST (issue 14):
// - casts: `x as T` and `<T>x`, except `as const`; `as unknown as` counted apart;
// - function lengths in lines (declarations, methods, arrows, function expressions, constructors,
//   accessors), with how many run over 60 and over 100 lines.
// Usage: node scripts/code-shape.mjs [--top N] [--casts-by-file] [repo folder, default: this checkout]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  args.splice(i, 1);
  return true;
};
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const top = Number(option('--top') ?? 10);
const castsByFile = flag('--casts-by-file');
const root = args[0] ?? join(fileURLToPath(import.meta.url), '..', '..');

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const functions = [];
const castFiles = new Map();
let casts = 0;
let doubleCasts = 0;
for (const path of ['server/src', 'client/src'].flatMap((dir) => sourceFiles(join(root, dir)))) {
  const file = relative(root, path);
  const sf = ts.createSourceFile(file, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const line = (pos) => sf.getLineAndCharacterOfPosition(pos).line;
  const visit = (node) => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      const isConst = ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(sf) === 'const';
      if (!isConst) {
        casts++;
        castFiles.set(file, (castFiles.get(file) ?? 0) + 1);
        if (ts.isAsExpression(node) && ts.isAsExpression(node.expression) && node.expression.type.kind === ts.SyntaxKind.UnknownKeyword)
          doubleCasts++;
      }
    }
    const isFunction =
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessor(node) ||
      ts.isSetAccessor(node);
    if (isFunction && node.body) {
      const start = line(node.getStart(sf));
      const name = node.name?.getText(sf) ?? node.parent?.name?.getText(sf) ?? '<anonymous>';
      functions.push({ lines: line(node.end) - start + 1, where: `${file}:${start + 1}`, name });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

functions.sort((a, b) => b.lines - a.lines);
console.log(`casts (except as const): ${casts}; as unknown as: ${doubleCasts}`);
if (castsByFile) for (const [file, n] of [...castFiles].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${n}  ${file}`);
console.log(
  `functions: ${functions.length}; over 60 lines: ${functions.filter((f) => f.lines > 60).length}; over 100 lines: ${functions.filter((f) => f.lines > 100).length}`,
);
for (const f of functions.slice(0, top)) console.log(`  ${f.lines}  ${f.name}  ${f.where}`);
