/** The pure policy model: normalize parsed JSON policy documents; see {@link parsePolicy}. */
export * from './types';
export { entryPath, parsePolicy, parsePrincipalBlock, stringList } from './parse';
export { parseConditionBlock, parseOperatorName } from './conditionBlock';
export type { ParsedOperator } from './conditionBlock';
