// A tiny, safe Markdown-to-HTML for the viewer: headings, paragraphs, lists, tables, `code`, **bold**.
// Every piece of text is escaped first; no HTML from the input ever reaches the page.

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function inline(text) {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

const isTableRow = line => /^\s*\|.*\|\s*$/.test(line);
const isTableRule = line => /^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$/.test(line);
const cellsOf = line => line.trim().replace(/^\||\|$/g, '').split('|').map(c => c.trim());
const listItem = line => /^\s*(?:[-*+]|(\d{1,3})[.)])\s+(.*)$/.exec(line);

/** Renders Markdown text to an HTML string. */
export function renderMarkdown(markdown) {
  const lines = String(markdown).replace(/\r\n?/g, '\n').split('\n');
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
      i++;
      continue;
    }
    if (isTableRow(line) && i + 1 < lines.length && isTableRule(lines[i + 1])) {
      const head = cellsOf(line).map(c => `<th>${inline(c)}</th>`).join('');
      const rows = [];
      i += 2;
      while (i < lines.length && isTableRow(lines[i])) {
        rows.push(`<tr>${cellsOf(lines[i]).map(c => `<td>${inline(c)}</td>`).join('')}</tr>`);
        i++;
      }
      out.push(`<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`);
      continue;
    }
    const item = listItem(line);
    if (item) {
      const ordered = item[1] !== undefined;
      const items = [];
      let match;
      while (i < lines.length && (match = listItem(lines[i])) && (match[1] !== undefined) === ordered) {
        items.push(`<li>${inline(match[2])}</li>`);
        i++;
      }
      const start = ordered && item[1] !== '1' ? ` start="${Number(item[1])}"` : '';
      out.push(ordered ? `<ol${start}>${items.join('')}</ol>` : `<ul>${items.join('')}</ul>`);
      continue;
    }
    const paragraph = [];
    while (i < lines.length && lines[i].trim() && !/^#{1,6}\s/.test(lines[i]) && !listItem(lines[i]) && !isTableRow(lines[i])) {
      paragraph.push(lines[i].trim());
      i++;
    }
    if (paragraph.length === 0) { paragraph.push(lines[i].trim()); i++; }
    out.push(`<p>${inline(paragraph.join(' '))}</p>`);
  }
  return out.join('\n');
}

/** The Markdown of one block, as folio writes it (src/Folio.Pipeline/Activities/MarkdownBlocks.cs). */
export function blockMarkdown(block) {
  const text = String(block.text ?? '').trim();
  switch (block.kind) {
    case 'title': return `# ${text}`;
    case 'heading': return `${'#'.repeat(Math.min(Math.max((block.level ?? 1) + 1, 2), 6))} ${text}`;
    case 'listItem':
      if (/^[•●▪◦‣∙·\-–*]\s+/.test(text)) return text.replace(/^[•●▪◦‣∙·\-–*]\s+/, '- ');
      return /^\d{1,3}[.)]\s/.test(text) ? text : `- ${text}`;
    default: return text;
  }
}

/** A table block from its cells (spans included), so HTML in its text is never needed. */
export function renderTable(table) {
  const rows = Array.from({ length: table.rows }, () => []);
  for (const cell of table.cells ?? []) {
    if (rows[cell.row]) rows[cell.row].push(cell);
  }
  const html = rows.map((cells, r) => {
    const tag = r === 0 ? 'th' : 'td';
    const body = cells.sort((a, b) => a.column - b.column).map(c => {
      const span = (c.rowSpan > 1 ? ` rowspan="${Number(c.rowSpan)}"` : '') + (c.columnSpan > 1 ? ` colspan="${Number(c.columnSpan)}"` : '');
      return `<${tag}${span}>${inline(c.text)}</${tag}>`;
    }).join('');
    return `<tr>${body}</tr>`;
  });
  return `<table><thead>${html.slice(0, 1).join('')}</thead><tbody>${html.slice(1).join('')}</tbody></table>`;
}

/** HTML of one block for the Markdown pane. */
export function blockHtml(block) {
  return block.kind === 'table' && block.table ? renderTable(block.table) : renderMarkdown(blockMarkdown(block));
}

/** Parses a page selection such as "1-3,7" or "all" against a page count; throws on nonsense. */
export function parsePages(text, count) {
  const value = String(text ?? '').trim().toLowerCase();
  if (value === '' || value === 'all') return Array.from({ length: count }, (_, i) => i + 1);
  const pages = new Set();
  for (const part of value.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new Error(`'${part.trim()}' is not a page or a range such as 2-5`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to < from) throw new Error(`'${part.trim()}' is not a page or a range such as 2-5`);
    for (let p = from; p <= Math.min(to, count); p++) pages.add(p);
  }
  if (pages.size === 0) throw new Error(`the document has ${count} page${count === 1 ? '' : 's'}`);
  return [...pages].sort((a, b) => a - b);
}
