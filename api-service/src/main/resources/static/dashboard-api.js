// The public API, with the team key from sessionStorage (gone when the tab closes; never localStorage).
const KEY = 'slimfit.apiKey';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};
// Earlier dashboards kept the key in localStorage: forget it there.
try { localStorage.removeItem('slimfit.key'); } catch (e) { /* storage disabled */ }

/** An API error: the problem's detail and field when the answer was application/problem+json. */
export class ApiError extends Error {
  constructor(status, detail, field, type) {
    super(detail);
    this.status = status;
    this.field = field;
    this.type = type;
  }
  get text() { return (this.field ? this.field + ': ' : '') + this.message; }
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export async function api(path, { method = 'GET', body, headers = {}, key = session.key(), raw = false } = {}) {
  let response;
  try {
    response = await fetch('/api/v1' + path, {
      method,
      headers: { Authorization: 'Bearer ' + (key || ''), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'the API did not answer (' + e.message + '); is the node running?', null, null);
  }
  if (raw && response.ok) return response;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : {};
    let detail = problem.detail || problem.title || response.statusText || ('HTTP ' + response.status);
    if (Array.isArray(problem.errors) && problem.errors.length > 1) {
      detail = problem.errors.map((e) => e.field + ': ' + e.message).join('; ');
    }
    const error = new ApiError(response.status, detail, problem.errors && problem.errors.length > 1 ? null : problem.field, problem.type);
    if (response.status === 401 && key === session.key()) onUnauthorized(error);
    throw error;
  }
  return data;
}

/** Every event of a job after `after`, paging with after= until the end (500 per page). */
export async function allEvents(jobId, after = 0) {
  const events = [];
  for (;;) {
    const page = await api(`/jobs/${encodeURIComponent(jobId)}/events?after=${after}&limit=500`);
    events.push(...page.events);
    if (!page.more || page.nextAfter <= after) return { events, nextAfter: page.nextAfter || after };
    after = page.nextAfter;
  }
}
