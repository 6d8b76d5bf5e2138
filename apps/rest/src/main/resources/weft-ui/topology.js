'use strict';
// Weft topology page: polls the controller's REST API and redraws the page.
// Every node is built with createElement/textContent (never innerHTML) so that
// host, network and endpoint names coming from the API can't inject markup.

const API_URL = '/api/v1/topology';
const POLL_MS = 1000;
// Without a timeout a hung request would stall the poll chain forever.
const REQUEST_TIMEOUT_MS = 5000;
const TOKEN_KEY = 'weft.token';
const SVG_NS = 'http://www.w3.org/2000/svg';

// Map geometry in viewBox units; the viewBox itself is fixed in index.html.
// The circle leaves room below the lowest host for its label.
const MAP = { cx: 300, cy: 195, radius: 140, hostRadius: 22, badgeRadius: 11 };

// ---------------------------------------------------------------- helpers

const $ = (id) => document.getElementById(id);

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(key, String(value));
    }
  }
  return node;
}

// append() turns strings into text nodes, which is what keeps data inert.
function fill(node, children) {
  node.append(...children.filter((c) => c !== null && c !== undefined)
    .map((c) => (typeof c === 'object' ? c : String(c))));
  return node;
}

function el(tag, attrs = {}, ...children) {
  return fill(setAttrs(document.createElement(tag), attrs), children);
}

function svg(tag, attrs = {}, ...children) {
  return fill(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);
}

const list = (value) => (Array.isArray(value) ? value : []);
const show = (value) => (value === null || value === undefined || value === '' ? '—' : String(value));

// Plain code-point comparison: localeCompare depends on the browser's locale,
// and the layout must be identical everywhere.
function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedBy(items, ...keys) {
  return [...items].sort((x, y) => {
    for (const key of keys) {
      const c = cmp(key(x), key(y));
      if (c !== 0) return c;
    }
    return 0;
  });
}

function setText(id, text) {
  const node = $(id);
  if (node.textContent !== text) node.textContent = text;
}

// toLocaleTimeString may give 12-hour clocks; the page promises HH:MM:SS.
function formatTime(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

const round = (v) => Math.round(v * 10) / 10;

// ---------------------------------------------------------------- token

// sessionStorage throws in some privacy modes; the page should still work
// for controllers without auth.
function readToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || null;
  } catch {
    return null;
  }
}

function writeToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    showError('Cannot store the token: session storage is unavailable.');
  }
}

function showTokenForm(rejected, status) {
  const form = $('token-form');
  setText('token-hint', rejected
    ? `The stored token was rejected (HTTP ${status}). Enter a new one.`
    : 'This controller requires an API token.');
  if (form.hidden) {
    form.hidden = false;
    // Focus only when the form appears, not on every poll, so typing isn't disturbed.
    $('token-input').focus();
  }
}

function hideTokenForm() {
  $('token-form').hidden = true;
}

function showError(message) {
  const box = $('error');
  if (box.textContent !== message) box.textContent = message;
  box.hidden = message === '';
}

// ---------------------------------------------------------------- polling

class AuthError extends Error {
  constructor(status) {
    super(`HTTP ${status}`);
    this.status = status;
  }
}

