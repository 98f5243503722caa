// Text of the trial table's cells, shared by the table and its search.

export function formatReason(reason, failReason) {
  const parts = [];
  if (reason) {
    parts.push(reason.strategy);
    if (reason.acquisition) parts.push(`${reason.acquisition}=${Number(reason.acquisition_value).toPrecision(3)}`);
    if (typeof reason.predicted_mean === 'number') parts.push(`μ=${reason.predicted_mean.toPrecision(3)} σ=${Number(reason.predicted_std).toPrecision(3)}`);
    if (reason.fallback) parts.push(`fallback: ${reason.fallback}`);
    if (reason.detail) parts.push(reason.detail);
  }
  if (failReason) parts.push(`reason: ${failReason}`);
  return parts.join(' · ');
}

export function formatParams(params) {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(5)) : v}`)
    .join(', ');
}

/** User attributes flattened one level (`metrics.val_accuracy`), as [column, value] pairs. */
export function flatAttrs(userAttrs) {
  const out = [];
  for (const [key, value] of Object.entries(userAttrs || {})) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, inner] of Object.entries(value)) out.push([`${key}.${sub}`, inner]);
    } else out.push([key, value]);
  }
  return out;
}

export function attrText(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(Number(value.toPrecision(5)));
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Everything a search may match in one trial, lower-cased. */
export function searchText(t) {
  const attrs = flatAttrs(t.user_attrs).map(([k, v]) => `${k}=${attrText(v)}`).join(' ');
  return `#${t.number} ${t.state} ${formatParams(t.params)} ${formatReason(t.reason, t.fail_reason)} ${t.client_id || ''} ${attrs}`.toLowerCase();
}
