// SPDX-License-Identifier: AGPL-3.0-or-later
// The rich-text editor: a progressive enhancement of every `textarea[data-rich]`. The textarea
// holds Markdown and works on its own without JavaScript; this script adds a toolbar (bold,
// italic, heading, lists, link) that writes Markdown around the selection, and an "Aperçu"
// (preview) button that asks the server to render the text (`POST /apercu`, the same
// Markdown → sanitized HTML as on save). The toolbar's words come from the page's
// `<template id="rich-editor">` (translated by the server); ARIA toolbar pattern: one tab stop,
// arrow keys move between buttons.
(function () {
  'use strict';

  const template = document.getElementById('rich-editor');
  if (!template) return;

  // Wraps the selection in `mark` (or a placeholder word, selected, when nothing is selected).
  function wrap(ta, mark, placeholder) {
    const { selectionStart: s, selectionEnd: e, value } = ta;
    const inner = value.slice(s, e) || placeholder;
    replace(ta, s, e, mark + inner + mark);
    ta.setSelectionRange(s + mark.length, s + mark.length + inner.length);
  }

  // Prefixes every line the selection touches (`## `, `- `, `1. `…); `numbered` counts up.
  function prefixLines(ta, prefix, numbered) {
    const { selectionStart: s, selectionEnd: e, value } = ta;
    const start = value.lastIndexOf('\n', s - 1) + 1;
    let end = value.indexOf('\n', e);
    if (end === -1) end = value.length;
    const lines = value.slice(start, end).split('\n');
    // A list (starting at 1) or a heading may follow a paragraph's line directly: no blank
    // line needed, and consecutive items stay one tight list.
    const out = lines.map((l, i) => (numbered ? `${i + 1}. ` : prefix) + l).join('\n');
    replace(ta, start, end, out);
    ta.setSelectionRange(start, start + out.length);
  }

  function link(ta, placeholder) {
    const { selectionStart: s, selectionEnd: e, value } = ta;
    const text = value.slice(s, e) || placeholder;
    const url = 'https://';
    replace(ta, s, e, `[${text}](${url})`);
    // The address is selected, ready to be typed over.
    const at = s + text.length + 3;
    ta.setSelectionRange(at, at + url.length);
  }

  // Replaces a range keeping the browser's undo history where it can.
  function replace(ta, start, end, text) {
    ta.focus();
    ta.setSelectionRange(start, end);
    let done = false;
    try {
      done = document.execCommand('insertText', false, text);
    } catch (_) {
      done = false;
    }
    if (!done || ta.value.slice(start, start + text.length) !== text) {
      ta.setRangeText(text, start, end, 'end');
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  function enhance(ta) {
    const parts = template.content.cloneNode(true);
    const toolbar = parts.querySelector('.rich-toolbar');
    const preview = parts.querySelector('.rich-preview');
    const buttons = Array.from(toolbar.querySelectorAll('button'));
    const previewButton = toolbar.querySelector('[data-md=preview]');
    const words = toolbar.dataset;
    toolbar.setAttribute('aria-controls', ta.id);
    preview.id = `${ta.id}-preview`;
    previewButton.setAttribute('aria-controls', preview.id);
    ta.parentNode.insertBefore(toolbar, ta);
    ta.parentNode.insertBefore(preview, ta.nextSibling);
    ta.classList.add('rich-input');

    // One tab stop in the toolbar, arrows move (ARIA toolbar pattern).
    buttons.forEach((b, i) => { b.tabIndex = i === 0 ? 0 : -1; });
    toolbar.addEventListener('keydown', (ev) => {
      const i = buttons.indexOf(document.activeElement);
      if (i === -1) return;
      let j = null;
      if (ev.key === 'ArrowRight') j = (i + 1) % buttons.length;
      else if (ev.key === 'ArrowLeft') j = (i - 1 + buttons.length) % buttons.length;
      else if (ev.key === 'Home') j = 0;
      else if (ev.key === 'End') j = buttons.length - 1;
      if (j === null) return;
      ev.preventDefault();
      buttons[i].tabIndex = -1;
      buttons[j].tabIndex = 0;
      buttons[j].focus();
    });

    const act = (what) => {
      if (what === 'bold') wrap(ta, '**', words.text);
      else if (what === 'italic') wrap(ta, '*', words.text);
      else if (what === 'heading') prefixLines(ta, '## ', false);
      else if (what === 'list') prefixLines(ta, '- ', false);
      else if (what === 'numbered') prefixLines(ta, '', true);
      else if (what === 'link') link(ta, words.linkText);
    };

    async function showPreview(on) {
      previewButton.setAttribute('aria-pressed', on ? 'true' : 'false');
      buttons.forEach((b) => { if (b !== previewButton) b.disabled = on; });
      preview.hidden = !on;
      ta.hidden = on;
      if (!on) {
        ta.focus();
        return;
      }
      preview.textContent = words.loading;
      try {
        const res = await fetch('/apercu', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ text: ta.value }),
        });
        if (!res.ok) throw new Error(String(res.status));
        // Sanitized by the server (ammonia), like the page that will show it.
        const html = await res.text();
        if (html.trim() === '') preview.textContent = words.empty;
        else preview.innerHTML = html;
      } catch (_) {
        preview.textContent = words.error;
      }
    }

    toolbar.addEventListener('click', (ev) => {
      const b = ev.target.closest('button');
      if (!b || b.disabled) return;
      buttons.forEach((x) => { x.tabIndex = x === b ? 0 : -1; });
      if (b === previewButton) showPreview(previewButton.getAttribute('aria-pressed') !== 'true');
      else act(b.dataset.md);
    });

    ta.addEventListener('keydown', (ev) => {
      if (!(ev.ctrlKey || ev.metaKey) || ev.altKey || ev.shiftKey) return;
      const k = ev.key.toLowerCase();
      if (k === 'b') { ev.preventDefault(); act('bold'); } else if (k === 'i') { ev.preventDefault(); act('italic'); }
    });

    // A form sent while the preview shows still sends the textarea (hidden, not disabled); a
    // required one left empty comes back into view so that the browser can point at it.
    ta.addEventListener('invalid', () => { if (ta.hidden) showPreview(false); });
  }

  document.querySelectorAll('textarea[data-rich]').forEach(enhance);
})();
