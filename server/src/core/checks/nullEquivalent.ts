/**
 * Conditions that only test whether a key is present: `StringLike` with the value `"*"` matches
 * every value the key can have, so it is true exactly when the key is in the request, which is
 * what `"Null": { key: "false" }` says. Access Analyzer suggests writing the Null form
 * (EQUIVALENT_TO_NULL_FALSE, reported by ValidatePolicy on 63 AWS managed policies of the
 * calibration set, e.g. `"StringLike": { "ssm:resourceTag/aws:cloud9:environment": "*" }`).
 */
import { defineCheck, type CheckInfo } from './registry';
import { parseOperatorName } from '../policy';
import type { CheckFamily, FixEdit, RawStatement } from './types';
import { conditionValues, isRecord, json, rawConditions, type RawCondition } from './walk';

/** The codes this module reports. */
export const nullEquivalentCodes: readonly CheckInfo[] = [
  defineCheck('EQUIVALENT_TO_NULL_FALSE', 'suggestion', 'Equivalent to null false', undefined, { newerThanReference: true }),
];

/** A value that matches every string under StringLike (`*`, `**`, …). */
const MATCHES_ALL = /^\*+$/;

/** EQUIVALENT_TO_NULL_FALSE for every statement. */
export const nullEquivalentChecks: CheckFamily = (_ctx, statements, out) => {
  for (const st of statements) {
    for (const c of rawConditions(st)) {
      const op = parseOperatorName(c.operator);
      // Without IfExists (a missing key makes an IfExists test true) and without ForAllValues
      // (true for a missing key too); ForAnyValue:StringLike "*" is true when the key has a value.
      if ('error' in op || op.base !== 'StringLike' || op.ifExists || op.setOperator === 'ForAllValues') continue;
      const star = conditionValues(c).find((v) => MATCHES_ALL.test(v.value));
      if (!star) continue;
      const inArray = Array.isArray(c.raw);
      out.push({
        code: 'EQUIVALENT_TO_NULL_FALSE',
        path: star.path,
        target: inArray ? 'element' : 'key',
        message: `${c.operator} with ${json(star.value)} is true whenever ${c.key} is in the request, whatever its value: write it as "Null": { ${json(c.key)}: "false" } so the condition says what it enforces.`,
        fixes: [{ title: `Replace with "Null": { ${json(c.key)}: "false" }`, edits: nullFalseEdits(st, c), preferred: true }],
      });
    }
  }
};

/** Moves the key out of its operator into a `Null` operator with the value "false". */
function nullFalseEdits(st: RawStatement, c: RawCondition): FixEdit[] {
  const block = st.obj['Condition'];
  const opPath = c.path.slice(0, -1);
  const conditionPath = opPath.slice(0, -1);
  const nullOp = isRecord(block) ? Object.keys(block).find((k) => k === 'Null') : undefined;
  if (c.siblings === 1 && !nullOp) {
    // The key is the operator's only one: rename the operator and set the value.
    return [
      { kind: 'replace', path: opPath, target: 'key', json: '"Null"' },
      { kind: 'replace', path: c.path, target: 'value', json: '"false"' },
    ];
  }
  const remove: FixEdit = { kind: 'remove', path: c.siblings === 1 ? opPath : c.path };
  const insert: FixEdit = nullOp
    ? { kind: 'insert', path: [...conditionPath, nullOp], key: c.key, json: '"false"' }
    : { kind: 'insert', path: conditionPath, key: 'Null', json: `{ ${json(c.key)}: "false" }` };
  return [remove, insert];
}
