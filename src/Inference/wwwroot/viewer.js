// The viewer: reads a file through the service (or opens a folio document JSON), then shows each page with
// its blocks and lines, the Markdown beside it, and lets you move between blocks with the keyboard.
import { apiKey, needsRender, ocrPage, renderPage, ServiceError } from './api.js';
import { drawMessage, drawPage, kindName } from './overlay.js';
import { blockHtml, parsePages } from './markdown.js';

const $ = id => document.getElementById(id);
const ui = {
  form: $('controls'), file: $('file'), pages: $('pages'), dpi: $('dpi'), key: $('api-key'),
  status: $('status'), error: $('error'), stage: $('stage'), markdown: $('markdown'), tip: $('tip'),
  prev: $('prev'), next: $('next'), label: $('page-label'), download: $('download'), drop: $('drop'),
};

const state = { name: '', pages: [], images: [], current: 0, blocks: [], source: null, run: 0 };

ui.key.value = apiKey.get();
ui.key.addEventListener('change', () => apiKey.set(ui.key.value.trim()));

function say(text) { ui.status.textContent = text; }
function fail(message) {
  ui.error.textContent = message;
  ui.error.hidden = false;
  say('Stopped.');
}
function clearError() { ui.error.hidden = true; ui.error.textContent = ''; }

const isJson = file => /\.json$/i.test(file.name) || file.type === 'application/json';

async function open(files) {
  const list = [...files];
  if (list.length === 0) return;
  const json = list.find(isJson);
  const source = list.find(f => !isJson(f)) ?? null;
  clearError();
  const run = ++state.run;
  try {
    if (json) await openDocument(json, source, run);
    else await readSource(source, run);
  } catch (e) {
    if (run !== state.run) return;
    fail(e instanceof ServiceError || e instanceof Error ? e.message : String(e));
    if (state.pages.length === 0) drawMessage(ui.stage, 'Nothing to show: see the message above.');
  }
}

function reset(name, source) {
  state.images.forEach(url => url && url.startsWith('blob:') && URL.revokeObjectURL(url));
  Object.assign(state, { name, pages: [], images: [], current: 0, blocks: [], source });
  ui.markdown.replaceChildren();
  ui.download.disabled = true;
  updatePager();
}

/** OCRs the selected pages of an image or PDF, one request per page. */
async function readSource(file, run) {
  reset(file.name.replace(/\.[^.]+$/, ''), file);
  const dpi = Number(ui.dpi.value) || 150;
  let count = 1;
  let first = null;
  if (needsRender(file)) {
    say(`Rendering ${file.name}…`);
    first = await renderPage(file, 1, dpi);
    count = first.pageCount;
  }
  const pages = needsRender(file) ? parsePages(ui.pages.value, count) : [1];
  for (const [i, page] of pages.entries()) {
    if (run !== state.run) return;
    say(`Reading page ${page} (${i + 1} of ${pages.length})…`);
    const image = !needsRender(file) ? URL.createObjectURL(file)
      : page === 1 && first ? first.url : (await renderPage(file, page, dpi)).url;
    const result = await ocrPage(file, page, dpi);
    if (run !== state.run) return;
    state.pages.push(result);
    state.images.push(image);
    ui.download.disabled = false;
    if (i === 0) show(0); else updatePager();
  }
  const lines = state.pages.reduce((n, p) => n + p.blocks.reduce((m, b) => m + (b.lines?.length ?? 0), 0), 0);
  say(`${file.name}: ${state.pages.length} page${state.pages.length === 1 ? '' : 's'} read, ${lines} lines.`);
}

/** Opens a document JSON written by folio (or one PageResult); page images come from `source` when given. */
async function openDocument(file, source, run) {
  const doc = JSON.parse(await file.text());
  const pages = Array.isArray(doc.pages) ? doc.pages : doc.blocks ? [doc] : null;
  if (!pages) throw new Error(`${file.name} is not a Folio document: it has no pages.`);
  reset(doc.source?.name?.replace(/\.[^.]+$/, '') ?? file.name.replace(/\.json$/i, ''), source);
  state.pages = pages;
  state.images = pages.map(() => null);
  if (source && !needsRender(source)) state.images = pages.map(() => URL.createObjectURL(source));
  ui.download.disabled = false;
  say(`${file.name}: ${pages.length} page${pages.length === 1 ? '' : 's'}${source ? `, images from ${source.name}` : ', without page images'}.`);
  if (run === state.run) await show(0);
}

async function show(index) {
  state.current = index;
  const page = state.pages[index];
  updatePager();
  if (!page) return;
  if (page.status === 'failed' || !(page.width > 0)) {
    drawMessage(ui.stage, `Page ${page.index} could not be read: ${page.error ?? 'no reason given'}`);
    state.blocks = [];
    ui.markdown.replaceChildren();
    return;
  }
  if (state.images[index] === null && state.source && needsRender(state.source)) {
    try {
      state.images[index] = (await renderPage(state.source, page.index, Math.round(page.dpi ?? (Number(ui.dpi.value) || 150)))).url;
    } catch (e) {
      state.images[index] = '';
      fail(`Page ${page.index} drawn without its image: ${e.message}`);
    }
  }
  state.blocks = drawPage(ui.stage, page, state.images[index] || null);
  renderMarkdown(page);
}

