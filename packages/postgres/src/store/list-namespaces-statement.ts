import { SqlParameters } from "../sql/sql-parameters.js";
import type { BuiltStatement } from "../sql/write-statements.js";
import type { ListNamespacesRequest } from "./batch-plan.js";
import { type StoreTables, VISIBLE } from "./store-tables.js";

/** The wildcard label of a namespace pattern: any one label. */
const ANY_LABEL = "*";

/**
 * `pattern` matches the namespace's first labels (`fromEnd` false) or its last ones, label
 * by label, `*` matching any label. Labels are parameters; positions are SQL integers.
 */
function patternCondition(pattern: readonly string[], fromEnd: boolean, params: SqlParameters) {
  const conditions = [`cardinality(i.namespace) >= ${pattern.length}`];
  pattern.forEach((label, offset) => {
    if (label === ANY_LABEL) return;
    const position = fromEnd
      ? `cardinality(i.namespace) - ${pattern.length - 1 - offset}`
      : `${offset + 1}`;
    conditions.push(`i.namespace[${position}] = ${params.add(label, "text")}`);
  });
  return conditions.join(" AND ");
}

function listSelect(request: ListNamespacesRequest, tables: StoreTables, params: SqlParameters) {
  const index = params.add(request.resultIndex, "int");
  const conditions = [VISIBLE];
  if (request.prefix !== undefined)
    conditions.push(patternCondition(request.prefix, false, params));
  if (request.suffix !== undefined) conditions.push(patternCondition(request.suffix, true, params));
  const namespace =
    request.maxDepth === undefined
      ? "i.namespace"
      : `i.namespace[1:${params.add(request.maxDepth, "int")}]`;
  return `(SELECT ${index} AS result_index, n.namespace,
      row_number() OVER (ORDER BY n.namespace) AS rank
    FROM (SELECT DISTINCT ${namespace} AS namespace FROM ${tables.items} AS i
      WHERE ${conditions.join(" AND ")}) AS n
    ORDER BY rank
    LIMIT ${params.add(request.limit, "bigint")} OFFSET ${params.add(request.offset, "bigint")})`;
}

/**
 * Every listNamespaces of a batch in one statement. Namespaces sort label by label in code
 * point order (the column is `COLLATE "C"`); `maxDepth` truncates before de-duplicating.
 */
export function buildListNamespacesStatement(
  tables: StoreTables,
  lists: readonly ListNamespacesRequest[],
): BuiltStatement {
  const params = new SqlParameters();
  const selects = lists.map((request) => listSelect(request, tables, params));
  return {
    text: `SELECT * FROM (${selects.join(" UNION ALL ")}) AS listed ORDER BY result_index, rank`,
    values: params.values,
  };
}
