/**
 * The Terraform host: `.tf` files. Parsing needs tree-sitter (WebAssembly, loaded asynchronously
 * by the node glue), so the host is created with a parse function; the extraction is pure.
 */
import { TerraformExtractor, type TerraformExtraction, type TopLevelBlock } from './terraform';
import { MAX_TERRAFORM_BYTES, sizeOver, tooLargeProblem } from '../limits';
import { isTerraformFileName } from './terraformFiles';

/**
 * Parses a Terraform text into its top-level blocks. `key` names the document (its file name):
 * the glue re-parses incrementally from the last text it saw under that key.
 */
export type TerraformBlocksParser = (text: string, key: string) => readonly TopLevelBlock[];

/** The number of documents whose extraction caches are kept. */
const KEPT_DOCUMENTS = 64;

/** The Terraform host kind over a parse function. */
export function terraformHost(parse: TerraformBlocksParser): {
  readonly id: 'terraform';
  matches(fileName: string, text: string): boolean;
  /** `siblings`: the other `.tf` files of the same folder (a module), by their keys. */
  extract(
    text: string,
    fileName: string,
    uri?: string,
    siblings?: ReadonlyArray<{ readonly text: string; readonly key: string }>,
  ): TerraformExtraction;
} {
  const extractors = new Map<string, TerraformExtractor>();
  return {
    id: 'terraform',
    matches: (fileName) => isTerraformFileName(fileName),
    extract(text, fileName, uri, siblings = []) {
      // Larger than the limit: refused before any parse (service/limits.ts); so are such siblings.
      const over = sizeOver(text, MAX_TERRAFORM_BYTES);
      if (over !== undefined) return { policies: [], problems: [tooLargeProblem('terraform', over)], fileReferences: [] };
      // Two open main.tf files are two documents: caches are per document.
      const key = uri ?? fileName;
      let extractor = extractors.get(key);
      if (extractor) extractors.delete(key);
      else extractor = new TerraformExtractor();
      extractors.set(key, extractor);
      if (extractors.size > KEPT_DOCUMENTS) extractors.delete(extractors.keys().next().value as string);
      return extractor.extract(
        parse(text, key),
        siblings.flatMap((s) => (sizeOver(s.text, MAX_TERRAFORM_BYTES) === undefined ? parse(s.text, s.key) : [])),
      );
    },
  };
}
