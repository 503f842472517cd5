/**
 * Completion, data-driven: each file in test/data/completion has expectation lines, `---`, and a
 * document with a `|` cursor (`*.yaml.txt`: a CloudFormation template in YAML, `*.tf.txt`: a
 * Terraform file; `\|` for a literal bar). Expectations:
 *   `expect has LABEL` / `expect lacks LABEL` — the label is (not) in the list
 *   `expect first LABEL` — the top-ranked item (sortText order, as the client shows an empty filter)
 *   `expect order A, B, C` — these items rank in this order (others may come between)
 *   `expect detail LABEL: TEXT` — the item's detail
 *   `expect row LABEL: TEXT` — what the list row shows next to the label (labelDetails.description)
 *   `expect incomplete` / `expect complete` — the list's isIncomplete
 *   `expect empty` — no items
 *   `apply LABEL` — apply that item; the document section then has a line `==>` followed by the
 *   expected text (snippets rendered with their defaults).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLanguageService, type LanguageServiceOptions, type PolicyLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { incrementalParser } from '../../../server/src/node/terraformParser';
import { terraformHost } from '../../../server/src/service/hosts/terraformHost';
import { testTerraformParser } from '../../helpers/terraform';
import { makeDocument, parseCaseFile, parseMarkers } from '../../helpers/markers';
import { applyItem } from '../../helpers/snippets';

const dir = join(__dirname, '../../data/completion');
const options: LanguageServiceOptions = {
  catalog: getCatalog(),
  workspaceAccounts: () => [
    {
      accountId: '444455556666',
      name: 'prod',
      principals: [
        { arn: 'arn:aws:iam::444455556666:role/Deploy', kind: 'role', name: 'Deploy' },
        { arn: 'arn:aws:iam::444455556666:group/Developers', kind: 'group', name: 'Developers' },
      ],
    },
  ],
};
const service = getLanguageService(options);
let terraformService: PolicyLanguageService | undefined;

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()) {
  test(`completion: ${file}`, async () => {
    const { expectations, document } = parseCaseFile(readFileSync(join(dir, file), 'utf8'));
    const [source, after] = document.split('\n==>\n');
    const marked = parseMarkers(source!);
    assert.ok(marked.cursor !== undefined, 'the document needs a | cursor');
    // `*.yaml.txt`: the document is a CloudFormation template in YAML.
    // `*.tf.txt`: a Terraform file (the parser is WebAssembly, loaded once).
    const terraform = file.endsWith('.tf.txt');
    const ls = terraform
      ? (terraformService ??= getLanguageService({ ...options, hosts: [terraformHost(incrementalParser(await testTerraformParser()))] }))
      : service;
    const doc = file.endsWith('.yaml.txt')
      ? makeDocument(marked.text, 'file:///test/template.yaml', 'yaml')
      : terraform
        ? makeDocument(marked.text, 'file:///test/main.tf', 'terraform')
        : makeDocument(marked.text);
    const list = ls.doComplete(doc, ls.parse(doc), doc.positionAt(marked.cursor));
    const sorted = [...list.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    const labels = sorted.map((i) => i.label);
    const shown = `items: ${labels.slice(0, 15).join(', ')}${labels.length > 15 ? `, … (${labels.length})` : ''}`;
    assert.ok(list.items.length <= 200, `at most 200 items, got ${list.items.length}`);
    for (const line of expectations) {
      const [, verb, arg = ''] = /^(expect \w+|apply)\s*(.*)$/.exec(line) ?? [];
      const item = (label: string) => list.items.find((i) => i.label === label);
      switch (verb) {
        case 'expect has':
          assert.ok(item(arg), `missing ${arg}; ${shown}`);
          break;
        case 'expect lacks':
          assert.ok(!item(arg), `unexpected ${arg}; ${shown}`);
          break;
        case 'expect first':
          assert.equal(labels[0], arg, shown);
          break;
        case 'expect order': {
          const positions = arg.split(', ').map((l) => labels.indexOf(l));
          assert.ok(
            positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!)),
            `order ${arg}; ${shown}`,
          );
          break;
        }
        case 'expect incomplete':
          assert.equal(list.isIncomplete, true, 'isIncomplete');
          break;
        case 'expect complete':
          assert.equal(list.isIncomplete, false, 'isIncomplete');
          break;
        case 'expect empty':
          assert.deepEqual(labels, [], shown);
          break;
        case 'expect row': {
          const [label, text] = splitOnce(arg, ': ');
          assert.equal(item(label)?.labelDetails?.description, text, `row of ${label}; ${shown}`);
          break;
        }
        case 'expect detail': {
          const [label, detail] = splitOnce(arg, ': ');
          assert.equal(item(label)?.detail, detail, `detail of ${label}; ${shown}`);
          break;
        }
        case 'apply': {
          const chosen = item(arg);
          assert.ok(chosen, `cannot apply missing ${arg}; ${shown}`);
          assert.ok(after !== undefined, 'an apply case needs a ==> section');
          assert.equal(applyItem(doc, chosen), after.replace(/\n$/, marked.text.endsWith('\n') ? '\n' : ''));
          break;
        }
        default:
          assert.fail(`bad expectation line: ${line}`);
      }
    }
  });
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}
