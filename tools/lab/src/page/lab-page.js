/* global window, document, fetch, setInterval, URL, URLSearchParams, Hls */
// The lab's page: hls.js plays the origin group's master playlist; the status panel polls /api/status.
// Everything the player does is recorded in window.__labPlayer (events and 100 ms samples of
// currentTime) for the end-to-end test and the scenario timelines.
(() => {
  'use strict';

  const MAX_ENTRIES = 20000;
  const SAMPLE_EVERY_MS = 100;
  const STATUS_EVERY_MS = 500;
  const params = new URLSearchParams(window.location.search);
  const source = params.get('src') || '/live/master.m3u8';

  const player = { source, startedAt: Date.now(), events: [], samples: [] };
  window.__labPlayer = player;
  const push = (list, entry) => {
    list.push(entry);
    if (list.length > MAX_ENTRIES) list.splice(0, list.length - MAX_ENTRIES);
  };
  const NOTABLE = ['error', 'level-switching', 'waiting', 'playing', 'ended', 'play-rejected'];
  const notable = [];
  const pathOf = (url) => (url ? new URL(url, window.location.href).pathname : '');
  const showNotable = (entry) => {
    const time = `${new Date(entry.t).toISOString().slice(11, 23)} UTC`;
    const detail =
      entry.type === 'error'
        ? `${entry.details}${entry.code ? ` ${entry.code}` : ''}${entry.fatal ? ' (fatal)' : ''} ${pathOf(entry.url)}`
        : entry.type === 'level-switching'
          ? `level-switching → ${pathOf(entry.uri)}`
          : entry.type;
    notable.unshift(`${time}  ${detail}`);
    notable.length = Math.min(notable.length, 8);
    const list = document.getElementById('player-events');
    if (!list) return;
    list.replaceChildren(
      ...notable.map((line) => {
        const li = document.createElement('li');
        li.textContent = line;
        return li;
      }),
    );
  };
  const record = (type, data) => {
    const entry = { t: Date.now(), type, ...data };
    push(player.events, entry);
    if (NOTABLE.includes(type)) showNotable(entry);
  };

  const $ = (id) => document.getElementById(id);
  const video = $('video');
  const streamLink = $('stream-url');
  streamLink.href = source;
  streamLink.textContent = new URL(source, window.location.href).toString();

  // Which pipeline answered each fragment: the URL for a pinned path (/a/…, /b/…), the edge's
  // X-Lab-Origin header for an origin-group path (the player cannot tell otherwise).
  const servedByUrl = new Map();
  const servedByOf = (networkDetails) => {
    try {
      const header =
        networkDetails && typeof networkDetails.getResponseHeader === 'function'
          ? networkDetails.getResponseHeader('X-Lab-Origin')
          : undefined;
      return header === 'a' || header === 'b' ? header : undefined;
    } catch {
      return undefined;
    }
  };
  const describe = (url) => {
    const match = /\/(?:([ab])\/)?live\/([^/]+)\/seg-(\d+)\.ts/.exec(url || '');
    if (!match) return url || '—';
    const servedBy = match[1] || servedByUrl.get(url);
    const pipeline = match[1]
      ? `pipeline ${match[1].toUpperCase()} (pinned URL)`
      : `pipeline ${servedBy ? servedBy.toUpperCase() : '?'} via the origin group`;
    return `${pipeline} · ${match[2]} · segment ${match[3]}`;
  };

  const showFatal = (entry) => {
    const banner = $('fatal-banner');
    $('fatal-detail').textContent =
      `${entry.details}${entry.code ? ` ${entry.code}` : ''} on ${pathOf(entry.url) || '—'} at ` +
      `${new Date(entry.t).toISOString().slice(11, 23)} UTC. hls.js stopped loading; reload the player ` +
      'to start again.';
    banner.hidden = false;
  };
  $('reload-player').addEventListener('click', () => window.location.reload());

  if (typeof Hls !== 'undefined' && Hls.isSupported()) {
    const hls = new Hls();
    window.__labHls = hls;
    const E = Hls.Events;
    hls.on(E.MANIFEST_PARSED, (_e, d) => {
      record('manifest-parsed', {
        levels: d.levels.map((l) => ({ height: l.height, bitrate: l.bitrate, urls: l.url })),
      });
      video.play().catch((error) => record('play-rejected', { message: String(error) }));
    });
    hls.on(E.LEVEL_SWITCHING, (_e, d) => record('level-switching', { level: d.level, uri: d.uri }));
    hls.on(E.LEVEL_SWITCHED, (_e, d) => record('level-switched', { level: d.level }));
    hls.on(E.LEVEL_LOADED, (_e, d) =>
      record('level-loaded', {
        level: d.level,
        url: d.details.url,
        live: d.details.live,
        startSn: d.details.startSN,
        endSn: d.details.endSN,
      }),
    );
    hls.on(E.FRAG_LOADED, (_e, d) => {
      const servedBy = servedByOf(d.networkDetails);
      if (servedBy) servedByUrl.set(d.frag.url, servedBy);
      if (servedByUrl.size > 200) servedByUrl.delete(servedByUrl.keys().next().value);
      record('frag-loaded', { url: d.frag.url, sn: d.frag.sn, level: d.frag.level, servedBy });
    });
    hls.on(E.FRAG_CHANGED, (_e, d) => {
      record('frag-changed', { url: d.frag.url, sn: d.frag.sn, level: d.frag.level });
      $('now-playing').textContent = describe(d.frag.url);
    });
    hls.on(E.ERROR, (_e, d) => {
      const entry = {
        errorType: d.type,
        details: d.details,
        fatal: d.fatal,
        code: d.response ? d.response.code : undefined,
        url: d.url || (d.context && d.context.url) || (d.frag && d.frag.url) || undefined,
      };
      record('error', entry);
      if (d.fatal && d.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else if (d.fatal) showFatal({ t: Date.now(), ...entry });
    });
    hls.loadSource(source);
    hls.attachMedia(video);
  } else {
    record('unsupported', { message: 'hls.js is not supported in this browser (no MSE)' });
    video.src = source;
  }

  for (const type of ['playing', 'waiting', 'stalled', 'pause', 'ended', 'seeking', 'seeked']) {
    video.addEventListener(type, () => record(type, { currentTime: video.currentTime }));
  }

  let lastAdvanceAt;
  let lastTime = 0;
  let longestStallMs = 0;
  setInterval(() => {
    const t = Date.now();
    const ct = video.currentTime;
    const buffered = video.buffered.length ? video.buffered.end(video.buffered.length - 1) : 0;
    push(player.samples, {
      t,
      ct,
      buf: Math.max(0, buffered - ct),
      paused: video.paused,
      ended: video.ended,
    });
    if (ct > lastTime + 0.01) {
      lastAdvanceAt = t;
      lastTime = ct;
    } else if (lastAdvanceAt !== undefined && !video.ended && !video.paused) {
      longestStallMs = Math.max(longestStallMs, t - lastAdvanceAt);
    }
    $('position').textContent =
      `${ct.toFixed(1)} s (buffer ${Math.max(0, buffered - ct).toFixed(1)} s)` +
      (video.ended ? ' — ended' : '');
    $('stall').textContent =
      lastAdvanceAt === undefined ? '—' : `${(longestStallMs / 1000).toFixed(1)} s`;
  }, SAMPLE_EVERY_MS);

  const seconds = (ms, signed) =>
    ms === undefined || ms === null
      ? '—'
      : `${signed && ms > 0 ? '+' : ''}${(ms / 1000).toFixed(1)} s`;

  const cell = (text, className) => {
    const td = document.createElement('td');
    if (className) {
      const span = document.createElement('span');
      span.className = className;
      span.textContent = text;
      td.appendChild(span);
    } else {
      td.textContent = text;
    }
    return td;
  };

  const control = async (body) => {
    const error = $('control-error');
    error.hidden = true;
    try {
      const answer = await fetch('/api/control', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!answer.ok) throw new Error((await answer.json()).problem || answer.statusText);
    } catch (e) {
      error.textContent = String(e.message || e);
      error.hidden = false;
    }
  };

  document.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const { action, pipeline, rendition } = button.dataset;
    control({ action, pipeline, rendition });
  });

  const clock = (ms) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;
  const renderChannel = (channel) => {
    const box = $('channel');
    if (!channel) return;
    if (channel.state === 'down') {
      box.className = 'channel down';
      box.textContent =
        `Channel down since ${clock(channel.downSinceMs)}: every copy of every media playlist is ` +
        'deleted (by the checker, every pipeline stale, or by another client), the edge answers 404.';
    } else if (channel.lastOutage) {
      box.className = 'channel recovered';
      box.textContent =
        `Channel recovered at ${clock(channel.lastOutage.recoveredAtMs)} after an outage of ` +
        `${(channel.lastOutage.outageMs / 1000).toFixed(1)} s (down at ${clock(channel.lastOutage.downAtMs)}).`;
    } else {
      box.className = 'channel up';
      box.textContent = 'Channel up: at least one pipeline publishes every rendition.';
    }
  };

  const render = (status) => {
    renderChannel(status.channel);
    const body = $('playlists');
    body.replaceChildren(
      ...status.playlists.map((row) => {
        const tr = document.createElement('tr');
        const link = document.createElement('a');
        link.href = row.edgePath;
        link.textContent = row.edgePath;
        const where = document.createElement('td');
        where.append(`${row.pipeline.toUpperCase()} `, link);
        const crash = document.createElement('button');
        crash.textContent = 'crash';
        crash.dataset.action = 'crash-rendition';
        crash.dataset.pipeline = row.pipeline;
        crash.dataset.rendition = row.rendition;
        const action = document.createElement('td');
        action.appendChild(crash);
        const live = row.state === 'live' || row.state === 'stale';
        tr.append(
          cell(String(row.index)),
          where,
          cell(row.stream),
          cell(row.state, `badge ${row.state}`),
          cell(seconds(row.ageMs)),
          cell(live ? seconds(row.deadlineInMs, true) : '—'),
          cell(row.mediaSequence === undefined ? '—' : String(row.mediaSequence)),
          cell(row.lastDeleteLagMs === undefined ? '—' : `${row.lastDeleteLagMs} ms`),
          action,
        );
        return tr;
      }),
    );
    const c = status.counters;
    $('counters').textContent =
      `notifications ${c.notificationsSent} · checker invocations ${c.checkerInvocations} · ` +
      `reconcile sweeps ${c.reconcileSweeps} · deletions ${c.deletions} · edge requests ` +
      `${c.edge.requests} (cache hits ${c.edge.cacheHits}, served by B after A failed ${c.edge.failovers.b})` +
      ` · topology ${status.options.topology}` +
      (status.options.allStalePolicy
        ? ` · ALL_STALE_POLICY=${status.options.allStalePolicy}`
        : '') +
      (status.options.checker ? '' : ' · CHECKER OFF (--no-checker)');
    $('events').replaceChildren(
      ...status.eventLines
        .slice()
        .reverse()
        .map((line) => {
          const li = document.createElement('li');
          li.textContent = line;
          return li;
        }),
    );
    $('standins').replaceChildren(
      ...status.standIns.map((s) => {
        const li = document.createElement('li');
        li.textContent = `${s.name} → ${s.standsFor}: ${s.detail}`;
        return li;
      }),
    );
  };

  let polling = false;
  let lastStatusAt;
  setInterval(async () => {
    if (polling) return;
    polling = true;
    try {
      const answer = await fetch('/api/status', { cache: 'no-store' });
      if (!answer.ok) throw new Error(`status ${answer.status}`);
      render(await answer.json());
      lastStatusAt = Date.now();
      document.body.classList.remove('disconnected');
      $('disconnected').hidden = true;
    } catch {
      // The lab stopped (or restarts): keep the last state on screen, say it is not live any more.
      document.body.classList.add('disconnected');
      $('disconnected').textContent =
        'Disconnected: the lab does not answer' +
        (lastStatusAt ? ` since ${clock(lastStatusAt)}` : '') +
        ' (stopped?). The table shows the last state it reported; start the lab and reload.';
      $('disconnected').hidden = false;
    } finally {
      polling = false;
    }
  }, STATUS_EVERY_MS);
})();
