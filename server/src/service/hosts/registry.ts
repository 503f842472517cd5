/**
 * The host registry: which kind of host document a file is (by its name, then its content), and
 * the extractor that finds its policies. A host kind is pure: text in, extracted policies out.
 * Policy files themselves are not hosts; the service handles them directly.
 */
import type { HostExtraction } from './types';
import { cloudFormationHost } from './cloudformation';

/** One kind of host document. */
export interface HostKind {
  /** `cloudformation`, `terraform`, … (also shown in messages). */
  readonly id: string;
  /** A cheap test on the file name and text (and the document's URI), run before any parse. */
  matches(fileName: string, text: string, uri?: string): boolean;
  /**
   * Parses the host text and finds its policies (ranges are offsets into `text`). `uri` names the
   * document (hosts that keep state per document, such as Terraform's incremental parse, key it by it).
   */
  extract(text: string, fileName: string, uri?: string): HostExtraction;
}

/** The registered hosts, asked in order. */
const HOSTS: HostKind[] = [cloudFormationHost];

/**
 * The host kind of a document, or undefined when it is no host (a policy file, any other file).
 * `extra` are hosts the caller provides (Terraform, whose parser the node glue loads).
 */
export function hostFor(uri: string, text: string, extra: readonly HostKind[] = []): HostKind | undefined {
  const fileName = fileNameOf(uri);
  return HOSTS.find((h) => h.matches(fileName, text, uri)) ?? extra.find((h) => h.matches(fileName, text, uri));
}

/** The decoded last path segment of a URI. */
export function fileNameOf(uri: string): string {
  const path = uri.split(/[?#]/)[0] ?? uri;
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
