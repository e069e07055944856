// Draws a PageResult over its page: an SVG in page pixels (viewBox = width × height) laid over the image.

const SVG = 'http://www.w3.org/2000/svg';
export const LOW_CONFIDENCE = 0.8;

function el(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  return node;
}

const KIND_NAMES = { listItem: 'list item', pageHeader: 'page header', pageFooter: 'page footer', pageNumber: 'page number' };
export const kindName = kind => KIND_NAMES[kind] ?? kind;

function excerpt(text, words = 8) {
  const parts = String(text ?? '').split(/\s+/).filter(Boolean);
  return parts.slice(0, words).join(' ') + (parts.length > words ? '…' : '');
}

/**
 * Fills `stage` with the page: the image (or a blank page of the right size) and the SVG overlay.
 * Returns the block elements in reading order.
 */
export function drawPage(stage, page, imageUrl) {
  stage.replaceChildren();
  stage.classList.remove('empty');
  stage.style.aspectRatio = `${page.width} / ${page.height}`;
  stage.classList.toggle('blank', !imageUrl);
  if (imageUrl) {
    const img = document.createElement('img');
    img.src = imageUrl;
    img.alt = `Page ${page.index}`;
    img.className = 'page-image';
    // Boxes are on the page as it was read: a page read turned gets its image turned too.
    if (page.rotation === 180) img.style.transform = 'rotate(180deg)';
    stage.append(img);
  }
  const svg = el('svg', { viewBox: `0 0 ${page.width} ${page.height}`, preserveAspectRatio: 'none', class: 'overlay', role: 'group', 'aria-label': `Page ${page.index}: ${page.blocks.length} blocks` });
  const labelSize = Math.max(12, page.width / 70);
  const blocks = [...page.blocks].sort((a, b) => a.order - b.order);
  const nodes = blocks.map((block, i) => {
    const { left, top, right, bottom } = block.bbox;
    const lines = block.lines ?? [];
    const low = lines.filter(l => l.confidence < LOW_CONFIDENCE).length;
    const g = el('g', {
      class: `block k-${block.kind}`, tabindex: '0', role: 'button', 'data-order': String(block.order),
      'aria-label': `Block ${i + 1} of ${blocks.length}, ${kindName(block.kind)}, ${lines.length} line${lines.length === 1 ? '' : 's'}${low ? `, ${low} uncertain` : ''}: ${excerpt(block.text)}`,
    });
    g.append(el('rect', { class: 'block-box', x: left, y: top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) }));
    for (const line of lines) {
      const points = (line.polygon ?? []).map(p => `${p.x},${p.y}`).join(' ');
      const polygon = el('polygon', { class: line.confidence < LOW_CONFIDENCE ? 'line low' : 'line', points });
      polygon.dataset.text = line.text;
      polygon.dataset.confidence = String(line.confidence);
      g.append(polygon);
    }
    // The reading-order number sits in the margin left of the block, or just inside it at the page's edge.
    const inMargin = left > labelSize * 1.6;
    const label = el('text', {
      class: 'order', x: inMargin ? left - labelSize * 0.25 : left + 2, y: Math.max(labelSize, top + labelSize * 0.85),
      'font-size': labelSize, 'text-anchor': inMargin ? 'end' : 'start', 'aria-hidden': 'true',
    });
    label.textContent = String(i + 1);
    g.append(label);
    svg.append(g);
    return g;
  });
  stage.append(svg);
  return nodes;
}

/** Shows a message in place of the page (a failed page, an error). */
export function drawMessage(stage, message) {
  stage.replaceChildren();
  stage.style.aspectRatio = '';
  stage.classList.remove('blank');
  stage.classList.add('empty');
  const p = document.createElement('p');
  p.textContent = message;
  stage.append(p);
}