async function describeFailure(response) {
  let detail = response.statusText;
  // problem+json (RFC 9457) carries the human-readable reason in `detail`.
  if ((response.headers.get('Content-Type') || '').includes('json')) {
    try {
      const body = await response.json();
      if (body && typeof body.detail === 'string' && body.detail) detail = body.detail;
      else if (body && typeof body.title === 'string' && body.title) detail = body.title;
    } catch {
      // Unparseable error body: the status line is all we have.
    }
  }
  return `Controller answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
}

// The version of the topology last drawn (the answer's ETag): the controller answers 304 with no body while it has
// not changed, so an idle page costs it a header, not the whole topology every second.
let shownVersion = null;

// Resolves to the topology, or to null when it has not changed since the one drawn.
async function fetchTopology(token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (shownVersion) headers['If-None-Match'] = shownVersion;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  try {
    let response;
    try {
      response = await fetch(API_URL, { headers, cache: 'no-store', signal: abort.signal });
    } catch (err) {
      const why = err.name === 'AbortError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : err.message;
      throw new Error(`Cannot reach the controller: ${why}`);
    }
    if (response.status === 401 || response.status === 403) throw new AuthError(response.status);
    if (response.status === 304) return null;
    if (!response.ok) throw new Error(await describeFailure(response));
    try {
      const topology = await response.json();
      shownVersion = response.headers.get('ETag');
      return topology;
    } catch {
      throw new Error('The controller sent a response that is not valid JSON.');
    }
  } finally {
    clearTimeout(timer);
  }
}

// One poll at a time: the next one is scheduled only after the previous
// finished, so slow answers never pile up or arrive out of order.
const poller = { timer: null, inFlight: false, again: false };

function schedule(delay) {
  clearTimeout(poller.timer);
  poller.timer = setTimeout(poll, delay);
}

async function poll() {
  poller.timer = null;
  poller.inFlight = true;
  try {
    await refresh();
  } finally {
    poller.inFlight = false;
    const delay = poller.again ? 0 : POLL_MS;
    poller.again = false;
    schedule(delay);
  }
}

// Used after saving a token: if a request is running (with the old token),
// poll again as soon as it finishes instead of starting a parallel one.
function pollNow() {
  if (poller.inFlight) poller.again = true;
  else schedule(0);
}

async function refresh() {
  const token = readToken();
  let topology;
  try {
    topology = await fetchTopology(token);
  } catch (err) {
    // Keep the last good picture on screen, but mark it as stale.
    document.body.dataset.state = 'stale';
    if (err instanceof AuthError) {
      showError('');
      showTokenForm(token !== null, err.status);
    } else {
      showError(err.message);
    }
    return;
  }
  document.body.dataset.state = 'ok';
  hideTokenForm();
  showError('');
  if (topology !== null) render(topology);
  const now = new Date();
  setText('updated', formatTime(now));
  $('updated').title = now.toISOString();
}

// ---------------------------------------------------------------- rendering

function render(topology) {
  const hosts = sortedBy(list(topology.hosts), (h) => h.name);
  const networks = sortedBy(list(topology.networks), (n) => n.name);
  const endpoints = sortedBy(list(topology.endpoints), (e) => e.network, (e) => e.name, (e) => e.id);
  const tunnels = list(topology.tunnels);

  setText('count-hosts', String(hosts.length));
  setText('count-networks', String(networks.length));
  setText('count-endpoints', String(endpoints.length));
  setText('count-ready', String(hosts.filter((h) => h.ready === true).length));

  const perHost = new Map();
  for (const e of endpoints) perHost.set(e.host, (perHost.get(e.host) || 0) + 1);

  renderMap(hosts, tunnels, perHost);
  renderHosts(hosts);
  renderNetworks(networks, endpoints);
}

// Hosts evenly on a circle, first one at the top, going clockwise
// (SVG's y axis points down, so increasing angles turn clockwise).
function layout(names) {
  const positions = new Map();
  if (names.length === 1) {
    positions.set(names[0], { x: MAP.cx, y: MAP.cy });
    return positions;
  }
  names.forEach((name, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / names.length;
    positions.set(name, {
      x: round(MAP.cx + MAP.radius * Math.cos(angle)),
      y: round(MAP.cy + MAP.radius * Math.sin(angle)),
    });
  });
  return positions;
}

function renderMap(hosts, tunnels, perHost) {
  const positions = layout(hosts.map((h) => h.name));

  const lines = [];
  const pairs = tunnels
    .filter((t) => list(t.hosts).length === 2)
    .map((t) => ({ ends: [...t.hosts].sort(cmp), networks: [...list(t.networks)].sort(cmp) }));
  for (const { ends: [a, b], networks } of sortedBy(pairs, (p) => p.ends[0], (p) => p.ends[1])) {
    const pa = positions.get(a);
    const pb = positions.get(b);
    if (!pa || !pb) continue; // an end we have no host for: nothing to anchor the line to
    lines.push(svg('line', {
      class: 'tunnel', 'data-tunnel': `${a}|${b}`, x1: pa.x, y1: pa.y, x2: pb.x, y2: pb.y,
    }, svg('title', {}, `Tunnel ${a} – ${b}: ${networks.length ? networks.join(', ') : 'no networks'}`)));
  }
  // Tunnels live in their own group below the hosts so circles cover line ends.
  $('map-tunnels').replaceChildren(...lines);

  const nodes = hosts.map((h) => {
    const { x, y } = positions.get(h.name);
    const count = perHost.get(h.name) || 0;
    const r = MAP.hostRadius;
    return svg('g', {
      class: 'host', 'data-host': h.name, 'data-ready': String(h.ready === true),
      transform: `translate(${x} ${y})`,
    },
    svg('title', {}, `${h.name}: ${readiness(h)}; ${count} endpoint${count === 1 ? '' : 's'}`),
    svg('circle', { class: 'host-node', r }),
    svg('text', { class: 'host-label', y: r + 16, 'text-anchor': 'middle' }, h.name),
    svg('g', { class: 'badge', transform: `translate(${round(r * 0.75)} ${round(-r * 0.75)})` },
      svg('circle', { r: MAP.badgeRadius }),
      svg('text', { 'text-anchor': 'middle', dy: '0.35em' }, String(count))));
  });
  if (nodes.length === 0) {
    nodes.push(svg('text', { class: 'empty', x: MAP.cx, y: MAP.cy, 'text-anchor': 'middle' }, 'No hosts reported'));
  }
  $('map-hosts').replaceChildren(...nodes);
}

function readiness(host) {
  return host.ready === true ? 'ready' : `not ready: ${host.notReadyReason || 'unknown reason'}`;
}

function stateCell(value) {
  return el('td', { 'data-state': value || 'unknown' }, show(value));
}

function renderHosts(hosts) {
  const rows = hosts.map((h) => el('tr', { 'data-host': h.name, 'data-ready': String(h.ready === true) },
    el('th', { scope: 'row', title: h.datapathId ? `datapath ${h.datapathId} (${show(h.datapathType)})` : null }, h.name),
    el('td', {}, show(h.tunnelIp)),
    stateCell(h.ovsdb),
    stateCell(h.openflow),
    el('td', { 'data-state': h.tunnel || 'unknown' }, show(h.tunnel),
      h.tunnelDetail ? el('span', { class: 'detail' }, h.tunnelDetail) : null),
    el('td', { class: 'reason' }, readiness(h))));
  if (rows.length === 0) rows.push(emptyRow(6, 'No hosts reported.'));
  $('hosts').tBodies[0].replaceChildren(...rows);
}

function emptyRow(columns, text) {
  return el('tr', { class: 'empty' }, el('td', { colspan: columns }, text));
}

function renderNetworks(networks, endpoints) {
  const byNetwork = new Map();
  for (const e of endpoints) {
    if (!byNetwork.has(e.network)) byNetwork.set(e.network, []);
    byNetwork.get(e.network).push(e);
  }

  const blocks = sortedBy(networks, (n) => n.vni, (n) => n.name)
    .map((n) => networkBlock(n, byNetwork.get(n.name) || []));

  // Endpoints naming a network the controller didn't list would otherwise
  // vanish from the page; show them so the inconsistency is visible.
  const known = new Set(networks.map((n) => n.name));
  for (const [name, members] of byNetwork) {
    if (!known.has(name)) blocks.push(networkBlock({ name, vni: null }, members, true));
  }

  const heading = $('networks-heading');
  if (blocks.length === 0) blocks.push(el('p', { class: 'empty' }, 'No networks defined.'));
  $('networks').replaceChildren(heading, ...blocks);
}

// <div> groups inside <dl> are valid HTML and keep each term with its value.
function fact(term, value) {
  return el('div', {}, el('dt', {}, term), el('dd', {}, show(value)));
}

function networkBlock(n, members, orphan = false) {
  const facts = orphan
    ? [fact('Note', 'network not reported by the controller')]
    : [
      fact('Subnet', n.subnet),
      fact('Gateway', n.gateway),
      fact('MTU', n.mtu),
      n.router ? fact('Router', n.router) : null,
      n.deletion ? fact('Deleting', n.deletion) : null,
    ];

  const rows = members.map((e) => el('tr', { 'data-endpoint': e.id, 'data-status': e.status || 'unknown' },
    el('th', { scope: 'row' }, show(e.name)),
    el('td', {}, show(e.ip)),
    el('td', { class: 'mono' }, show(e.mac)),
    el('td', {}, show(e.host)),
    el('td', {}, show(e.ofport)),
    el('td', { class: 'status' }, el('span', { class: 'status-label' }, show(e.status)),
      e.problem ? el('span', { class: 'problem' }, ` — ${e.problem}`) : null)));
  if (rows.length === 0) rows.push(emptyRow(6, 'No endpoints.'));

  return el('div', {
    class: orphan ? 'network orphan' : n.deletion ? 'network deleting' : 'network',
    'data-network': n.name,
    'data-vni': n.vni ?? '',
  },
  el('h3', {}, n.name, ' ', el('span', { class: 'vni' }, `VNI ${show(n.vni)}`)),
  fill(el('dl', { class: 'facts' }), facts),
  el('table', { class: 'endpoints' },
    el('caption', { class: 'visually-hidden' }, `Endpoints on ${n.name}`),
    el('thead', {}, el('tr', {}, ...['Endpoint', 'IP', 'MAC', 'Host', 'OF port', 'Status']
      .map((label) => el('th', { scope: 'col' }, label)))),
    el('tbody', {}, ...rows)));
}

// ---------------------------------------------------------------- start

function saveToken(event) {
  event.preventDefault(); // stay on the page; the form is never really submitted
  const input = $('token-input');
  // People often paste the whole header value; the prefix is added on send.
  const token = input.value.trim().replace(/^Bearer\s+/i, '');
  input.value = '';
  writeToken(token);
  pollNow();
}

$('token-form').addEventListener('submit', saveToken);
poll();
