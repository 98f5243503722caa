// A small markdown renderer for study notes that builds DOM nodes with textContent only (no HTML
// parsing, so notes can never inject markup): # headings, - / * / 1. lists, ``` code blocks,
// paragraphs, and inline **bold**, *italic* and `code`.

const INLINE = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*]+\*)/;

function inline(parent, text) {
  for (const part of text.split(INLINE)) {
    if (part === '') continue;
    let el;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) el = Object.assign(document.createElement('strong'), { textContent: part.slice(2, -2) });
    else if (part.startsWith('`') && part.endsWith('`') && part.length > 2) el = Object.assign(document.createElement('code'), { textContent: part.slice(1, -1) });
    else if (part.startsWith('*') && part.endsWith('*') && part.length > 2) el = Object.assign(document.createElement('em'), { textContent: part.slice(1, -1) });
    else el = document.createTextNode(part);
    parent.appendChild(el);
  }
  return parent;
}

function block(tag, text) {
  return inline(document.createElement(tag), text);
}

/** The nodes of `source` rendered as markdown. */
export function renderMarkdown(source) {
  const out = [];
  let list = null;
  let code = null;
  let paragraph = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(block('p', paragraph.join(' ')));
    paragraph = [];
  };
  for (const line of source.split('\n')) {
    if (code !== null) {
      if (line.trim().startsWith('```')) { out.push(Object.assign(document.createElement('pre'), { textContent: code.join('\n') })); code = null; } else code.push(line);
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    const item = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(line);
    if (!item) list = null;
    if (line.trim().startsWith('```')) { flush(); code = []; } else if (heading) { flush(); out.push(block(`h${heading[1].length + 2}`, heading[2])); } else if (item) {
      flush();
      if (!list) { list = document.createElement(/^\s*\d+\./.test(line) ? 'ol' : 'ul'); out.push(list); }
      list.appendChild(block('li', item[1]));
    } else if (line.trim() === '') flush();
    else paragraph.push(line.trim());
  }
  flush();
  if (code !== null) out.push(Object.assign(document.createElement('pre'), { textContent: code.join('\n') }));
  return out;
}
