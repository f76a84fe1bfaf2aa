// The Ariel viewer: pans and zooms a model's 256×256 tiles from `ariel serve` (docs/serve.md).
//
// Coordinates: the model's plane has x to the right and y upwards; tile (z, x, y) covers
// x in [−1 + x·e, −1 + (x+1)·e] and y in [1 − (y+1)·e, 1 − y·e] with e = 2^(1−z). The view is a
// centre (cx, cy) and a float zoom: at zoom Z a 256-pixel tile of level Z is 256 CSS pixels wide,
// so one plane unit is 128·2^Z CSS pixels. The canvas is drawn in device pixels.
//
// Solids (models that read var-z) get a z slider, the slice the tiles show (a tile's `z`
// parameter, `slice` in the URL), and a 3D mode: the canvas is one image from /render3d, at the
// canvas's device pixels, of a camera that orbits the model (yaw, pitch in degrees) at a scale
// (half the shorter side's extent), as `ariel render3d --yaw --pitch --scale` draws it.
//
// This file is filtered by Maven as a resource, so it must never contain a dollar sign followed
// by a brace (no template literals) or text between two at-signs.
'use strict';

(() => {
  const TILE = 256;
  const MIN_ZOOM = 0;
  const MAX_ZOOM = 20; // the deepest level the API serves by default (--max-zoom may be lower)
  const MAX_IN_FLIGHT = 6; // what browsers allow per host over HTTP/1.1: more would only queue
  const CACHE_LIMIT = 512; // bitmaps (256 KiB each decoded): 128 MiB at most
  const ANCESTOR_LEVELS = 8; // beyond 8 levels up a placeholder would be under one source pixel
  const DESCENDANT_LEVELS = 2;
  const BACKGROUND = '#2b2f36';
  const VOLUME_DEBOUNCE_MS = 60; // a 3D image is asked for once the view rests this long
  const MAX_IMAGE = 4096; // the service's --max-image by default
  const DEGREES_PER_PIXEL = 0.4; // dragging across 900 CSS pixels turns the model once

  const $ = (id) => document.getElementById(id);
  const canvas = $('view');
  const ctx = canvas.getContext('2d', { alpha: false });
  const ui = {
    model: $('model'),
    upload: $('upload'),
    modes: document.querySelectorAll('input[name=mode]'),
    mode3d: $('mode3d'),
    sliceBar: $('slicebar'),
    slice: $('slice'),
    sliceValue: $('slicevalue'),
    overlay: $('overlay'),
    info: $('info'),
    message: $('message'),
  };

  const view = { model: null, mode: 'mono', zoom: 0, cx: 0, cy: 0, slice: 0, yaw: 0, pitch: 0, scale: 1 };
  let settledSlice = 0; // the last slice whose tiles were all loaded: they stand in while another loads
  const models = new Map(); // id → the service's JSON for it (its variables say whether it is a solid)
  // The 3D image: the one drawn (url, bitmap) and the one asked for; one request at a time.
  const volume = {
    url: null, bitmap: null, tier: '', ms: 0, wanted: null, failed: null, timer: null, controller: null,
    requested: 0, loaded: 0, aborted: 0,
  };
  const stats = { tilesRequested: 0, tilesLoaded: 0, tilesDrawn: 0, errors: 0, retries: 0, aborted: 0, peakInFlight: 0 };

  // key → { bitmap, tier, ms, drawn }; a Map iterates in insertion order, so re-inserting on use
  // keeps the least recently used entry first.
  const cache = new Map();
  const inFlight = new Map(); // key → AbortController
  const failed = new Set(); // keys the service refused (4xx): not asked again for this model and mode
  const retryAt = new Map(); // key → time (ms) before which a tile is not asked again (503, network)
  let wantedMissing = 0; // tiles of the last frame that are neither loaded nor refused
  let onScreen = []; // the last frame's tiles at its level, in CSS pixels
  let frameQueued = false;
  let busy = 0; // model list or upload requests under way
  let hashTimer = null;
  let lastHash = '';
  let idleWaiters = [];
  let pointer = null; // the last cursor position over the canvas, CSS pixels
  let retryNotice = false; // the status line says the service is busy, until a tile arrives

  // ---- geometry ----

  const dpr = () => window.devicePixelRatio || 1;

  // Tiles are fetched at the level whose pixels are closest to device pixels.
  function level() {
    return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(view.zoom + Math.log2(dpr()))));
  }

  // Device pixels per plane unit.
  const pixelsPerUnit = () => dpr() * (TILE / 2) * Math.pow(2, view.zoom);

  // The plane point under a canvas position in CSS pixels.
  function planeAt(cssX, cssY) {
    const k = pixelsPerUnit(), d = dpr();
    return {
      x: view.cx + (cssX * d - canvas.width / 2) / k,
      y: view.cy - (cssY * d - canvas.height / 2) / k,
    };
  }

  // Where level L's tiles fall on the canvas: column tx spans [ox + round(tx·s), ox + round((tx+1)·s))
  // in device pixels. The origin is rounded once, so at an integer zoom every tile is exactly
  // `s` = 256 device pixels at an integer position and neighbours abut without gap or overlap.
  function grid(L) {
    const k = pixelsPerUnit();
    const s = Math.pow(2, 1 - L) * k;
    return {
      L,
      s,
      ox: Math.round(canvas.width / 2 + (-1 - view.cx) * k),
      oy: Math.round(canvas.height / 2 - (1 - view.cy) * k),
    };
  }

  function tileRect(g, tx, ty) {
    const left = g.ox + Math.round(tx * g.s), top = g.oy + Math.round(ty * g.s);
    return {
      left,
      top,
      w: g.ox + Math.round((tx + 1) * g.s) - left,
      h: g.oy + Math.round((ty + 1) * g.s) - top,
    };
  }

  const tileKeyAt = (slice, L, tx, ty) => view.model + '/' + view.mode + '/' + slice + '/' + L + '/' + tx + '/' + ty;
  const tileKey = (L, tx, ty) => tileKeyAt(view.slice, L, tx, ty);

  function tileUrl(L, tx, ty) {
    return 'models/' + encodeURIComponent(view.model) + '/tiles/' + L + '/' + tx + '/' + ty + '.png?mode=' + view.mode
      + (view.slice !== 0 ? '&z=' + view.slice : '');
  }

  // The numbers the URL and the 3D request carry: rounded once, so both say the same.
  const angleText = (v) => String(Number(v.toFixed(2)));
  const scaleText = (v) => String(Number(v.toPrecision(6)));

  function volumeUrl() {
    const w = Math.min(MAX_IMAGE, canvas.width), h = Math.min(MAX_IMAGE, canvas.height);
    return 'models/' + encodeURIComponent(view.model) + '/render3d?w=' + w + '&h=' + h + '&yaw=' + angleText(view.yaw)
      + '&pitch=' + angleText(view.pitch) + '&scale=' + scaleText(view.scale);
  }

  const isSolid = () => {
    const m = models.get(view.model);
    return !!m && Array.isArray(m.variables) && m.variables.includes('z');
  };

  // ---- drawing ----

  function requestDraw() {
    if (frameQueued) return;
    frameQueued = true;
    requestAnimationFrame(draw);
  }

  function resize() {
    const d = dpr();
    const w = Math.round(canvas.clientWidth * d), h = Math.round(canvas.clientHeight * d);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    requestDraw();
  }

  function cached(key) {
    const entry = cache.get(key);
    if (entry) {
      cache.delete(key);
      cache.set(key, entry);
    }
    return entry;
  }

  function draw() {
    frameQueued = false;
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    // Every pixel of a tile is a decision of the renderer: scale it by repeating pixels, never blur.
    ctx.imageSmoothingEnabled = false;
    const wanted = [];
    const drawn = [];
    if (view.mode === '3d') {
      fetchTiles([]); // tiles still loading are not needed now
      drawVolume();
    } else if (view.model) {
      cancelVolume();
      const g = grid(level());
      const x0 = Math.floor(-g.ox / g.s), x1 = Math.ceil((canvas.width - g.ox) / g.s);
      const y0 = Math.floor(-g.oy / g.s), y1 = Math.ceil((canvas.height - g.oy) / g.s);
      const midX = (x0 + x1) / 2, midY = (y0 + y1) / 2;
      for (let ty = y0; ty < y1; ty++) {
        for (let tx = x0; tx < x1; tx++) {
          const r = tileRect(g, tx, ty);
          if (r.w <= 0 || r.h <= 0 || r.left >= canvas.width || r.top >= canvas.height || r.left + r.w <= 0 || r.top + r.h <= 0) continue;
          const key = tileKey(g.L, tx, ty);
          const entry = cached(key);
          if (entry) {
            ctx.drawImage(entry.bitmap, r.left, r.top, r.w, r.h);
            if (!entry.drawn) {
              entry.drawn = true;
              stats.tilesDrawn++;
            }
            drawn.push({ z: g.L, x: tx, y: ty, r, tier: entry.tier, ms: entry.ms });
          } else {
            drawPlaceholder(g, tx, ty, r);
            if (!failed.has(key)) {
              wanted.push({ key, L: g.L, tx, ty, d: Math.hypot(tx - midX, ty - midY) });
            }
          }
        }
      }
    }
    if (ui.overlay.checked) drawOverlay(drawn);
    const d = dpr();
    onScreen = drawn.map((t) => ({
      z: t.z, x: t.x, y: t.y, left: t.r.left / d, top: t.r.top / d, size: t.r.w / d, tier: t.tier, ms: t.ms,
    }));
    if (view.mode !== '3d') {
      wantedMissing = wanted.length;
      if (wanted.length === 0) settledSlice = view.slice;
      fetchTiles(wanted);
    }
    showInfo();
    scheduleHash();
    checkIdle();
  }

  // While a tile loads, show what the cache has of the same place: a part of an ancestor scaled
  // up, then whichever descendants are loaded scaled down over it.
  function drawPlaceholder(g, tx, ty, r) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(r.left, r.top, r.w, r.h);
    ctx.clip();
    const before = view.slice !== settledSlice ? cached(tileKeyAt(settledSlice, g.L, tx, ty)) : null;
    if (before) {
      ctx.drawImage(before.bitmap, r.left, r.top, r.w, r.h);
      ctx.restore();
      return;
    }
    for (let up = 1; up <= ANCESTOR_LEVELS && g.L - up >= MIN_ZOOM; up++) {
      const n = Math.pow(2, up);
      const ax = Math.floor(tx / n), ay = Math.floor(ty / n);
      const entry = cached(tileKey(g.L - up, ax, ay));
      if (entry) {
        const part = TILE / n;
        ctx.drawImage(entry.bitmap, (tx - ax * n) * part, (ty - ay * n) * part, part, part, r.left, r.top, r.w, r.h);
        break;
      }
    }
    drawDescendants(g.L, tx, ty, DESCENDANT_LEVELS);
    ctx.restore();
  }

  function drawDescendants(L, tx, ty, depth) {
    if (depth === 0 || L + 1 > MAX_ZOOM) return;
    const g = grid(L + 1);
    for (let j = 0; j < 2; j++) {
      for (let i = 0; i < 2; i++) {
        const cx = 2 * tx + i, cy = 2 * ty + j;
        const entry = cached(tileKey(L + 1, cx, cy));
        if (entry) {
          const r = tileRect(g, cx, cy);
          ctx.drawImage(entry.bitmap, r.left, r.top, r.w, r.h);
        } else {
          drawDescendants(L + 1, cx, cy, depth - 1);
        }
      }
    }
  }

  function drawOverlay(drawn) {
    const d = dpr();
    ctx.save();
    ctx.lineWidth = Math.max(1, Math.round(d));
    ctx.font = Math.round(11 * d) + 'px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    for (const t of drawn) {
      ctx.strokeStyle = 'rgba(255, 64, 160, 0.9)';
      ctx.strokeRect(t.r.left + 0.5, t.r.top + 0.5, t.r.w - 1, t.r.h - 1);
      const label = (t.tier === 'cache' ? '' : t.ms.toFixed(1) + ' ms ') + t.tier;
      const pad = Math.round(3 * d);
      ctx.fillStyle = 'rgba(0, 0, 0, 0.7)';
      ctx.fillRect(t.r.left + 1, t.r.top + 1, ctx.measureText(label).width + 2 * pad, Math.round(15 * d));
      ctx.fillStyle = '#fff';
      ctx.fillText(label, t.r.left + 1 + pad, t.r.top + 1 + pad / 2);
    }
    ctx.restore();
  }

  // ---- the 3D image ----

  // Draws the last 3D image (scaled while the canvas changes size) and asks for the one the view
  // needs now, once the view has rested; a request for a view left behind is cancelled.
  function drawVolume() {
    if (volume.bitmap) {
      const b = volume.bitmap;
      if (b.width === canvas.width && b.height === canvas.height) ctx.drawImage(b, 0, 0);
      else ctx.drawImage(b, 0, 0, canvas.width, canvas.height);
    }
    if (!view.model) {
      wantedMissing = 0;
      return;
    }
    const url = volumeUrl();
    const missing = url !== volume.url && url !== volume.failed;
    wantedMissing = missing ? 1 : 0;
    if (url === volume.wanted) return; // asked for already, or about to be
    cancelVolume(); // what was asked for another view is stale now
    if (!missing) return;
    volume.wanted = url;
    volume.timer = setTimeout(() => {
      volume.timer = null;
      loadVolume(url);
    }, VOLUME_DEBOUNCE_MS);
  }

  function cancelVolume() {
    if (volume.controller) volume.controller.abort();
    volume.controller = null;
    clearTimeout(volume.timer);
    volume.timer = null;
    volume.wanted = null;
  }

  async function loadVolume(url) {
    const controller = new AbortController();
    volume.controller = controller;
    volume.requested++;
    try {
      const res = await fetch(url, { signal: controller.signal });
      if (res.status === 503) {
        stats.retries++;
        showMessage('the service is busy: retrying', false);
        retryNotice = true;
        if (volume.wanted === url) {
          volume.timer = setTimeout(() => {
            volume.timer = null;
            if (volume.wanted === url) loadVolume(url);
          }, retryAfter(res));
        }
        return;
      }
      if (!res.ok) {
        const text = await errorText(res);
        stats.errors++;
        volume.failed = url;
        showMessage(text, true);
        return;
      }
      const bitmap = await createImageBitmap(await res.blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
      if (controller.signal.aborted) {
        // Cancelled while it decoded: the view has moved on.
        bitmap.close();
        volume.aborted++;
        return;
      }
      if (volume.bitmap) volume.bitmap.close();
      volume.bitmap = bitmap;
      volume.url = url;
      volume.tier = res.headers.get('X-Ariel-Tier') || '?';
      volume.ms = Number(res.headers.get('X-Ariel-Render-Ms') || 0);
      volume.loaded++;
      if (retryNotice) showMessage('', false);
    } catch (e) {
      if (e.name === 'AbortError') {
        volume.aborted++;
      } else {
        stats.errors++;
        volume.failed = url;
        showMessage('3D image: ' + e.message, true);
      }
    } finally {
      if (volume.controller === controller) volume.controller = null;
      if (volume.wanted === url && volume.timer === null) volume.wanted = null;
      requestDraw();
    }
  }

  // Turns the camera: dragging right turns the model's front to the right, dragging down tips its top toward you.
  function orbit(dxCss, dyCss) {
    let yaw = (view.yaw - dxCss * DEGREES_PER_PIXEL) % 360;
    if (yaw > 180) yaw -= 360;
    if (yaw <= -180) yaw += 360;
    view.yaw = yaw;
    view.pitch = Math.min(90, Math.max(-90, view.pitch + dyCss * DEGREES_PER_PIXEL));
    requestDraw();
  }

  // dz levels in, as in 2D: each level halves the extent the image shows.
  function zoom3d(dz) {
    view.scale = Math.min(1e3, Math.max(1e-4, view.scale * Math.pow(2, -dz)));
    requestDraw();
  }

  // ---- loading ----

  function fetchTiles(wanted) {
    const keep = new Set(wanted.map((t) => t.key));
    // Tiles that left the view are cancelled, which frees their place for the ones in it.
    for (const [key, controller] of inFlight) {
      if (!keep.has(key)) {
        controller.abort();
        inFlight.delete(key);
      }
    }
    const now = performance.now();
    wanted.sort((a, b) => a.d - b.d); // the centre of the view first
    for (const t of wanted) {
      if (inFlight.size >= MAX_IN_FLIGHT) break;
      if (inFlight.has(t.key) || (retryAt.get(t.key) || 0) > now) continue;
      load(t);
    }
  }

  async function load(t) {
    const controller = new AbortController();
    inFlight.set(t.key, controller);
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight.size);
    retryAt.delete(t.key);
    stats.tilesRequested++;
    try {
      const res = await fetch(tileUrl(t.L, t.tx, t.ty), { signal: controller.signal });
      if (res.status === 503) {
        stats.retries++;
        retryLater(t.key, retryAfter(res));
        showMessage('the service is busy: retrying', false);
        retryNotice = true;
        return;
      }
      if (!res.ok) {
        // Read the message first: a tile cancelled while its body arrives is not an error.
        const text = await errorText(res);
        stats.errors++;
        failed.add(t.key);
        showMessage(text, true);
        return;
      }
      const blob = await res.blob();
      // The tiles carry no colour profile and their values are the renderer's: no conversion.
      const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
      // A tile that arrived after it was cancelled is still a good tile: keep it for later.
      cache.set(t.key, {
        bitmap,
        tier: res.headers.get('X-Ariel-Tier') || '?',
        ms: Number(res.headers.get('X-Ariel-Render-Ms') || 0),
        drawn: false,
      });
      stats.tilesLoaded++;
      evict();
      if (retryNotice) showMessage('', false);
    } catch (e) {
      if (e.name === 'AbortError') {
        stats.aborted++;
      } else {
        stats.errors++;
        retryLater(t.key, 2000);
        showMessage('tile ' + t.L + '/' + t.tx + '/' + t.ty + ': ' + e.message, true);
      }
    } finally {
      if (inFlight.get(t.key) === controller) inFlight.delete(t.key);
      requestDraw();
    }
  }

  function retryLater(key, ms) {
    retryAt.set(key, performance.now() + ms);
    setTimeout(requestDraw, ms + 1);
  }

  // Retry-After is seconds or an HTTP date; without one, wait a second.
  function retryAfter(res) {
    const v = res.headers.get('Retry-After');
    let ms = 1000;
    if (v !== null) {
      ms = /^\d+$/.test(v.trim()) ? Number(v) * 1000 : Date.parse(v) - Date.now();
    }
    return Math.min(30000, Math.max(100, Number.isFinite(ms) ? ms : 1000));
  }

  function evict() {
    while (cache.size > CACHE_LIMIT) {
      const [key, entry] = cache.entries().next().value;
      entry.bitmap.close(); // frees the decoded pixels now rather than at garbage collection
      cache.delete(key);
    }
  }

  // The service's errors are JSON with a one-line message; anything else (a proxy) is shown as is.
  async function errorText(res) {
    const text = await res.text();
    try {
      const json = JSON.parse(text);
      if (json && typeof json.error === 'string') return json.error;
    } catch (e) {
      // not JSON
    }
    return res.status + ' ' + (res.statusText || text.slice(0, 200));
  }

  // ---- status ----

  function showMessage(text, isError) {
    retryNotice = false;
    ui.message.textContent = text;
    ui.message.classList.toggle('error', !!isError);
  }

  // Enough decimals that neighbouring CSS pixels differ.
  function decimals() {
    return Math.min(17, Math.max(2, Math.ceil(Math.log10(TILE / 2 * Math.pow(2, view.zoom))) + 1));
  }

  function showInfo() {
    const parts = [];
    if (view.mode === '3d') {
      parts.push('yaw ' + angleText(view.yaw) + '°  pitch ' + angleText(view.pitch) + '°  scale ' + scaleText(view.scale));
      if (wantedMissing) parts.push('rendering');
      else if (volume.url) parts.push((volume.tier === 'cache' ? '' : volume.ms.toFixed(1) + ' ms ') + volume.tier);
      ui.info.textContent = parts.join('  ·  ');
      return;
    }
    if (pointer) {
      const p = planeAt(pointer.x, pointer.y);
      const n = decimals();
      parts.push('x ' + p.x.toFixed(n) + '  y ' + p.y.toFixed(n));
    }
    parts.push('zoom ' + view.zoom.toFixed(2) + ' (tiles z ' + level() + ')');
    const loading = inFlight.size + Math.max(0, wantedMissing - inFlight.size);
    parts.push(loading ? loading + ' tiles loading' : 'all tiles loaded');
    ui.info.textContent = parts.join('  ·  ');
  }

  // ---- the URL hash ----

  function hashText() {
    const p = new URLSearchParams();
    if (view.model) p.set('model', view.model);
    p.set('z', String(Number(view.zoom.toFixed(4))));
    const n = decimals();
    p.set('cx', String(Number(view.cx.toFixed(n))));
    p.set('cy', String(Number(view.cy.toFixed(n))));
    p.set('mode', view.mode);
    if (view.slice !== 0) p.set('slice', String(view.slice));
    if (view.mode === '3d' || view.yaw !== 0 || view.pitch !== 0 || view.scale !== 1) {
      p.set('yaw', angleText(view.yaw));
      p.set('pitch', angleText(view.pitch));
      p.set('scale', scaleText(view.scale));
    }
    return '#' + p.toString();
  }

  // replaceState rather than assigning location.hash: moving the view adds no history entries,
  // and at most a few writes a second stay under the browser's navigation throttling.
  function scheduleHash() {
    if (hashTimer !== null) return;
    hashTimer = setTimeout(() => {
      hashTimer = null;
      const h = hashText();
      if (h !== location.hash) {
        history.replaceState(null, '', h);
      }
      lastHash = location.hash;
      checkIdle();
    }, 200);
  }

  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    const num = (name) => {
      const v = Number(p.get(name));
      return p.has(name) && Number.isFinite(v) ? v : null;
    };
    if (p.get('model')) view.model = p.get('model');
    if (['mono', 'sdf', 'debug', '3d'].includes(p.get('mode'))) view.mode = p.get('mode');
    view.slice = Math.min(1, Math.max(-1, num('slice') ?? 0));
    settledSlice = view.slice;
    view.yaw = num('yaw') ?? 0;
    view.pitch = Math.min(90, Math.max(-90, num('pitch') ?? 0));
    const s = num('scale');
    view.scale = s !== null && s > 0 ? s : 1;
    ui.slice.value = String(view.slice);
    ui.sliceValue.textContent = String(view.slice);
    updateSolidControls();
    const z = num('z');
    view.zoom = z !== null ? clampZoom(z) : fitZoom();
    view.cx = num('cx') ?? 0;
    view.cy = num('cy') ?? 0;
    for (const r of ui.modes) r.checked = r.value === view.mode;
    lastHash = location.hash;
  }

  // The largest whole zoom at which [−1, 1]² fits the window: whole, so tiles start sharp.
  function fitZoom() {
    const side = Math.min(canvas.clientWidth, canvas.clientHeight) || TILE;
    return clampZoom(Math.floor(Math.log2(side / TILE)));
  }

  // ---- moving ----

  function clampZoom(z) {
    z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
    // Wheel steps add up in floating point; snap sums that are meant to be whole levels.
    const r = Math.round(z);
    return Math.abs(z - r) < 1e-9 ? r : z;
  }

  function panBy(dxCss, dyCss) {
    const k = pixelsPerUnit() / dpr();
    view.cx -= dxCss / k;
    view.cy += dyCss / k;
    requestDraw();
  }

  // Changes the zoom by dz levels, keeping the plane point under (cssX, cssY) where it is.
  function zoomAt(cssX, cssY, dz) {
    const before = planeAt(cssX, cssY);
    view.zoom = clampZoom(view.zoom + dz);
    const after = planeAt(cssX, cssY);
    view.cx += before.x - after.x;
    view.cy += before.y - after.y;
    requestDraw();
  }

  function canvasPos(e) {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  // Pointer Events cover mouse, pen and touch alike: one pointer pans, two pinch.
  const pointers = new Map(); // pointerId → position, CSS pixels
  canvas.addEventListener('pointerdown', (e) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    canvas.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, canvasPos(e));
    canvas.classList.add('dragging');
    canvas.focus();
  });
  canvas.addEventListener('pointermove', (e) => {
    const p = canvasPos(e);
    pointer = p;
    const old = pointers.get(e.pointerId);
    if (!old) {
      showInfo();
      return;
    }
    if (view.mode === '3d') {
      if (pointers.size === 1) orbit(p.x - old.x, p.y - old.y);
      else if (pointers.size === 2) {
        const [a0, b0] = [...pointers.values()];
        const [a, b] = [...pointers.entries()].map(([id, q]) => (id === e.pointerId ? p : q));
        const d0 = Math.hypot(a0.x - b0.x, a0.y - b0.y), d = Math.hypot(a.x - b.x, a.y - b.y);
        if (d0 > 0 && d > 0) zoom3d(Math.log2(d / d0));
      }
    } else if (pointers.size === 1) {
      panBy(p.x - old.x, p.y - old.y);
    } else if (pointers.size === 2) {
      const [a, b] = [...pointers.entries()].map(([id, q]) => (id === e.pointerId ? p : q));
      const [a0, b0] = [...pointers.values()];
      const mid0 = { x: (a0.x + b0.x) / 2, y: (a0.y + b0.y) / 2 };
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      const d0 = Math.hypot(a0.x - b0.x, a0.y - b0.y), d = Math.hypot(a.x - b.x, a.y - b.y);
      if (d0 > 0 && d > 0) zoomAt(mid0.x, mid0.y, Math.log2(d / d0));
      panBy(mid.x - mid0.x, mid.y - mid0.y);
    }
    pointers.set(e.pointerId, p);
  });
  const release = (e) => {
    pointers.delete(e.pointerId);
    if (pointers.size === 0) canvas.classList.remove('dragging');
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('pointerleave', () => {
    pointer = null;
    showInfo();
  });

  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    // Pixels, lines or pages to pixels; 500 pixels of wheel is one level. A trackpad pinch comes
    // as a wheel event with ctrlKey and small deltas, so it zooms faster per pixel.
    const dy = e.deltaY * (e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? 500 : 1);
    const p = canvasPos(e);
    if (view.mode === '3d') zoom3d(-dy / (e.ctrlKey ? 100 : 500));
    else zoomAt(p.x, p.y, -dy / (e.ctrlKey ? 100 : 500));
  }, { passive: false });

  canvas.addEventListener('dblclick', (e) => {
    const p = canvasPos(e);
    if (view.mode === '3d') zoom3d(e.shiftKey ? -1 : 1);
    else zoomAt(p.x, p.y, e.shiftKey ? -1 : 1);
  });

  window.addEventListener('keydown', (e) => {
    // Controls keep their own keys: a select its letters and arrows, radio buttons their arrows.
    const t = e.target;
    if (t instanceof HTMLSelectElement || (t instanceof HTMLInputElement && e.key.startsWith('Arrow'))) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    const step = 64;
    if (view.mode === '3d') {
      // Arrows turn the camera by 15°, as far as a 37.5-pixel drag.
      const turn = 15 / DEGREES_PER_PIXEL;
      switch (e.key) {
        case '+': case '=': zoom3d(1); break;
        case '-': case '_': zoom3d(-1); break;
        case 'ArrowLeft': orbit(turn, 0); break;
        case 'ArrowRight': orbit(-turn, 0); break;
        case 'ArrowUp': orbit(0, -turn); break;
        case 'ArrowDown': orbit(0, turn); break;
        default: return;
      }
      e.preventDefault();
      return;
    }
    switch (e.key) {
      case '+': case '=': zoomAt(w / 2, h / 2, 1); break;
      case '-': case '_': zoomAt(w / 2, h / 2, -1); break;
      case 'ArrowLeft': panBy(step, 0); break;
      case 'ArrowRight': panBy(-step, 0); break;
      case 'ArrowUp': panBy(0, step); break;
      case 'ArrowDown': panBy(0, -step); break;
      default: return;
    }
    e.preventDefault();
  });

  // ---- toolbar ----

  function forgetFailures() {
    failed.clear();
    retryAt.clear();
    volume.failed = null;
    showMessage('', false);
  }

  // The z slider shows for a solid in 2D, the 3D mode for a solid (or when the URL asked for it).
  function updateSolidControls() {
    const solid = isSolid();
    ui.sliceBar.hidden = !solid || view.mode === '3d';
    ui.mode3d.hidden = !solid && view.mode !== '3d';
  }

  function selectModel(id) {
    if (id === view.model) return;
    view.model = id;
    ui.model.value = id;
    updateSolidControls();
    forgetFailures();
    requestDraw();
  }

  async function loadModels() {
    busy++;
    try {
      const res = await fetch('models');
      if (!res.ok) {
        showMessage(await errorText(res), true);
        return;
      }
      const list = (await res.json()).models;
      models.clear();
      for (const m of list) models.set(m.id, m);
      ui.model.replaceChildren(...list.map((m) => new Option(m.name + ' (' + m.ops + ' ops)', m.id)));
      // A linked model the service does not list (expired, or not loaded yet) still gets an entry,
      // so the picker shows what the canvas shows; its tiles will say what is wrong.
      if (view.model && !models.has(view.model)) {
        ui.model.add(new Option(view.model, view.model));
      }
      if (!view.model && list.length) view.model = list[0].id;
      updateSolidControls();
      if (view.model) ui.model.value = view.model;
      else showMessage('no models: upload a .vm file', false);
    } catch (e) {
      showMessage('cannot list models: ' + e.message, true);
    } finally {
      busy--;
      requestDraw();
    }
  }

  ui.model.addEventListener('change', () => selectModel(ui.model.value));

  for (const r of ui.modes) {
    r.addEventListener('change', () => {
      if (!r.checked) return;
      view.mode = r.value;
      updateSolidControls();
      // Debug tiles show how pixels were decided, which changes as the service compiles code:
      // coming back to debug asks again rather than showing what was true then.
      if (view.mode === 'debug') {
        for (const [key, entry] of cache) {
          if (key.includes('/debug/')) {
            entry.bitmap.close();
            cache.delete(key);
          }
        }
      }
      forgetFailures();
      requestDraw();
    });
  }

  ui.overlay.addEventListener('change', requestDraw);

  ui.slice.addEventListener('input', () => {
    view.slice = Number(ui.slice.value);
    ui.sliceValue.textContent = String(view.slice);
    forgetFailures();
    requestDraw();
  });

  // The service's rule for a model's name (1 to 100 characters, no '/', '\\' or control
  // character): a file name breaks it only by its length or an odd character, so mend those.
  const uploadName = (fileName) => {
    const chars = [...fileName.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029/\\]/g, '_')];
    if (chars.length === 0) return 'upload.vm';
    if (chars.length <= 100) return chars.join('');
    const dot = fileName.lastIndexOf('.');
    const ext = dot > 0 && fileName.length - dot <= 10 ? [...fileName.slice(dot)] : [];
    return chars.slice(0, 100 - ext.length).join('') + ext.join('');
  };

  ui.upload.addEventListener('change', async () => {
    const file = ui.upload.files[0];
    if (!file) return;
    busy++;
    showMessage('uploading ' + file.name + '…', false);
    try {
      const res = await fetch('models?name=' + encodeURIComponent(uploadName(file.name)), {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: file,
      });
      if (!res.ok) {
        showMessage(await errorText(res), true);
        return;
      }
      const m = await res.json();
      await loadModels();
      selectModel(m.id);
      showMessage((m.created === false ? 'already loaded: ' : 'loaded ') + m.name + ', ' + m.ops + ' ops', false);
    } catch (e) {
      showMessage('upload failed: ' + e.message, true);
    } finally {
      busy--;
      ui.upload.value = ''; // so that choosing the same file again is a change
      requestDraw();
    }
  });

  window.addEventListener('resize', resize);
  window.addEventListener('hashchange', () => {
    if (location.hash === lastHash) return; // our own replaceState
    const model = view.model, mode = view.mode;
    readHash();
    if (view.model !== model || view.mode !== mode) forgetFailures();
    if (view.model) ui.model.value = view.model;
    requestDraw();
  });

  // ---- the test hook ----

  function isIdle() {
    return !frameQueued && busy === 0 && inFlight.size === 0 && wantedMissing === 0 && hashTimer === null
      && volume.timer === null && volume.controller === null;
  }

  function checkIdle() {
    if (!isIdle() || idleWaiters.length === 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  window.arielViewer = {
    state: () => ({
      model: view.model,
      mode: view.mode,
      zoom: view.zoom,
      cx: view.cx,
      cy: view.cy,
      slice: view.slice,
      yaw: view.yaw,
      pitch: view.pitch,
      scale: view.scale,
      solid: isSolid(),
      volumeUrl: volume.url,
      volumeRequested: volume.requested,
      volumeLoaded: volume.loaded,
      volumeAborted: volume.aborted,
      level: level(),
      tilesRequested: stats.tilesRequested,
      tilesLoaded: stats.tilesLoaded,
      tilesDrawn: stats.tilesDrawn,
      inFlight: inFlight.size,
      errors: stats.errors,
      retries: stats.retries,
      aborted: stats.aborted,
      peakInFlight: stats.peakInFlight,
      cached: cache.size,
      message: ui.message.textContent,
    }),
    tilesOnScreen: () => onScreen.map((t) => Object.assign({}, t)),
    idle: () => new Promise((resolve) => {
      idleWaiters.push(resolve);
      checkIdle();
    }),
  };

  resize();
  readHash();
  loadModels();
})();
