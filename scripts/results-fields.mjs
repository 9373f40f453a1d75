// The README's table of results.json fields, generated from schema/results.schema.json's
// descriptions (`node scripts/write-schema.mjs --readme` rewrites it; a test checks it is current).

const BEGIN = '<!-- results fields: generated from schema/results.schema.json by `node scripts/write-schema.mjs --readme` -->';
const END = '<!-- end of results fields -->';

/** The branches of a union (oneOf/anyOf) that are objects, or the node itself. */
function objects(node) {
  const branches = node.oneOf ?? node.anyOf;
  if (branches) return branches.flatMap(objects);
  return node.type === 'object' ? [node] : [];
}

/** A field's properties, merged over the branches of a union (the first branch's description wins). */
function properties(node) {
  const out = new Map();
  for (const o of objects(node)) for (const [k, v] of Object.entries(o.properties ?? {})) if (!out.has(k)) out.set(k, v);
  return out;
}

/** The schema of a record's values (patternProperties), over the branches of a union. */
function recordValues(node) {
  for (const o of objects(node)) {
    const p = Object.values(o.patternProperties ?? {});
    if (p.length > 0) return p[0];
  }
  return null;
}

const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The rows: [field, description]. */
export function resultsFieldRows(schema) {
  const rows = [];
  const top = properties(schema);
  const expand = (prefix, node, depth) => {
    for (const [name, field] of properties(node)) {
      const path = `${prefix}.${name}`;
      rows.push([path, field.description]);
      if (depth > 0) expand(path, field.items ?? field, depth - 1);
    }
  };
  for (const [name, field] of top) {
    rows.push([name, field.description]);
    if (name === 'data' || name === 'steps' || name === 'validation') expand(name, field, 0);
    if (name === 'comparisons') expand('comparisons[]', field.items, 1);
    if (name === 'models') {
      const model = recordValues(field);
      for (const [key, f] of properties(model)) {
        rows.push([`models.NAME.${key}`, f.description]);
        if (key === 'validation') {
          for (const [k, v] of properties(f)) if (k !== 'metrics') rows.push([`models.NAME.validation.${k}`, v.description]);
          // the bootstrap's measures, then cross-validation's
          for (const branch of objects(f)) {
            const measure = recordValues(branch.properties.metrics);
            rows.push([`models.NAME.validation.metrics.MEASURE (${branch.properties.method.const})`, measure.description]);
            for (const [k, v] of properties(measure)) rows.push([`models.NAME.validation.metrics.MEASURE.${k}`, v.description]);
          }
        }
        if (key === 'curves') {
          // the curves of a binary and of a survival model
          for (const branch of objects(model)) {
            const curves = properties(branch.properties.curves);
            for (const [k, v] of curves) {
              rows.push([`models.NAME.curves.${k}`, v.description]);
              if (k === 'development') for (const [c, cv] of properties(v)) rows.push([`models.NAME.curves.development.${c} (${branch.properties.family.const})`, cv.description]);
            }
          }
        }
      }
    }
  }
  // a field described once: a second row of the same path (a union's other branch) is left out
  const seen = new Set();
  return rows.filter(([path]) => (seen.has(path) ? false : (seen.add(path), true)));
}

/** The README section: the markers and the table between them. */
export function resultsFieldTable(schema) {
  const lines = ['| field | meaning |', '|---|---|', ...resultsFieldRows(schema).map(([path, text]) => `| \`${path}\` | ${cell(text)} |`)];
  return `${BEGIN}\n${lines.join('\n')}\n${END}`;
}

/** The README with its results-field table replaced by the one generated from `schema`. */
export function withResultsFieldTable(readme, schema) {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md: no results field table between "${BEGIN}" and "${END}"`);
  return readme.slice(0, start) + resultsFieldTable(schema) + readme.slice(end + END.length);
}
