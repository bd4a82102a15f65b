// The review page's behaviour: evidence highlighting, inline sentence editing, code accept/remove/add with search.
// The server renders everything readable without this script; the draft itself comes from #draft-data, and edits
// leave as one edited note in the decision form's editedNote field when the reviewer approves.
(() => {
  'use strict';
  document.documentElement.classList.add('js');

  const dataElement = document.getElementById('draft-data');
  if (!dataElement) {
    return;
  }

  const draft = JSON.parse(dataElement.textContent);
  const sentences = draft.sections.map(section => section.sentences.map(sentence => ({ ...sentence })));
  const removedSentences = new Set();
  const codes = draft.codes.map(code => ({ ...code, removed: false, added: false }));
  const sourceTexts = new Map(draft.sources.map(source => [source.sourceId, source.text]));
  const sourceElements = new Map([...document.querySelectorAll('.source')].map(el => [el.dataset.sourceId, el]));
  const evidenceStatus = document.getElementById('evidence-status');
  const editStatus = document.getElementById('edit-status');
  const form = document.getElementById('decision');

  // Highlighting: every source is re-rendered from its text with the cited spans in <mark>; text nodes only, no HTML.
  function highlight(evidence, selected) {
    document.querySelectorAll('.selected').forEach(el => el.classList.remove('selected'));
    selected.classList.add('selected');
    for (const [sourceId, element] of sourceElements) {
      const text = sourceTexts.get(sourceId) ?? '';
      const spans = evidence.filter(e => e.sourceId === sourceId).sort((a, b) => a.start - b.start);
      const pre = element.querySelector('.source-text');
      pre.replaceChildren();
      let at = 0;
      for (const span of spans) {
        const start = Math.max(span.start, at);
        const end = Math.min(span.start + span.length, text.length);
        if (end <= start) {
          continue;
        }
        pre.append(text.slice(at, start));
        const mark = document.createElement('mark');
        mark.textContent = text.slice(start, end);
        pre.append(mark);
        at = end;
      }
      pre.append(text.slice(at));
      element.classList.toggle('cited', spans.length > 0);
    }

    const missing = [...new Set(evidence.map(e => e.sourceId))].filter(id => !sourceElements.has(id));
    evidenceStatus.textContent = evidence.length === 0
      ? 'No source evidence: added by the reviewer.'
      : `${evidence.length} evidence span${evidence.length === 1 ? '' : 's'} in ${[...new Set(evidence.map(e => e.sourceId))].join(', ')}`
        + (missing.length > 0 ? ` (not among the draft's sources: ${missing.join(', ')})` : '');
    document.querySelector('#sources mark')?.scrollIntoView({ block: 'nearest' });
  }

  function finalNote() {
    return {
      ...draft,
      sections: draft.sections.map((section, i) => ({
        ...section,
        sentences: sentences[i].filter((_, j) => !removedSentences.has(`${i}.${j}`)).map(({ edited, ...sentence }) => sentence),
      })),
      codes: codes.filter(code => !code.removed).map(({ removed, added, ...code }) => code),
    };
  }

  function edited() {
    return JSON.stringify(finalNote()) !== JSON.stringify(draft);
  }

  function updateStatus() {
    if (!editStatus) {
      return;
    }
    const changes = sentences.flat().filter(s => s.edited).length + removedSentences.size
      + codes.filter(c => c.removed !== c.added).length;
    const dirty = edited();
    editStatus.textContent = dirty
      ? `${changes} change${changes === 1 ? '' : 's'}; Approve saves the note as edited.`
      : 'No edits.';
    editStatus.classList.toggle('dirty', dirty);
  }

  // Sentences: select to see evidence, edit in place, remove or restore.
  for (const item of document.querySelectorAll('.sentence')) {
    const i = Number(item.dataset.sectionIndex);
    const j = Number(item.dataset.sentenceIndex);
    const text = item.querySelector('.text');
    const editButton = item.querySelector('.edit-sentence');
    const removeButton = item.querySelector('.remove-sentence');
    const select = () => highlight(sentences[i][j].evidence, item);

    item.addEventListener('click', event => {
      if (!event.target.closest('button, textarea')) {
        select();
      }
    });
    item.addEventListener('keydown', event => {
      if (event.key === 'Enter' && event.target === item) {
        select();
      }
    });

    editButton.addEventListener('click', () => {
      const editor = item.querySelector('textarea');
      if (editor) {
        const value = editor.value.replace(/\s+/g, ' ').trim();
        if (value.length > 0) {
          sentences[i][j].text = value;
          sentences[i][j].edited = value !== draft.sections[i].sentences[j].text;
        }
        text.textContent = sentences[i][j].text;
        editor.replaceWith(text);
        editButton.textContent = 'Edit';
        item.classList.remove('editing');
        item.classList.toggle('edited', Boolean(sentences[i][j].edited));
        updateStatus();
        return;
      }
      const area = document.createElement('textarea');
      area.rows = 3;
      area.value = sentences[i][j].text;
      area.setAttribute('aria-label', 'Sentence text');
      text.replaceWith(area);
      editButton.textContent = 'Done';
      item.classList.add('editing');
      select();
      area.focus();
    });

    removeButton.addEventListener('click', () => {
      const key = `${i}.${j}`;
      const removed = !removedSentences.delete(key);
      if (removed) {
        removedSentences.add(key);
      }
      item.classList.toggle('removed', removed);
      removeButton.textContent = removed ? 'Restore' : 'Remove';
      updateStatus();
    });
  }

  // Codes: select to see evidence; remove/restore a proposed one; added ones are simply taken out again.
  function wireCodeRow(row, code) {
    row.addEventListener('click', event => {
      if (!event.target.closest('button')) {
        highlight(code.evidence, row);
      }
    });
    row.addEventListener('keydown', event => {
      if (event.key === 'Enter' && event.target === row) {
        highlight(code.evidence, row);
      }
    });
    const toggle = row.querySelector('.toggle-code');
    toggle.addEventListener('click', () => {
      if (code.added) {
        codes.splice(codes.indexOf(code), 1);
        row.remove();
      } else {
        code.removed = !code.removed;
        row.classList.toggle('removed', code.removed);
        toggle.textContent = code.removed ? 'Restore' : 'Remove';
      }
      updateStatus();
    });
  }

  document.querySelectorAll('tr.code').forEach(row => wireCodeRow(row, codes[Number(row.dataset.codeIndex)]));

  function addCode(result) {
    const code = { system: result.system, code: result.code, display: result.display, confidence: 1, rule: 'reviewer', evidence: [], removed: false, added: true };
    codes.push(code);
    const row = document.createElement('tr');
    row.className = 'code added';
    row.tabIndex = 0;
    const cells = [result.code, result.display, 'added', 'reviewer'].map(value => {
      const cell = document.createElement('td');
      cell.textContent = value;
      return cell;
    });
    cells[0].className = 'code-value';
    cells[3].className = 'muted';
    const last = document.createElement('td');
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'toggle-code';
    remove.textContent = 'Remove';
    last.append(remove);
    row.append(...cells, last);
    document.getElementById('code-rows').append(row);
    document.getElementById('no-codes')?.remove();
    wireCodeRow(row, code);
    updateStatus();
  }

  const search = document.getElementById('code-search');
  const results = document.getElementById('code-results');
  let pending;
  let latest = 0;
  search.addEventListener('input', () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const query = search.value.trim();
      const ticket = ++latest;
      if (query.length === 0) {
        results.replaceChildren();
        return;
      }
      const response = await fetch(`/api/codes?q=${encodeURIComponent(query)}&limit=10`, { headers: { Accept: 'application/json' } });
      const found = response.ok ? await response.json() : [];
      if (ticket !== latest) {
        return;
      }
      results.replaceChildren(...(found.length === 0 ? [Object.assign(document.createElement('li'), { textContent: 'No matching code.', className: 'muted' })] : found.map(result => {
        const item = document.createElement('li');
        const add = document.createElement('button');
        add.type = 'button';
        add.className = 'add-code-result';
        add.dataset.code = result.code;
        const present = codes.some(c => c.system === result.system && c.code === result.code && !c.removed);
        add.textContent = present ? 'In note' : result.billable ? 'Add' : 'Header';
        add.disabled = present || !result.billable;
        add.title = result.billable ? '' : 'A category header, not a code to assign';
        add.addEventListener('click', () => {
          addCode(result);
          add.textContent = 'In note';
          add.disabled = true;
        });
        const label = document.createElement('span');
        label.textContent = ` ${result.code} ${result.display}`;
        item.append(add, label);
        return item;
      })));
    }, 150);
  });

  // The decision: approve carries the edited note (when there is one); who decides is the signed-in reviewer.
  if (form) {
    form.addEventListener('submit', event => {
      const action = event.submitter?.getAttribute('formaction') ?? form.getAttribute('action');
      document.getElementById('edited-note').value = action.endsWith('/approve') && edited() ? JSON.stringify(finalNote()) : '';
      if (action.endsWith('/reject') && document.getElementById('reason').value.trim().length === 0) {
        event.preventDefault();
        document.getElementById('reason').focus();
        editStatus.textContent = 'A rejection needs a reason.';
      }
    });
  }
})();
