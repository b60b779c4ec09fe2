/* Maillage — "Près de moi": the browser's position fills the filter form's lat/lon (hidden
 * fields) and the form is sent; the typed commune is cleared (it would win over the position).
 * Without JavaScript or geolocation the button stays hidden and the commune field does the job. */
(function () {
  'use strict';

  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }

  function hidden(form, name, value) {
    var input = form.querySelector('input[type=hidden][name="' + name + '"]');
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  ready(function () {
    var btn = document.getElementById('near-me');
    var form = document.getElementById('place-filters');
    if (!btn || !form || !navigator.geolocation) { return; }
    var status = document.getElementById('near-me-status');
    btn.hidden = false;
    btn.addEventListener('click', function () {
      if (status) { status.textContent = btn.dataset.busy || ''; }
      btn.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        hidden(form, 'lat', pos.coords.latitude.toFixed(5));
        hidden(form, 'lon', pos.coords.longitude.toFixed(5));
        var near = form.querySelector('#near');
        if (near) { near.value = ''; }
        form.submit();
      }, function () {
        btn.disabled = false;
        if (status) { status.textContent = btn.dataset.error || ''; }
      }, { timeout: 15000, maximumAge: 60000 });
    });
  });
})();
