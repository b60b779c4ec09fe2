/* Maillage — maps of places (Leaflet + markercluster). Without JavaScript the pages are lists.
 * #map: the directory map; GeoJSON is loaded for the visible bounding box (data-api) and the
 * list beside it (#place-list) shows the places of the viewport. #place-map: one place. */
(function () {
  'use strict';

  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }

  function tiles(el) {
    return L.tileLayer(el.dataset.tiles, {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    });
  }

  function placeLink(p, target) {
    var a = document.createElement('a');
    a.href = '/lieux/' + encodeURIComponent(p.slug);
    a.textContent = p.name;
    if (target) { a.target = target; }
    return a;
  }

  /* The legend under the map says each typology's colour class, icon and name: the pins are
   * drawn from it, so they always agree. */
  function readLegend() {
    var out = {};
    document.querySelectorAll('#map-legend li[data-typology]').forEach(function (li) {
      var swatch = li.querySelector('.pin-swatch');
      var name = li.querySelector('.legend-name');
      out[li.dataset.typology] = {
        cls: swatch ? swatch.className.replace('pin-swatch', '').trim() : 'typ-autre',
        svg: swatch ? swatch.querySelector('svg') : null,
        name: name ? name.textContent.trim() : ''
      };
    });
    return out;
  }

  function typologyOf(legend, slug) {
    return legend[slug || ''] || legend[''] || { cls: 'typ-autre', svg: null, name: '' };
  }

  /* A pin: a round marker in the typology's colour with its white icon; its name (title) says
   * the place and the typology. */
  function pin(legend, p) {
    var t = typologyOf(legend, p.typology);
    var span = document.createElement('span');
    span.className = 'pin ' + t.cls;
    span.dataset.typology = p.typology || '';
    if (t.svg) { span.appendChild(t.svg.cloneNode(true)); }
    return L.divIcon({ className: 'pin-icon', html: span, iconSize: [30, 30], iconAnchor: [15, 15], popupAnchor: [0, -14] });
  }

  function pinTitle(legend, p) {
    var t = typologyOf(legend, p.typology);
    return t.name ? p.name + ' (' + t.name + ')' : p.name;
  }

  function popup(p, target, legend) {
    var div = document.createElement('div');
    var strong = document.createElement('strong');
    strong.appendChild(placeLink(p, target));
    div.appendChild(strong);
    var t = legend ? typologyOf(legend, p.typology) : null;
    if (t && t.name && p.typology) {
      var typ = document.createElement('div');
      typ.textContent = t.name;
      div.appendChild(typ);
    }
    if (p.city) {
      var city = document.createElement('div');
      city.textContent = p.city;
      div.appendChild(city);
    }
    return div;
  }

  function onePlace(el) {
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    var map = L.map(el, { scrollWheelZoom: false }).setView([lat, lon], 15);
    tiles(el).addTo(map);
    L.marker([lat, lon], { title: el.dataset.name, alt: el.dataset.name, keyboard: false }).addTo(map);
  }

  function directoryMap(el) {
    var embed = el.dataset.embed === '1';
    var small = el.dataset.small === '1';
    var map = L.map(el, { scrollWheelZoom: !embed && !small });
    // The first view: the box the page gives (every place, or the circle of "près de moi"),
    // else France until the first load says where the filtered places are.
    var b0 = (el.dataset.bounds || '').split(',').map(Number);
    var hasBounds = b0.length === 4 && b0.every(function (x) { return isFinite(x); });
    if (hasBounds) {
      map.fitBounds([[b0[1], b0[0]], [b0[3], b0[2]]], { padding: [20, 20], maxZoom: 13 });
    } else {
      map.setView([46.6, 2.4], 6);
    }
    tiles(el).addTo(map);
    var legend = readLegend();
    var hasLegend = Object.keys(legend).length > 0;
    // Places "près de moi" are listed by the page nearest first: the map leaves that list.
    var keepList = el.dataset.near === '1';
    var cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
    var aggregates = L.layerGroup();
    map.addLayer(cluster);
    map.addLayer(aggregates);
    var api = el.dataset.api;
    var list = document.getElementById('place-list');
    var count = document.getElementById('result-count');
    var seq = 0;
    var first = true;
    var filtered = api.indexOf('?') >= 0;

    function renderList(items, total, clustered) {
      if (count && !keepList) {
        var tpl = clustered ? el.dataset.labelZoom : el.dataset.labelCount;
        if (tpl) { count.textContent = tpl.replace('{count}', String(total)); }
      }
      if (!list || clustered || keepList) { return; }
      while (list.firstChild) { list.removeChild(list.firstChild); }
      items.slice(0, 100).forEach(function (p) {
        var li = document.createElement('li');
        li.className = 'card place-card';
        li.dataset.slug = p.slug;
        var h = document.createElement('h3');
        h.appendChild(placeLink(p));
        li.appendChild(h);
        if (p.city) {
          var c = document.createElement('p');
          c.className = 'muted';
          c.textContent = p.city;
          li.appendChild(c);
        }
        list.appendChild(li);
      });
    }

    function load() {
      var b = map.getBounds();
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
        .map(function (x) { return x.toFixed(5); }).join(',');
      // Filtered, without a box from the page: the first load asks for every match, and the
      // map is fitted to them.
      var url = (first && filtered && !hasBounds) ? api
        : api + (api.indexOf('?') >= 0 ? '&' : '?') + 'bbox=' + bbox;
      var mine = ++seq;
      fetch(url, { headers: { Accept: 'application/geo+json' } })
        .then(function (r) { return r.ok ? r.json() : { features: [] }; })
        .then(function (fc) {
          if (mine !== seq) { return; }
          cluster.clearLayers();
          aggregates.clearLayers();
          var markers = [], items = [], total = 0, clustered = false;
          fc.features.forEach(function (f) {
            var c = f.geometry.coordinates, p = f.properties;
            if (p.cluster) {
              clustered = true;
              total += p.count;
              var m = L.marker([c[1], c[0]], {
                icon: L.divIcon({ className: 'agg-icon', html: '<span>' + Number(p.count) + '</span>', iconSize: [44, 44] }),
                title: String(p.count),
                alt: String(p.count)
              });
              m.on('click', function () { map.setView([c[1], c[0]], Math.min(map.getZoom() + 2, 18)); });
              aggregates.addLayer(m);
            } else {
              total += 1;
              var label = pinTitle(legend, p);
              // A page without the legend (the embeddable map) keeps Leaflet's plain marker.
              var opts = { title: label, alt: label };
              if (hasLegend) { opts.icon = pin(legend, p); }
              var mk = L.marker([c[1], c[0]], opts);
              mk.bindPopup(popup(p, embed ? '_top' : null, legend));
              markers.push(mk);
              items.push(p);
            }
          });
          cluster.addLayers(markers);
          renderList(items, total, clustered);
          // Filtered on the first load: show where the results are.
          if (first && filtered && fc.features.length) {
            first = false;
            var bounds = L.latLngBounds(fc.features.map(function (f) {
              return [f.geometry.coordinates[1], f.geometry.coordinates[0]];
            }));
            map.fitBounds(bounds, { maxZoom: 13, padding: [20, 20] });
          }
          first = false;
          el.dataset.loaded = String(markers.length + aggregates.getLayers().length);
          el.dispatchEvent(new CustomEvent('maillage:loaded'));
        })
        .catch(function () { /* the server-rendered list stays */ });
    }

    var timer = null;
    map.on('moveend', function () {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    });
    load();
  }

  ready(function () {
    if (!window.L) { return; }
    var one = document.getElementById('place-map');
    if (one) { onePlace(one); }
    var el = document.getElementById('map');
    if (el && L.markerClusterGroup) { directoryMap(el); }
  });
})();