function renderMarkdown(page) {
  const sections = [...page.blocks].sort((a, b) => a.order - b.order).map(block => {
    const section = document.createElement('section');
    section.className = `md-block k-${block.kind}${block.repeated ? ' repeated' : ''}`;
    section.dataset.order = String(block.order);
    section.tabIndex = -1;
    section.setAttribute('aria-label', kindName(block.kind));
    section.innerHTML = blockHtml(block); // blockHtml escapes every piece of text
    section.addEventListener('click', () => select(block.order, { focusBlock: true }));
    return section;
  });
  ui.markdown.replaceChildren(...sections);
}

function select(order, { focusBlock = false } = {}) {
  for (const node of state.blocks) node.classList.toggle('selected', node.dataset.order === String(order));
  let target = null;
  for (const section of ui.markdown.children) {
    const on = section.dataset.order === String(order);
    section.classList.toggle('selected', on);
    if (on) target = section;
  }
  target?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  if (focusBlock) state.blocks.find(n => n.dataset.order === String(order))?.focus();
}

function updatePager() {
  const n = state.pages.length;
  const page = state.pages[state.current];
  ui.label.textContent = n ? `page ${page?.index ?? '?'} (${state.current + 1} of ${n})` : 'no page';
  ui.prev.disabled = state.current <= 0;
  ui.next.disabled = state.current >= n - 1;
}

// Blocks: focus selects; arrows, Home and End move; Page Up / Down turn pages.
ui.stage.addEventListener('focusin', e => {
  const block = e.target.closest?.('.block');
  if (block) select(block.dataset.order);
});
ui.stage.addEventListener('click', e => {
  const block = e.target.closest?.('.block');
  if (block) select(block.dataset.order, { focusBlock: true });
});
ui.stage.addEventListener('keydown', e => {
  const i = state.blocks.indexOf(e.target.closest?.('.block'));
  const last = state.blocks.length - 1;
  const to = { ArrowDown: i + 1, ArrowRight: i + 1, ArrowUp: i - 1, ArrowLeft: i - 1, Home: 0, End: last }[e.key];
  if (to !== undefined && i >= 0) {
    e.preventDefault();
    state.blocks[Math.max(0, Math.min(last, to))]?.focus();
  } else if (e.key === 'Enter' || e.key === ' ') {
    if (i >= 0) { e.preventDefault(); select(state.blocks[i].dataset.order); }
  } else if (e.key === 'PageDown' || e.key === 'PageUp') {
    e.preventDefault();
    turn(e.key === 'PageDown' ? 1 : -1, true);
  }
});

async function turn(delta, focus = false) {
  const to = state.current + delta;
  if (to < 0 || to >= state.pages.length) return;
  await show(to);
  if (focus) state.blocks[0]?.focus();
}

// Lines: hovering shows the text and confidence.
ui.stage.addEventListener('pointerover', e => {
  const line = e.target.closest?.('.line');
  if (!line) return;
  ui.tip.replaceChildren();
  const text = document.createElement('span');
  text.textContent = line.dataset.text;
  const confidence = document.createElement('small');
  confidence.textContent = `confidence ${Number(line.dataset.confidence).toFixed(3)}`;
  ui.tip.append(text, confidence);
  ui.tip.hidden = false;
});
ui.stage.addEventListener('pointermove', e => {
  if (ui.tip.hidden) return;
  const x = Math.min(e.clientX + 14, window.innerWidth - ui.tip.offsetWidth - 8);
  ui.tip.style.left = `${Math.max(8, x)}px`;
  ui.tip.style.top = `${e.clientY + 18}px`;
});
ui.stage.addEventListener('pointerout', e => { if (e.target.closest?.('.line')) ui.tip.hidden = true; });

ui.prev.addEventListener('click', () => turn(-1));
ui.next.addEventListener('click', () => turn(1));
ui.download.addEventListener('click', () => {
  const doc = { source: { name: state.name }, pageCount: state.pages.length, pages: state.pages };
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
  link.download = `${state.name || 'folio'}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

ui.file.addEventListener('change', () => open(ui.file.files));
ui.form.addEventListener('submit', e => {
  e.preventDefault();
  apiKey.set(ui.key.value.trim());
  if (ui.file.files.length) open(ui.file.files);
  else fail('Pick a file first.');
});

// Drag and drop anywhere on the page.
let depth = 0;
window.addEventListener('dragenter', e => { e.preventDefault(); depth++; ui.drop.hidden = false; });
window.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; ui.drop.hidden = true; } });
window.addEventListener('dragover', e => e.preventDefault());
window.addEventListener('drop', e => {
  e.preventDefault();
  depth = 0;
  ui.drop.hidden = true;
  open(e.dataTransfer.files);
});
