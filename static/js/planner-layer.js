(function () {
  "use strict";
  var CSS = ".planner-legend{background:rgba(255,255,255,.92);padding:4px 8px;" +
    "border-radius:4px;font:12px/18px sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);" +
    "max-width:220px}.planner-legend b{display:block;margin-bottom:2px}" +
    ".planner-swatch{display:inline-block;width:12px;height:12px;margin-right:5px;" +
    "vertical-align:middle;border:1px solid #444}.planner-dot{border-radius:50%}.planner-tooltip div{font-weight:normal}" +
    ".planner-legend-hidden{visibility:hidden}";
  var LABEL_MIN_ZOOM = 11;  // compound names from the zoom that shows the whole city
  var LABEL_FONT = "12px sans-serif";
  var HIT_TOLERANCE = 3;  // pixels around lines and edges that still count as a hit
  var PATH_CHUNK = 256;  // features per canvas path

  function now() { return window.performance ? performance.now() : Date.now(); }

  function text(el, tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;  // text, never parsed as HTML: names are user-typed
    el.appendChild(node);
    return node;
  }

  function getJSON(url, gzUrl) {
    function get(u) {
      return fetch(u, {credentials: "same-origin"}).then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status + " " + u); }
        return r;
      });
    }
    if (gzUrl && window.DecompressionStream) {
      // Compressed once on the server; inflated here (no Content-Encoding on .gz files).
      return get(gzUrl).then(function (r) {
        return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
      }).catch(function () {
        return get(url).then(function (r) { return r.json(); });
      });
    }
    return get(url).then(function (r) { return r.json(); });
  }

  // Rings (polygons) or parts (lines) of a GeoJSON geometry, as lists of [lon, lat].
  function partsOf(geometry) {
    var t = geometry.type, c = geometry.coordinates, out = [];
    if (t === "Polygon" || t === "MultiLineString") { return c; }
    if (t === "LineString") { return [c]; }
    if (t === "MultiPolygon") { c.forEach(function (poly) { out = out.concat(poly); }); }
    return out;
  }

  function pointInRings(u, v, rings) {
    var inside = false;
    for (var r = 0; r < rings.length; r++) {
      var a = rings[r], n = a.length;
      for (var i = 0, j = n - 2; i < n; j = i, i += 2) {
        var xi = a[i], yi = a[i + 1], xj = a[j], yj = a[j + 1];
        if ((yi > v) !== (yj > v) && u < (xj - xi) * (v - yi) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
    }
    return inside;
  }

  function nearLine(u, v, parts, tol) {
    for (var r = 0; r < parts.length; r++) {
      var a = parts[r];
      for (var i = 2; i < a.length; i += 2) {
        var x1 = a[i - 2], y1 = a[i - 1], dx = a[i] - x1, dy = a[i + 1] - y1;
        var len = dx * dx + dy * dy;
        var t = len ? Math.max(0, Math.min(1, ((u - x1) * dx + (v - y1) * dy) / len)) : 0;
        var ex = x1 + t * dx - u, ey = y1 + t * dy - v;
        if (ex * ex + ey * ey <= tol * tol) { return true; }
      }
    }
    return false;
  }

  window.plannerLayer = function (map, cfg) {
    var timings = {start: now()};
    var container = map.getContainer();
    var crs = map.options.crs, proj = crs.projection, tr = crs.transformation;
    var outline = [], sites = [], buildings = [], siteById = {}, buildingById = {};
    var names = {}, namesUrl = null, state = null, loaded = false, applied = 0, drawnFor = -1;
    var legendDiv = null, legendLabels = {}, hovered = null, buildingSize = 0;

    var style = document.createElement("style");
    style.textContent = CSS;
    document.head.appendChild(style);
    if (cfg.attribution && map.attributionControl) {
      map.attributionControl.addAttribution(cfg.attribution);  // escaped by the server
    }
    if (cfg.bounds) { map.fitBounds(cfg.bounds, {padding: [12, 12], animate: false}); }

    // Coordinates in Leaflet's projected units at scale 1: a pixel at zoom z is this times
    // crs.scale(z), minus the map's pixel origin. Computed once; no Leaflet object per feature.
    var mercator = proj === L.Projection.SphericalMercator;
    var R = mercator ? proj.R : 0, D = Math.PI / 180, MAXLAT = mercator ? proj.MAX_LATITUDE : 0;
    function unitParts(geometry) {
      return partsOf(geometry).map(function (ring) {
        var a = new Float64Array(ring.length * 2), x, y;
        for (var i = 0; i < ring.length; i++) {
          if (mercator) {  // the formula of L.Projection.SphericalMercator, without objects
            var lat = Math.max(Math.min(MAXLAT, ring[i][1]), -MAXLAT), sin = Math.sin(lat * D);
            x = R * ring[i][0] * D;
            y = R * Math.log((1 + sin) / (1 - sin)) / 2;
          } else {
            var p = proj.project(L.latLng(ring[i][1], ring[i][0]));
            x = p.x;
            y = p.y;
          }
          a[2 * i] = tr._a * x + tr._b;
          a[2 * i + 1] = tr._c * y + tr._d;
        }
        return a;
      });
    }

    function makeItem(feature, index) {
      var parts = unitParts(feature.geometry);
      var box = [Infinity, Infinity, -Infinity, -Infinity];
      parts.forEach(function (a) {
        for (var i = 0; i < a.length; i += 2) {
          if (a[i] < box[0]) { box[0] = a[i]; }
          if (a[i + 1] < box[1]) { box[1] = a[i + 1]; }
          if (a[i] > box[2]) { box[2] = a[i]; }
          if (a[i + 1] > box[3]) { box[3] = a[i + 1]; }
        }
      });
      return {feature: feature, kind: feature.properties.k, index: index, parts: parts,
              box: box, code: "-", sel: 0};
    }

    function siteStyle(kind, code, selected) {
      var colour = cfg.palette[code] || cfg.palette.x, dim = code === "x";
      if (kind === "l") {
        return {stroke: colour, weight: selected ? 8 : 5, opacity: dim ? 0.6 : 0.95};
      }
      return {stroke: selected ? "#000000" : "#555555", weight: selected ? 3 : 1, opacity: 1,
              fill: colour, fillOpacity: dim ? 0.25 : 0.45};
    }

    function buildingStyle(code, sel) {
      var colour = cfg.palette[code] || cfg.palette.x, dim = code === "x";
      return {stroke: sel === 2 ? "#08306b" : (sel === 1 ? "#000000" : "#444444"),
              weight: sel === 2 ? 3 : (sel === 1 ? 1.2 : 0.6), opacity: 1,
              fill: colour, fillOpacity: sel === 2 ? 1 : (dim ? 0.35 : 0.85)};
    }

    // Draw order: outline, compounds, selected compound, lines, buildings, the selected
    // compound's buildings, the selected building. One path and one fill/stroke per style.
    function batches(box) {
      var groups = {}, order = [];
      function add(key, item, styleFn) {
        var g = groups[key];
        if (!g) { g = groups[key] = {style: styleFn(), items: []}; order.push(key); }
        g.items.push(item);
      }
      function visible(it) {
        var b = it.box;
        return b[2] >= box[0] && b[0] <= box[2] && b[3] >= box[1] && b[1] <= box[3];
      }
      outline.forEach(function (it) {
        if (visible(it)) {
          add("0o", it, function () { return {stroke: "#808080", weight: 1, opacity: 0.9}; });
        }
      });
      sites.forEach(function (it) {
        if (it.code === "-" || !visible(it)) { return; }
        var rank = it.kind === "l" ? 3 : (it.sel ? 2 : 1);
        add(rank + it.kind + it.code + it.sel, it, function () {
          return siteStyle(it.kind, it.code, it.sel);
        });
      });
      buildings.forEach(function (it) {
        if (it.code === "-" || !visible(it)) { return; }
        add((4 + it.sel) + "b" + it.code, it, function () {
          return buildingStyle(it.code, it.sel);
        });
      });
      order.sort();
      return order.map(function (key) { return groups[key]; });
    }

    var Renderer = L.Canvas.extend({
      _onZoomEnd: function () {},
      _updatePaths: function () {
        if (this._postponeUpdatePaths) { return; }
        this._redrawBounds = null;
        this._redraw();
      },
      _draw: function () {
        if (!this._map || !this._bounds) { return; }
        var t0 = now();
        var ctx = this._ctx, s = crs.scale(this._map.getZoom()), o = this._map.getPixelOrigin();
        var b = this._bounds, pad = 8 / s;
        var box = [(b.min.x + o.x) / s - pad, (b.min.y + o.y) / s - pad,
                   (b.max.x + o.x) / s + pad, (b.max.y + o.y) / s + pad];
        ctx.save();
        ctx.lineJoin = "round";
        ctx.lineCap = "round";
        // Below a few pixels a building's outline only costs time: fill it alone.
        var thinBuildings = buildingSize * s < 4;
        batches(box).forEach(function (g) {
          var st = g.style, closed = !!st.fill;
          var stroke = !(thinBuildings && g.items[0].kind === "b" && !g.items[0].sel);
          function paint() {
            if (st.fill) {
              ctx.globalAlpha = st.fillOpacity;
              ctx.fillStyle = st.fill;
              ctx.fill("evenodd");
            }
            if (stroke) {
              ctx.globalAlpha = st.opacity;
              ctx.lineWidth = st.weight;
              ctx.strokeStyle = st.stroke;
              ctx.stroke();
            }
          }
          // Paths of a few hundred features: one huge path is many times slower to fill in
          // Chromium's software rasteriser, one path per feature somewhat slower.
          for (var k = 0; k < g.items.length; k += PATH_CHUNK) {
            ctx.beginPath();
            var end = Math.min(k + PATH_CHUNK, g.items.length);
            for (var n = k; n < end; n++) {
              var it = g.items[n], closedItem = closed && it.kind !== "o" && it.kind !== "l";
              for (var r = 0; r < it.parts.length; r++) {
                var a = it.parts[r];
                for (var i = 0; i < a.length; i += 2) {
                  var x = a[i] * s - o.x, y = a[i + 1] * s - o.y;
                  if (i) { ctx.lineTo(x, y); } else { ctx.moveTo(x, y); }
                }
                if (closedItem) { ctx.closePath(); }
              }
            }
            paint();
          }
        });
        ctx.restore();
        drawLabels(ctx, s, o);
        timings.drawMs = now() - t0;
        if (loaded && state && drawnFor !== applied) {
          drawnFor = applied;
          timings.drawn = now();
          container.setAttribute("data-planner-drawn", String(applied));
        }
      },
      _hit: function (layerPoint) {
        var s = crs.scale(this._map.getZoom()), o = this._map.getPixelOrigin();
        var u = (layerPoint.x + o.x) / s, v = (layerPoint.y + o.y) / s, tol = HIT_TOLERANCE / s;
        function near(it) {
          var b = it.box;
          return it.code !== "-" && u >= b[0] - tol && u <= b[2] + tol &&
            v >= b[1] - tol && v <= b[3] + tol;
        }
        var i, it;
        for (i = buildings.length - 1; i >= 0; i--) {
          it = buildings[i];
          if (near(it) && pointInRings(u, v, it.parts)) { return it; }
        }
        for (i = sites.length - 1; i >= 0; i--) {
          it = sites[i];
          if (!near(it)) { continue; }
          if (it.kind === "l" ? nearLine(u, v, it.parts, tol * 2) : pointInRings(u, v, it.parts)) {
            return it;
          }
        }
        return null;
      },
      _onMouseMove: function (e) {
        if (!this._map || this._map.dragging.moving() || this._map._animatingZoom) { return; }
        var it = this._hit(this._map.mouseEventToLayerPoint(e));
        hover(it, this._map.mouseEventToLatLng(e), this._container);
      },
      _handleMouseOut: function () { hover(null, null, this._container); },
      _onClick: function (e) {
        var it = e.type === "click" ? this._hit(this._map.mouseEventToLayerPoint(e)) : null;
        if (it && !this._map._draggableMoved(this._map)) {
          var proxy = proxyOf(it);
          // st_folium listens to "click" on every layer of the map (this renderer among
          // them) and reports e.layer.toGeoJSON() as last_active_drawing.
          this.fire("click", {
            originalEvent: e,
            latlng: this._map.mouseEventToLatLng(e),
            layerPoint: this._map.mouseEventToLayerPoint(e),
            containerPoint: this._map.mouseEventToContainerPoint(e),
            layer: proxy,
            sourceTarget: proxy,
            propagatedFrom: proxy
          });
          return;
        }
        this._fireEvent(false, e);
      }
    });

    // Compound names on the canvas, above the features, from the city's zoom on: the largest
    // compounds first (the selected one before all), a name that would overlap one already
    // placed left out. What was drawn is kept in container pixels for labels().
    var labelsDrawn = [];
    function drawLabels(ctx, s, o) {
      labelsDrawn = [];
      if (map.getZoom() < LABEL_MIN_ZOOM) { return; }
      var size = map.getSize(), placed = [];
      var shown = sites.filter(function (it) {
        return it.code !== "-" && it.kind === "c" && names[it.feature.id];
      });
      shown.sort(function (a, b) {
        var area = function (it) { return (it.box[2] - it.box[0]) * (it.box[3] - it.box[1]); };
        return (b.sel - a.sel) || (area(b) - area(a));
      });
      ctx.save();
      ctx.font = LABEL_FONT;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      shown.forEach(function (it) {
        var text = names[it.feature.id];
        var x = (it.box[0] + it.box[2]) / 2 * s - o.x, y = (it.box[1] + it.box[3]) / 2 * s - o.y;
        var cp = map.layerPointToContainerPoint(L.point(x, y));
        var w = ctx.measureText(text).width + 6, h = 16;
        var rect = [cp.x - w / 2, cp.y - h / 2, cp.x + w / 2, cp.y + h / 2];
        if (rect[2] < 0 || rect[3] < 0 || rect[0] > size.x || rect[1] > size.y) { return; }
        for (var i = 0; i < placed.length; i++) {
          var q = placed[i];
          if (rect[0] < q[2] && rect[2] > q[0] && rect[1] < q[3] && rect[3] > q[1]) { return; }
        }
        placed.push(rect);
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.strokeText(text, x, y);
        ctx.fillStyle = "#1a1a1a";
        ctx.fillText(text, x, y);
        labelsDrawn.push({id: it.feature.id, text: text, rect: rect});
      });
      ctx.restore();
    }

    function proxyOf(it) {
      var f = it.feature;
      return {
        feature: f,
        toGeoJSON: function () {
          return {type: "Feature", id: f.id, properties: f.properties, geometry: f.geometry};
        }
      };
    }

    var renderer = new Renderer({padding: 0.1});
    map.addLayer(renderer);
    var tooltip = L.tooltip({sticky: true, className: "planner-tooltip", direction: "right",
                             offset: [12, 0]});

    function label(it) {
      var f = it.feature, p = f.properties, box = document.createElement("div");
      var code = it.code, value = null;
      if (p.k === "b") {
        text(box, "b", cfg.text.building.replace("{n}", p.n === undefined ? "" : p.n));
        if (names[p.s]) { text(box, "div", names[p.s]); }
      } else {
        text(box, "b", names[f.id] || ("#" + f.id));
        value = state && state.siteValues ? state.siteValues[it.index] : null;
      }
      if (state) {
        var line = legendLabels[code] || "";
        if (value !== null && value !== undefined && code !== "x") { line = value + "%"; }
        text(box, "div", state.valueLabel ? state.valueLabel + cfg.text.separator + line : line);
      }
      return box;
    }

    function hover(it, latlng, el) {
      if (it !== hovered) {
        hovered = it;
        if (it) { L.DomUtil.addClass(el, "leaflet-interactive"); }
        else { L.DomUtil.removeClass(el, "leaflet-interactive"); }
        if (it) { tooltip.setContent(label(it)); }
      }
      if (it && latlng) {
        tooltip.setLatLng(latlng);
        if (!map.hasLayer(tooltip)) { map.openTooltip(tooltip); }
      } else if (map.hasLayer(tooltip)) {
        map.closeTooltip(tooltip);
      }
      avoidLegend();
    }

    // The legend never covers the tooltip: a tooltip that would run under it opens on the
    // other side of the pointer, and if it still meets the legend the legend steps aside
    // (hidden) until the pointer moves on.
    function overlaps(a, b) {
      return a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
    }
    function avoidLegend() {
      if (!legendDiv) { return; }
      var el = map.hasLayer(tooltip) && tooltip.getElement ? tooltip.getElement() : null;
      var covered = false;
      if (el) {
        var legendBox = legendDiv.getBoundingClientRect();
        if (tooltip.options.direction !== "right") {
          tooltip.options.direction = "right";
          tooltip.options.offset = L.point(12, 0);
          tooltip.update();
        }
        if (overlaps(el.getBoundingClientRect(), legendBox)) {
          tooltip.options.direction = "left";
          tooltip.options.offset = L.point(-12, 0);
          tooltip.update();
          covered = overlaps(el.getBoundingClientRect(), legendBox);
        }
      }
      if (covered) { L.DomUtil.addClass(legendDiv, "planner-legend-hidden"); }
      else { L.DomUtil.removeClass(legendDiv, "planner-legend-hidden"); }
    }

    function redraw() {
      renderer._redrawBounds = null;
      renderer._redrawRequest = renderer._redrawRequest ||
        L.Util.requestAnimFrame(renderer._redraw, renderer);
    }

    function drawLegend() {
      if (!legendDiv) { return; }
      while (legendDiv.firstChild) { legendDiv.removeChild(legendDiv.firstChild); }
      legendLabels = {};
      if (!state || !state.legend) { legendDiv.style.display = "none"; return; }
      legendDiv.style.display = "";
      text(legendDiv, "b", state.legend.title);
      state.legend.entries.forEach(function (row) {
        legendLabels[row[0]] = row[1];
        var line = document.createElement("div");
        line.setAttribute("data-code", row[0]);
        var swatch = document.createElement("span");
        swatch.className = "planner-swatch";
        swatch.style.background = row[2];
        line.appendChild(swatch);
        text(line, "span", row[1]);
        legendDiv.appendChild(line);
      });
      if (state.photoLegend && state.photos && state.photos.length) {
        text(legendDiv, "b", state.photoLegend.title);
        state.photoLegend.entries.forEach(function (row) {
          var line = document.createElement("div");
          line.setAttribute("data-photo-stage", row[0]);
          var dot = document.createElement("span");
          dot.className = "planner-swatch planner-dot";
          dot.style.background = row[2];
          line.appendChild(dot);
          text(line, "span", row[1]);
          legendDiv.appendChild(line);
        });
      }
    }

    // Site photos: small SVG dots above the canvas, not interactive (a click goes through to
    // the building below, whose photos the side panel then lists). One dot per photo, with
    // the class ``photo-point-<id>``; redrawn only when the list changes.
    var photoLayer = L.layerGroup().addTo(map), photoRenderer = L.svg({padding: 0.5});
    var photosShown = null;
    function drawPhotos() {
      var list = (state && state.photos) || [];
      var key = JSON.stringify(list);
      if (key === photosShown) { return; }
      photosShown = key;
      photoLayer.clearLayers();
      var colours = (state && state.photoColours) || {};
      list.forEach(function (p) {
        L.circleMarker([p[2], p[1]], {
          renderer: photoRenderer, radius: 5, weight: 2, color: "#ffffff", opacity: 1,
          fillColor: colours[p[3]] || "#333333", fillOpacity: 1, interactive: false,
          className: "photo-point photo-point-" + p[0]
        }).addTo(photoLayer);
      });
      container.setAttribute("data-planner-photos", String(list.length));
    }

    function loadNames(url) {
      if (!url || url === namesUrl) { return; }
      namesUrl = url;
      getJSON(url).then(function (data) {
        if (namesUrl === url) { names = data.s || {}; redraw(); }
      }).catch(function (err) {
        container.setAttribute("data-planner-names-error", String(err));
      });
    }

    // A compound found by name: the map flies to it (once per search, ``seq``).
    var flownSeq = null;
    function flyTo(target) {
      if (!target || target.seq === flownSeq) { return; }
      flownSeq = target.seq;
      var it = siteById[target.site];
      if (!it) { return; }
      var b = api.bounds(it.kind, target.site);
      container.removeAttribute("data-planner-flown");
      map.once("moveend", function () {
        container.setAttribute("data-planner-flown", String(target.site));
      });
      map.flyToBounds(b, {maxZoom: 17, padding: [24, 24], duration: 0.8});
    }

    function apply() {
      drawLegend();
      if (!state || !loaded) { return; }
      if (state.geo !== cfg.version) {
        container.setAttribute("data-planner-error", "state for another data version");
        return;
      }
      loadNames(state.names);
      var selSite = state.selectedSite, selBuilding = state.selectedBuilding;
      sites.forEach(function (it, i) {
        it.code = state.sites.charAt(i) || "-";
        it.sel = it.feature.id === selSite ? 1 : 0;
      });
      buildings.forEach(function (it, i) {
        it.code = state.buildings.charAt(i) || "-";
        it.sel = it.feature.id === selBuilding ? 2 : (it.feature.properties.s === selSite ? 1 : 0);
      });
      if (hovered && hovered.code === "-") { hover(null, null, renderer._container); }
      drawPhotos();
      flyTo(state.flyTo);
      applied += 1;
      timings.applied = now();
      redraw();
    }

    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      legendDiv = L.DomUtil.create("div", "planner-legend");
      L.DomEvent.disableClickPropagation(legendDiv);
      L.DomEvent.disableScrollPropagation(legendDiv);
      drawLegend();
      return legendDiv;
    };
    legend.addTo(map);

    if (cfg.outline) {
      getJSON(cfg.outline).then(function (fc) {
        (fc.features || [fc]).forEach(function (f) {
          if (f.geometry) {
            var it = makeItem({id: 0, properties: {k: "o"}, geometry: f.geometry}, 0);
            it.code = "o";
            outline.push(it);
          }
        });
        redraw();
      }).catch(function (err) {
        container.setAttribute("data-planner-outline-error", String(err));
      });
    }

    function find(kind, id) {
      return kind === "b" ? buildingById[id] : siteById[id];
    }

    var api = {
      map: map,
      renderer: renderer,
      version: cfg.version,
      timings: timings,
      update: function (next) { state = next; apply(); },
      state: function () { return state; },
      counts: function () {
        function shown(list) {
          return list.filter(function (it) { return it.code !== "-"; }).length;
        }
        return {sites: sites.length, buildings: buildings.length,
                shownSites: shown(sites), shownBuildings: shown(buildings)};
      },
      // [[south, west], [north, east]] of a site ("c"/"l") or a building ("b").
      bounds: function (kind, id) {
        var it = find(kind, id);
        if (!it) { return null; }
        var lls = [];
        partsOf(it.feature.geometry).forEach(function (r) {
          r.forEach(function (c) { lls.push([c[1], c[0]]); });
        });
        var b = L.latLngBounds(lls);
        return [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]];
      },
      // A container point where a click hits exactly this feature (null when none in view).
      pointOf: function (kind, id) {
        var it = find(kind, id), size = map.getSize();
        if (!it) { return null; }
        var s = crs.scale(map.getZoom()), o = map.getPixelOrigin(), b = it.box;
        var steps = 24;
        for (var i = 1; i < steps; i++) {
          for (var j = 1; j < steps; j++) {
            var u = b[0] + (b[2] - b[0]) * ((i * 7) % steps) / steps;
            var v = b[1] + (b[3] - b[1]) * ((j * 11) % steps) / steps;
            var lp = L.point(u * s - o.x, v * s - o.y);
            var cp = map.layerPointToContainerPoint(lp);
            if (cp.x < 2 || cp.y < 2 || cp.x > size.x - 2 || cp.y > size.y - 2) { continue; }
            if (renderer._hit(lp) === it) { return [cp.x, cp.y]; }
          }
        }
        return null;
      },
      // Names drawn on the map now: [{id, text, rect: [left, top, right, bottom]}].
      labels: function () { return labelsDrawn.slice(); },
      hitAt: function (x, y) {
        var it = renderer._hit(map.containerPointToLayerPoint(L.point(x, y)));
        return it ? {kind: it.kind, id: it.feature.id} : null;
      }
    };
    window.plannerMap = api;

    getJSON(cfg.url, cfg.urlGz).then(function (fc) {
      timings.fetched = now();
      fc.features.forEach(function (f) {
        var it;
        if (f.properties.k === "b") {
          it = makeItem(f, buildings.length);
          buildings.push(it);
          buildingById[f.id] = it;
        } else {
          it = makeItem(f, sites.length);
          sites.push(it);
          siteById[f.id] = it;
        }
      });
      buildings.forEach(function (it) {
        buildingSize += Math.max(it.box[2] - it.box[0], it.box[3] - it.box[1]);
      });
      buildingSize /= buildings.length || 1;
      loaded = true;
      timings.built = now();
      container.setAttribute("data-planner-features", String(sites.length + buildings.length));
      apply();
    }).catch(function (err) {
      container.setAttribute("data-planner-error", String(err));
    });
    if (cfg.state) { api.update(cfg.state); }
    return api;
  };
})();
