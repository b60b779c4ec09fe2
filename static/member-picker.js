/* Maillage — the booking forms' member field (managers): as the manager types a few letters of
 * a name or an address, the place's matching members (ten at most, GET
 * /api/v1/places/{id}/members?q=…) fill the field's <datalist>, which the browser offers as an
 * accessible list of suggestions; picking one puts the member's address in the field. Without
 * JavaScript the field is plain text: the server finds the member by name or address, and asks
 * which one when several match. */
(function () {
  'use strict';

  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }

  function attach(input) {
    var list = document.getElementById(input.getAttribute('list'));
    var url = input.dataset.members;
    if (!list || !url) { return; }
    var timer = null, last = '', controller = null;
    function fill(members) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      members.forEach(function (m) {
        var opt = document.createElement('option');
        opt.value = m.email;
        opt.label = m.name + ' — ' + m.email;
        opt.textContent = m.name + ' — ' + m.email;
        list.appendChild(opt);
      });
      input.dataset.suggestions = String(members.length);
    }
    function search() {
      var q = input.value.trim();
      if (q === last) { return; }
      last = q;
      if (q.length < 2 || q.indexOf('@') > 0 && list.querySelector('option[value="' + CSS.escape(q) + '"]')) {
        if (q.length < 2) { fill([]); }
        return;
      }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + '?q=' + encodeURIComponent(q), {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
        signal: controller ? controller.signal : undefined
      }).then(function (r) { return r.ok ? r.json() : []; })
        .then(function (members) { if (input.value.trim() === q) { fill(members); } })
        .catch(function () { /* aborted or offline: the server resolves the text */ });
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
  }

  ready(function () {
    document.querySelectorAll('input[data-members][list]').forEach(attach);
  });
})();
