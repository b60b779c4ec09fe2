/* Maillage — the map of a showcase (Leaflet). Its markers are the actors of the list beside it
 * (#actor-list li[data-lat]): list and map show the same page of the same filters. Without
 * JavaScript the page is the list. */
(function () {
  'use strict';

  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }

  ready(function () {
    var el = document.getElementById('actor-map');
    if (!el || !window.L) { return; }
    // The showcase's list, or the visitor guide's sections (an actor of two sections once).
    var items = document.querySelectorAll('#actor-list li[data-lat], .guide-list li[data-lat]');
    if (!items.length) { el.hidden = true; return; }
    var map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer(el.dataset.tiles, {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    }).addTo(map);
    var points = [], seen = {};
    items.forEach(function (li) {
      var lat = parseFloat(li.dataset.lat), lon = parseFloat(li.dataset.lon);
      if (isNaN(lat) || isNaN(lon)) { return; }
      var link = li.querySelector('a');
      var name = link ? link.textContent : '';
      var key = link ? link.getAttribute('href') : lat + ',' + lon;
      if (seen[key]) { return; }
      seen[key] = true;
      var m = L.marker([lat, lon], { title: name, alt: name, keyboard: false }).addTo(map);
      if (link) {
        var a = document.createElement('a');
        a.href = link.getAttribute('href');
        a.textContent = name;
        m.bindPopup(a);
      }
      points.push([lat, lon]);
    });
    if (points.length === 1) { map.setView(points[0], 14); } else { map.fitBounds(points, { padding: [24, 24], maxZoom: 15 }); }
  });
})();
