// Types of scripts/test-groups.mjs (plain JavaScript, run by Node without a compile step).

/** One source of esbuild's metafile `inputs`. */
export interface GraphInput {
  bytes: number;
  imports: { path: string; external?: boolean }[];
}

export declare const PACKAGE_BYTES: number;
export declare const BALANCE: number;
export declare const MAX_UNITS: number;

export declare function sourcesOfFiles(
  graph: Record<string, GraphInput>,
  keys: readonly string[],
): { sources: Map<string, Set<string>>; weights: Map<string, number> };

export interface GroupedFile {
  key: string;
  unit: string;
  cost: number;
  sources: Set<string>;
}

export declare function groupFiles<F extends GroupedFile>(
  files: readonly F[],
  weights: Map<string, number>,
  workers: number,
): { units: string[]; files: F[] }[] | undefined;

export declare function fileToTake<F>(
  list: readonly F[],
  costOf: (file: F) => number,
  sourcesOf: (file: F) => Set<string>,
  loaded: Set<string>,
  weights: Map<string, number>,
): number;
