// Fortis list query parameters in bracket-index syntax (fortis.md §2):
// page[number]=1&page[size]=50&filter_by[0][key]=…&filter_by[0][operator]=…&filter_by[0][value]=…
// &order[0][key]=…&order[0][operator]=asc. URLSearchParams URL-encodes brackets and values.

export interface Filter {
  key: string;
  operator: '=' | '>=' | '<=' | 'IN';
  value: string;
}

export interface Order {
  key: string;
  operator: 'asc' | 'desc';
}

export interface ListQuery {
  filters?: readonly Filter[];
  order?: readonly Order[];
  expand?: readonly string[];
}

/** Builds the query string of one list page. */
export function listParams(
  query: ListQuery,
  page: { number: number; size: number },
): URLSearchParams {
  const p = new URLSearchParams();
  p.append('page[number]', String(page.number));
  p.append('page[size]', String(page.size));
  (query.filters ?? []).forEach((f, i) => {
    p.append(`filter_by[${i}][key]`, f.key);
    p.append(`filter_by[${i}][operator]`, f.operator);
    p.append(`filter_by[${i}][value]`, f.value);
  });
  (query.order ?? []).forEach((o, i) => {
    p.append(`order[${i}][key]`, o.key);
    p.append(`order[${i}][operator]`, o.operator);
  });
  if (query.expand && query.expand.length > 0) p.append('expand', query.expand.join(','));
  return p;
}
