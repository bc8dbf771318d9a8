import { notificationDelaySeconds } from '@hls-stale-guard/contract';
import { AWS_PRICES_US_EAST_1, SECONDS_PER_MONTH } from '../cost/aws-prices';
import { firstSightPerKey, xrayTracesPerMonth } from '../cost/monthly-scaling';
import { priceUsage } from '../cost/price-usage';
import type { GuardPerMillion } from '../cost/cost-report';
import { addUsage, scaleUsage, sqsTotal, type Usage } from '../cost/usage';
import type { DetectionResult } from '../detection/run-detection';
import type { Summary } from '../stats/percentiles';
import type { BenchResults } from './bench-results';
import { bytes, fmt, markdownTable, ms, perUnit, usd } from './format';

const P = AWS_PRICES_US_EAST_1;
const MILLION = 1_000_000;

function lagCells(summary: Summary | undefined): string[] {
  return summary
    ? [ms(summary.p50), ms(summary.p95), ms(summary.p99), ms(summary.max)]
    : ['–', '–', '–', '–'];
}

function renderMachine(r: BenchResults): string {
  const m = r.machine;
  return [
    `Measured ${r.startedAt} on ${m.nproc} cores (\`nproc\` = ${m.nproc}), ${m.cpuModel}, ${fmt(m.memoryGb, 1)} GB RAM; ` +
      `benchmark on Node ${m.benchNode} (npm's \`node_modules/.bin/node\`, the Lambda runtime's major), machine \`node -v\` ${m.systemNode ?? '–'}; ` +
      `load average at start ${m.loadAverageAtStart.join(' / ')} (other agents share the machine). ` +
      `Seed ${r.seed}; whole run ${fmt(r.wallMs / 1000, 0)} s.`,
    '',
    `Deployment settings from \`${r.defaults.source}\`: ${r.defaults.memoryMb} MB, batch ${r.defaults.batchSize}, ` +
      `batching window ${fmt(r.defaults.batchingWindowSeconds)} s, \`INLINE_WAIT_MAX_MS\` ${fmt(r.defaults.inlineWaitMaxMs)}, ` +
      `queue delay ${fmt(notificationDelaySeconds(r.defaults))} s (shortest TARGETDURATION ${r.defaults.minTargetDurationSeconds === null ? 'not set' : `${fmt(r.defaults.minTargetDurationSeconds)} s`}), ` +
      `event source maximum concurrency ${r.defaults.maxConcurrency}, k = ${r.defaults.targetDurationMultiple}, ` +
      `deletion valve ${r.defaults.maxDeletionsPerMinute}/min, reconciler every ${r.defaults.reconcileIntervalMinutes} min.`,
  ].join('\n');
}

function detectionRow(label: string, d: DetectionResult): string[] {
  const a = d.analysis;
  return [
    label,
    fmt(d.playlists),
    `${fmt(d.uploads)} (${fmt(a.lateUploads)} late)`,
    fmt(a.stops),
    ...lagCells(d.lagMs),
    fmt(a.falseDeletions.length),
    fmt(a.misses.length),
    `${fmt(d.poll.intervalMs)} ms (${fmt(d.poll.meanIntervalMs)} ms)`,
  ];
}

function loadRow(label: string, d: DetectionResult): string[] {
  const l = d.load;
  return [
    label,
    `${ms(d.putLatencyMs?.p50)} / ${ms(d.putLatencyMs?.p95)}`,
    `${ms(d.deleteLagMs?.p50)} / ${ms(d.deleteLagMs?.p95)} / ${ms(d.deleteLagMs?.max)}`,
    fmt(d.analysis.encoderOverruns),
    fmt(d.analysis.ifMatchRaces),
    `${fmt(l.checkerCpuS, 1)} / ${fmt(l.originCpuS, 1)} / ${fmt(l.fauxqsCpuS, 1)} s`,
    `${ms(l.checkerEventLoopDelayP99Ms)} / ${ms(l.originEventLoopDelayP99Ms)}`,
    fmt(d.checkerLog.errors),
  ];
}

function renderDetection(r: BenchResults): string {
  const d = r.detection;
  if (!d) return '';
  const e = d.events;
  const deadline = e.multiple * e.targetDurationS;
  return [
    '## 1. Detection lag at scale',
    '',
    `${fmt(e.playlists)} live media playlists (${e.buckets.length} pipelines = buckets ${e.buckets.map((b) => `\`${b}\``).join(', ')}; ` +
      `25 channels × 4 renditions each), TARGETDURATION ${e.targetDurationS} s, deadline k × TD = ${fmt(deadline, 1)} s. ` +
      'Uploads every 0.9–1.1 × TD, 10 % of them late (1.25–1.4 × TD, inside the deadline); half of the encoders ' +
      '(all renditions of a channel on one pipeline at once, like a crash) stop at a random time: in the event-path ' +
      `runs after the steady window that prices the uploads (section 2; from ${fmt((e.steady.untilMs ?? 0) / 1000)} s on here), ` +
      'in the reconciler run at any time. ' +
      'Lag = first 404 seen by a poller − (last upload returned + k × TD). The poller watches only stopped ' +
      'playlists, from their deadline on, one HEAD per playlist every poll interval, at most 8 in flight: the ' +
      'measured interval (in brackets) bounds the resolution.',
    '',
    markdownTable(
      [
        'mode',
        'playlists:',
        'uploads:',
        'stops:',
        'lag p50:',
        'p95:',
        'p99:',
        'max:',
        'false deletions:',
        'misses:',
        'poll interval:',
      ],
      [
        detectionRow('events: S3 → SQS → Lambda', e),
        detectionRow(
          `reconciler alone, every ${fmt(d.reconcileIntervalMs / 1000)} s`,
          d.reconciler,
        ),
        detectionRow('events, sparse origin (1 channel, 1 pipeline stops)', d.sparse),
        ...(d.atOtherTargetDuration
          ? [
              detectionRow(
                `events, TD ${d.atOtherTargetDuration.targetDurationS} s, queue delay ${d.atOtherTargetDuration.queueDelaySeconds} s`,
                d.atOtherTargetDuration.events,
              ),
              detectionRow(
                `events, TD ${d.atOtherTargetDuration.targetDurationS} s, sparse origin`,
                d.atOtherTargetDuration.sparse,
              ),
            ]
          : []),
      ],
    ),
    '',
    "How loaded the run was (the lag above includes this machine's queueing):",
    '',
    markdownTable(
      [
        'mode',
        'encoder PUT p50 / p95:',
        'DELETE lag p50 / p95 / max:',
        'encoder overruns:',
        'If-Match races:',
        'CPU checker / origin / fauxqs:',
        'event-loop delay p99 checker / origin:',
        'checker errors:',
      ],
      [
        loadRow('events', e),
        loadRow('reconciler', d.reconciler),
        loadRow('sparse', d.sparse),
        ...(d.atOtherTargetDuration
          ? [
              loadRow(
                `events, TD ${d.atOtherTargetDuration.targetDurationS} s`,
                d.atOtherTargetDuration.events,
              ),
              loadRow(
                `sparse, TD ${d.atOtherTargetDuration.targetDurationS} s`,
                d.atOtherTargetDuration.sparse,
              ),
            ]
          : []),
      ],
    ),
    '',
    "- *DELETE lag*: the checker's DeleteObject answered − deadline (no poll resolution).",
    `- Event-path instances (${r.defaults.maxConcurrency}, the event source's maximum concurrency) were busy ` +
      `${fmt((e.invocations.busyFraction ?? 0) * 100)} % of the run (dense) and ` +
      `${fmt((d.sparse.invocations.busyFraction ?? 0) * 100)} % (sparse): a message due within \`INLINE_WAIT_MAX_MS\` ` +
      `(${fmt(r.defaults.inlineWaitMaxMs)} ms) is waited for inside the invocation, so a batch holds its instance that long; ` +
      'near 100 % due messages queue and the lag tail grows.',
    checkerCpuLine(r.defaults.memoryMb, [
      ['dense', e],
      ['reconciler', d.reconciler],
      ['sparse', d.sparse],
    ]),
    '- *Encoder overruns*: uploads whose PUT returned ≥ k × TD after the previous one began (this machine was too ' +
      "busy for the encoder's cadence); deleting such a playlist is correct.",
    '- *If-Match races*: a correctly judged stale version whose DELETE hit a newer upload that landed after the ' +
      "HEAD: S3 answers 412 to the checker's `If-Match`; fauxqs ignores the header and deletes.",
    d.reconciler.sweeps
      ? `- Reconciler: ${fmt(d.reconciler.sweeps.count)} sweeps of ${fmt(d.reconciler.playlists)} keys, ` +
        `sweep time p50 ${ms(d.reconciler.sweeps.durationMs?.p50)}, max ${ms(d.reconciler.sweeps.durationMs?.max)} ` +
        `(the first sweep of a fresh instance reads every key). Its lag is the wait for the next sweep plus the sweep: ` +
        `with the production schedule (${r.defaults.reconcileIntervalMinutes} min) it bounds the lag by ≈ the interval.`
      : '',
  ].join('\n');
}

/** One line item per row; per column (a usage per million uploads): the count per upload and its price. */
function usageLines(columns: readonly Usage[]): string[][] {
  const actions = [...new Set(columns.flatMap((u) => Object.keys(u.sqs)))].sort();
  const row = (name: string, count: (u: Usage) => number, price: number) => [
    name,
    ...columns.flatMap((u) => [perUnit(count(u) / MILLION), usd(count(u) * price)]),
  ];
  return [
    ...actions.map((action) => row(`SQS ${action}`, (u) => u.sqs[action] ?? 0, P.sqsPerRequestUsd)),
    row('Lambda requests', (u) => u.lambdaInvocations, P.lambdaPerRequestUsd),
    row('Lambda GB-seconds (arm64)', (u) => u.lambdaGbSeconds, P.lambdaPerGbSecondArm64Usd),
    row('S3 HEAD', (u) => u.s3.head, P.s3PerGetOrHeadUsd),
    row('S3 GET (bounded range reads)', (u) => u.s3.get, P.s3PerGetOrHeadUsd),
    row('S3 LIST', (u) => u.s3.list, P.s3PerPutOrListUsd),
    row('S3 DELETE (free)', (u) => u.s3.delete, P.s3PerDeleteUsd),
    row('DynamoDB read units (registry)', (u) => u.dynamoDb.readUnits, P.dynamoDbPerReadUnitUsd),
    row('DynamoDB write units (registry)', (u) => u.dynamoDb.writeUnits, P.dynamoDbPerWriteUnitUsd),
    row('CloudWatch Logs bytes ingested', (u) => u.logBytes, P.logsIngestionPerGbUsd / 1024 ** 3),
  ];
}

const pct = (part: number, whole: number) => `${fmt(whole > 0 ? (100 * part) / whole : 0)} %`;

/** Per upload before the steady window: what fresh instances' first sights add. */
function warm(run: DetectionResult): { get: number; readUnits: number; writeUnits: number } {
  const later = run.afterSteady
    ? addUsage(run.steady.usage, run.afterSteady.usage)
    : run.steady.usage;
  const uploads = Math.max(1, run.uploads - run.steady.uploads - (run.afterSteady?.uploads ?? 0));
  return {
    get: (run.usage.s3.get - later.s3.get) / uploads,
    readUnits: (run.usage.dynamoDb.readUnits - later.dynamoDb.readUnits) / uploads,
    writeUnits: (run.usage.dynamoDb.writeUnits - later.dynamoDb.writeUnits) / uploads,
  };
}

/** A run's steady window in words: from when to when, and its uploads. */
function steadyWindow(run: DetectionResult): string {
  const { afterMs, untilMs, uploads } = run.steady;
  const until = untilMs === undefined ? 'on' : `to ${fmt(untilMs / 1000)} s`;
  return `from ${fmt(afterMs / 1000)} s ${until}, ${fmt(uploads)} uploads`;
}

/** One stop's usage, in words. */
function describeStop(u: Usage): string {
  return (
    `${perUnit(u.s3.head)} HEAD, ${perUnit(u.s3.get)} GET, ${perUnit(u.s3.delete)} DELETE, ` +
    `${perUnit(sqsTotal(u))} SQS requests, ${perUnit(u.lambdaInvocations)} invocations, ` +
    `${perUnit(u.lambdaGbSeconds)} GB-s, ${perUnit(u.dynamoDb.readUnits)} read and ` +
    `${perUnit(u.dynamoDb.writeUnits)} write units, ${bytes(u.logBytes)} logged`
  );
}

/** The all-in month of an origin like a measured one, per million uploads, by item. */
function allInLines(guards: readonly GuardPerMillion[], stopsPerPlaylist?: number): string[][] {
  const per = (g: GuardPerMillion, v: number) => usd((v / g.month.uploadsPerMonth) * MILLION);
  const item = (name: string, value: (g: GuardPerMillion) => number) => [
    name,
    ...guards.flatMap((g) => ['', per(g, value(g))]),
  ];
  return [
    item('event path (above)', (g) => g.month.eventPathUsd),
    item(
      'reconciler + idle long polls',
      (g) =>
        g.month.usageUsd.total - g.month.eventPathUsd - g.month.firstSightsUsd - g.month.stopsUsd,
    ),
    item('first sights of fresh instances', (g) => g.month.firstSightsUsd),
    ...(stopsPerPlaylist === undefined
      ? []
      : [
          item(
            `encoder stops (${fmt(stopsPerPlaylist)} a month per playlist, assumed)`,
            (g) => g.month.stopsUsd,
          ),
        ]),
    item('X-Ray traces (`tracing` active only)', (g) => g.month.xrayUsd),
    item('custom metrics', (g) => g.month.customMetricsUsd),
    item('alarms + dashboard', (g) => g.month.alarmsUsd + g.month.dashboardUsd),
    item('KMS key + requests', (g) => g.month.kmsUsd),
    item(
      'log storage + registry storage',
      (g) => g.month.logStorageUsd + g.month.registryStorageUsd,
    ),
    ['**all-in**', ...guards.flatMap((g) => ['', `**${usd(g.allInUsd)}**`])],
  ];
}

function renderCost(r: BenchResults): string {
  const c = r.cost;
  const d = r.detection;
  if (!c || !d) return '';
  const pm = c.report.perMillionUploads;
  const [sleepingTd, ...otherTds] = pm.sleeping;
  if (!sleepingTd) return '';
  const e = d.events;
  const firstSightUsd = priceUsage(firstSightPerKey(notificationDelaySeconds(r.defaults))).total;
  const oneChannel = c.report.monthly[0]?.guard;
  const xrayIfActiveUsd = oneChannel
    ? xrayTracesPerMonth(oneChannel.usage.lambdaInvocations / SECONDS_PER_MONTH) * P.xrayPerTraceUsd
    : 0;
  const columns = [...pm.guard.map((g) => g.usage), sleepingTd.usage];
  const totals = [...pm.guard.map((g) => g.cost.total), sleepingTd.cost.total];
  const rows = usageLines(columns);
  rows.push(['**event path**', ...totals.flatMap((t) => ['', `**${usd(t)}**`])]);
  const headers = [
    'per upload',
    ...c.points.flatMap((p) => [
      `guard, ${p.label} (${fmt(p.uploadsPerSecond)} uploads/s):`,
      '$ / 1M uploads:',
    ]),
    `sleeping function, TD ${sleepingTd.targetDurationS} s, 128 MB:`,
    '$ / 1M uploads:',
  ];
  const sweep = c.perSweep;
  const f = c.report.monthly[0]?.guard;
  return [
    '## 2. Cost per million playlist uploads',
    '',
    `Counted in the events run above and in a sparse run (one channel: 8 playlists; one pipeline stops after the steady window), ` +
      `steady state: once every instance has seen every key, as long-lived instances have, until the first encoder stop ` +
      `(${steadyWindow(e)} and ${steadyWindow(d.sparse)}; a fresh instance reads ` +
      `each key's facts and registry item once, see "First sight" below; the stops are priced apart, see "Encoder stops"): ` +
      "every request the guard causes, retries included (the encoders' own PUTs are not the guard's cost), the registry's " +
      'DynamoDB requests, and every byte the checker logs (its JSON lines at `LOG_LEVEL` ' +
      `${r.defaults.logLevel} and its EMF metric lines, + 26 bytes per line; Lambda's START/END/REPORT lines are off), ` +
      `priced at us-east-1 list prices (\`tools/bench/src/cost/aws-prices.ts\`, links there), Lambda arm64 ${r.defaults.memoryMb} MB, ` +
      `\`INLINE_WAIT_MAX_MS\` ${fmt(r.defaults.inlineWaitMaxMs)}, GB-seconds = measured handler time rounded up to 1 ms × memory. ` +
      `Next to it: one function per upload sleeping k × TD (${fmt(e.multiple * e.targetDurationS, 1)} s) then HEAD + DELETE, ` +
      'at its cheapest honest configuration: 128 MB arm64, its START/END/REPORT lines and one line of its own per upload.',
    '',
    markdownTable(headers, rows),
    '',
    `All-in, for a month of an origin like the measured one (same playlists, same upload rate), per million uploads; ` +
      `floor of the architecture (one SendMessage + one HEAD per upload): ${usd(pm.floorUsd)}:`,
    '',
    markdownTable(
      ['all-in per 1M uploads', ...c.points.flatMap((p) => [`${p.label}:`, '$:'])],
      allInLines(pm.guard, c.stops?.perPlaylistPerMonth),
    ),
    '',
    `- Ratio to the floor: ${pm.guard.map((g) => `${fmt(g.uploadsPerSecond)} uploads/s ${fmt(g.allInUsd / pm.floorUsd, 2)}× all-in, ${fmt(g.cost.total / pm.floorUsd, 2)}× event path`).join('; ')}.`,
    `- Sleeping function at TD ${otherTds.map((s) => `${s.targetDurationS} s: ${usd(s.cost.total)}`).join(', ')} per million uploads ` +
      '(it sleeps k × TD per upload).',
    ...pm.otherTargetDurations.map((o) => {
      const runs = d.atOtherTargetDuration;
      const points =
        c.otherTargetDurations?.find((p) => p.targetDurationS === o.targetDurationS)?.points ?? [];
      return (
        `- **At TARGETDURATION ${o.targetDurationS} s**, with \`minTargetDurationSeconds\` ${runs?.minTargetDurationSeconds ?? o.targetDurationS} ` +
        `(queue delay ${runs?.queueDelaySeconds ?? '?'} s), measured the same way: ` +
        o.guard
          .map(
            (g, i) =>
              `${fmt(g.playlists)} playlists (${fmt(g.uploadsPerSecond, 1)} uploads/s) event path ${usd(g.cost.total)}, all-in **${usd(g.allInUsd)}** ` +
              `(${perUnit(g.usage.s3.head / MILLION)} HEAD, ${fmt(points[i]?.deliveriesPerUpload, 2)} deliveries per upload, ` +
              `${fmt(points[i]?.meanBatchSize, 1)} messages per invocation)`,
          )
          .join('; ') +
        `. The monthly rows at TD ${o.targetDurationS} s are billed with these.`
      );
    }),
    `- SQS ReceiveMessage counts the receives that delivered messages. fauxqs also answers every other waiting ` +
      `long poll, empty, whenever one message arrives (${fmt(e.requests.emptyReceives)} and ${fmt(d.sparse.requests.emptyReceives)} such answers); ` +
      'SQS answers empty only when the 20 s wait expires, priced as idle polling.',
    `- Batches: ${c.points.map((p) => `${p.label}: ${fmt(p.meanBatchSize, 1)} messages per invocation, ${fmt(p.deliveriesPerUpload, 2)} deliveries per upload`).join('; ')} ` +
      '(the notification, and its return when it came too early). Fewer messages per batch mean more receives, deletes, invocations and EMF lines per upload.',
    `- First sight: a fresh instance's first message of a key costs ${notificationDelaySeconds(r.defaults) > 0 ? "two GETs and a HEAD (the delayed event's version is usually replaced: its `If-Match` GET fails and the current version is read)" : 'one GET (facts)'}, one \`GetItem\` (0.5 read unit) and one ` +
      `\`UpdateItem\` (1 write unit) (${usd(firstSightUsd * MILLION)} per million first sights). They are priced apart, assuming every one ` +
      `of the ${r.defaults.maxConcurrency} instances is replaced every hour and then sees every key (AWS does not document how long an ` +
      `execution environment lives): ${usd(pm.guard.map((g) => g.month.firstSightsUsd)[0] ?? 0)} and ${usd(pm.guard.map((g) => g.month.firstSightsUsd)[1] ?? 0)} a month for the two origins. ` +
      `Before the steady window (the warm-up) the dense run counted ${perUnit(warm(e).get)} GET, ${perUnit(warm(e).readUnits)} read and ${perUnit(warm(e).writeUnits)} write ` +
      `units per upload, against ${perUnit(e.steady.usage.s3.get / Math.max(1, e.steady.uploads))}, ${perUnit(e.steady.usage.dynamoDb.readUnits / Math.max(1, e.steady.uploads))} and ${perUnit(e.steady.usage.dynamoDb.writeUnits / Math.max(1, e.steady.uploads))} in it.`,
    c.stops
      ? '- Encoder stops, measured apart: the steady windows end where the stops begin, and what the dense runs caused ' +
        'after that beyond their uploads (at the steady usage per upload), per stop, is ' +
        c.stops.measured
          .map(
            (m) =>
              `at TD ${m.targetDurationS} s (${fmt(m.stops)} stops) ${describeStop(m.perStop)}: ` +
              `${usd(priceUsage(scaleUsage(m.perStop, MILLION)).total)} per million stops`,
          )
          .join('; ') +
        `. A difference of two measurements, so an estimate; billed at ${fmt(c.stops.perPlaylistPerMonth)} stops a month per playlist ` +
        `(an assumption: each playlist stopping once a day): ${pm.guard.map((g) => usd(g.month.stopsUsd)).join(' and ')} a month for the two origins.`
      : '',
    `- Reconciler, per sweep of ${fmt(d.reconciler.playlists)} keys (measured): ${perUnit(sweep.s3.head)} HEAD, ${perUnit(sweep.s3.get)} GET, ` +
      `${perUnit(sweep.dynamoDb.readUnits)} read units, ${perUnit(sweep.dynamoDb.writeUnits)} write units, ${perUnit(sweep.lambdaGbSeconds)} GB-s, ${bytes(sweep.logBytes)} logged.`,
    `- Custom metrics: a healthy origin's EMF lines created ${fmt(c.routineMetricSeries.length)} (metric, dimensions) pairs ` +
      `(${c.routineMetricSeries.join(', ')}), each getting data every hour: ${usd(c.routineMetricSeries.length * P.customMetricMonthUsd)} a month. ` +
      'The per-bucket and per-channel deletion and error metrics are billed only for the hours they get data.',
    f
      ? `- Fixed a month: alarms + dashboard ${usd(f.alarmsUsd + f.dashboardUsd)}, KMS ${usd(f.kmsUsd)}. ` +
        (r.defaults.tracing === 'active'
          ? `X-Ray (\`tracing\` active) samples the first invocation each second and 5 % of the rest (${usd(f.xrayUsd)} a month at one channel, TD 2 s).`
          : `X-Ray is off (\`tracing\` off, the default); on, it would sample the first invocation each second and 5 % of the rest: ` +
            `${usd(xrayIfActiveUsd)} a month at one channel, TD 2 s.`)
      : '',
    '',
    `### Per month (730 h), 4 renditions × 2 pipelines, one playlist version per segment`,
    '',
    markdownTable(
      [
        'channels:',
        'TD:',
        'playlists:',
        'uploads/s:',
        'uploads / month:',
        'stale guard, all-in:',
        'of which event path:',
        'X-Ray:',
        'other fixed:',
        'sleeping function, 128 MB:',
        'guard cheaper by:',
        'its mean concurrency:',
        'usage measured at:',
      ],
      c.report.monthly.map((m) => [
        fmt(m.deployment.channels),
        `${m.deployment.targetDurationS} s`,
        fmt(m.playlists),
        fmt(m.uploadsPerSecond, 1),
        `${fmt(m.uploadsPerMonth / MILLION, 1)} M`,
        usd(m.guardUsd),
        `${usd(m.guard.eventPathUsd)} (${pct(m.guard.eventPathUsd, m.guardUsd)})`,
        usd(m.guard.xrayUsd),
        usd(m.fixedUsd - m.guard.xrayUsd),
        usd(m.sleepingUsd),
        `${fmt(m.ratio, 1)}×`,
        fmt(m.sleepingConcurrency),
        m.usageMeasuredAtTargetDurationS === undefined
          ? '–'
          : `TD ${m.usageMeasuredAtTargetDurationS} s`,
      ]),
    ),
    '',
    "Per-upload usage, from the runs at the row's TARGETDURATION (TD 6 s: with `minTargetDurationSeconds` 6): the sparse run's at or below its upload rate, the dense run's at or above its rate " +
      '(an overestimate there: batches only fill up), interpolated in log(rate) between. ' +
      `Fixed: the reconciler every ${r.defaults.reconcileIntervalMinutes} min (the measured requests per registered playlist per sweep, ` +
      'the slowest measured sweep time per key), the event ' +
      `source's idle long polling (assumed ${c.idlePollers} pollers × one 20 s ReceiveMessage around the clock; AWS does not document it), ` +
      'X-Ray at the resulting invocation rate, custom metrics, alarms, the dashboard, the KMS key, log storage ' +
      `(${r.defaults.logRetentionDays} days' retention, uncompressed) and registry storage. ` +
      "The sleeping design's concurrency counts against the regional quota (default 1,000).",
  ].join('\n');
}

function renderDvr(r: BenchResults): string {
  const t = r.throughput;
  if (!t) return '';
  return [
    '### DVR window length: bytes read per check stay bounded',
    '',
    markdownTable(
      [
        'segments:',
        'playlist bytes:',
        'GETs per check:',
        'bytes read per check (measured):',
        'a full GET would read:',
        'S3 $ per 1M checks (HEAD + GETs):',
      ],
      t.rows.map((row) => [
        fmt(row.segments),
        bytes(row.playlistBytes),
        fmt(row.s3.getRequests),
        bytes(row.s3.bytesRead),
        bytes(row.playlistBytes),
        usd((1 + row.s3.getRequests) * P.s3PerGetOrHeadUsd * MILLION),
      ]),
    ),
    '',
    'A fact read happens once per key per instance and once per stale check (the deadline check of a live ' +
      'playlist sees a new ETag at the HEAD and reads nothing), so the DVR window changes the bill by at most one ' +
      'GET per stale check.',
  ].join('\n');
}

function renderThroughput(r: BenchResults): string {
  const t = r.throughput;
  if (!t) return '';
  return [
    '## 3. Core throughput',
    '',
    `Decisions per second on one core (the fastest of ${t.rounds} rounds of ${fmt(t.measureMs / t.rounds)} ms per cell, after a warm-up: other processes only slow a round down), a stale ffmpeg-style live ` +
      "playlist (PROGRAM-DATE-TIME on every segment): full parse (m3u8-parser + line scan) versus the checker's " +
      'bounded path (first 16 KiB, + last 8 KiB beyond that). Both give the same verdict (checked before measuring).',
    '',
    markdownTable(
      [
        'segments:',
        'playlist bytes:',
        'full parse: decisions/s:',
        'µs each:',
        'bounded: decisions/s:',
        'µs each:',
        'speed-up:',
        'bytes read from S3 per check:',
      ],
      t.rows.map((row) => [
        fmt(row.segments),
        bytes(row.playlistBytes),
        fmt(row.fullParse.decisionsPerSecond),
        fmt(row.fullParse.microsPerDecision, 1),
        fmt(row.bounded.decisionsPerSecond),
        fmt(row.bounded.microsPerDecision, 1),
        `${fmt(row.fullParse.microsPerDecision / row.bounded.microsPerDecision, 1)}×`,
        bytes(row.s3.bytesRead),
      ]),
    ),
  ].join('\n');
}

function renderColdStart(r: BenchResults): string {
  const c = r.coldStart;
  if (!c) return '';
  const f = c.firstInvocation;
  return [
    '## 4. Cold start',
    '',
    markdownTable(
      [
        'bundle (minified):',
        'budget:',
        'gzip -9:',
        'zip:',
        `init, median of ${c.load.runs}:`,
        'process start → exit:',
        `first invocation, median of ${f.runs}:`,
        'second invocation:',
      ],
      [
        [
          `${bytes(c.bundleBytes)}${c.withinBudget ? '' : ' **over budget**'}`,
          bytes(c.budgetBytes),
          bytes(c.gzipBytes),
          c.zipBytes === undefined ? '–' : bytes(c.zipBytes),
          `${ms(c.load.initMsMedian)} (${fmt(c.load.initMsMin)}–${fmt(c.load.initMsMax)})`,
          ms(c.load.processMsMedian),
          `${ms(f.firstMsMedian)} (${fmt(f.firstMsMin)}–${fmt(f.firstMsMax)})`,
          ms(f.secondMsMedian),
        ],
      ],
    ),
    '',
    `- *Init*: \`require('${c.bundlePath}')\` in a fresh Node ${c.node} process (the Lambda runtime is nodejs24.x): ` +
      "module evaluation, `loadConfig`, SDK clients. *Process start → exit* adds Node's own start-up.",
    `- *First invocation*: ${f.how}; one SQS event with one playlist, stale (TARGETDURATION 1 s, invoked 2.5 s after its ` +
      'upload) → HEAD, range GET, DeleteObject If-Match, the metrics as an EMF line on stdout (a local CloudWatch stub ' +
      `received ${fmt(f.putMetricDataCalls)} PutMetricData calls). Every playlist was ` +
      `${f.allDeleted ? 'deleted' : '**not** deleted'}. The second invocation reuses the warm clients.`,
    atLambdaCpuLine(c.atLambdaCpu),
  ].join('\n');
}

function renderSweep(r: BenchResults): string {
  const s = r.sweep;
  if (!s) return '';
  const m = s.monthly;
  const most = s.cases.at(-1);
  return [
    '## 5. Reconciler sweep: playlists, not objects',
    '',
    `${fmt(s.playlists)} live playlists registered in the playlist registry (dynalite), each swept ${fmt(s.sweepsPerCase)} times ` +
      'by a fresh checker instance (no cached facts), with few and with many segment objects beside them in the bucket ' +
      '(fauxqs). Every playlist is fresh, so a sweep deletes nothing: the steady state. Requests counted by SDK middleware.',
    '',
    markdownTable(
      [
        'objects in the bucket:',
        'sweep p50:',
        'sweep max:',
        `at Lambda's CPU, ${fmt(s.atLambdaCpu.memoryMb)} MB:`,
        'Scan pages:',
        'other DynamoDB:',
        'HEAD:',
        'GET:',
        'LIST:',
        'full listing (`register`), once:',
      ],
      s.cases.map((c) => [
        `${fmt(c.objects)} (${fmt(c.segments)} segments)`,
        ms(c.sweepMs.p50),
        ms(c.sweepMs.max),
        ms(c.sweepMsAtLambdaCpu),
        fmt(c.requests.scanPages),
        fmt(c.requests.otherDynamoDb),
        fmt(c.requests.head),
        fmt(c.requests.get),
        fmt(c.requests.list),
        `${ms(c.listing.ms)}, ${fmt(c.listing.lists)} LIST, ${fmt(c.listing.gets)} GET`,
      ]),
    ),
    '',
    `- Requests per sweep ${s.independentOfSegments ? 'are the same' : '**differ**'} with ${fmt(s.cases[0]?.segments)} and ` +
      `${fmt(most?.segments)} segments: one HEAD per live playlist, ${fmt(most?.requests.scanPages)} Scan pages ` +
      '(the second comes back empty: a page that fills `Limit` always has a next key), the cursor read, moved once and cleared. ' +
      'The full listing grows with the objects: one LIST per 1,000 keys.',
    'cpus' in s.atLambdaCpu
      ? `- *At Lambda's CPU*: one more sweep per case by a fresh instance, this process held to ${fmt(s.atLambdaCpu.cpus, 3)} ` +
        `of a core (a cgroup quota; Lambda's share at ${fmt(s.atLambdaCpu.memoryMb)} MB, 1 vCPU at 1,769 MB) while it swept.`
      : `- *At Lambda's CPU*: not measured (${s.atLambdaCpu.reason}).`,
    `- A month on the default schedule (every ${fmt(s.intervalMinutes)} min, ${fmt(m.sweeps)} sweeps), ${fmt(s.playlists)} playlists, ` +
      `items of ${fmt(s.itemBytes)} B, each refreshed hourly by up to ${fmt(s.writersPerKey)} instances: ` +
      `HEAD ${usd(m.usd.heads)}, DynamoDB reads ${usd(m.usd.reads)} (${fmt(m.readUnits)} units), ` +
      `writes ${usd(m.usd.writes)} (${fmt(m.writeUnits)} units), storage ${usd(m.usd.storage)}: **${usd(m.usd.total)}**. ` +
      `Listing the ${fmt(s.playlists + (most?.segments ?? 0))} objects on the same schedule instead: ${fmt(m.listingInstead.lists)} LIST, ` +
      `${usd(m.listingInstead.usd)}. Prices: S3 ${usd(P.s3PerGetOrHeadUsd * 1000)} per 1,000 HEAD, DynamoDB on-demand ` +
      `${usd(P.dynamoDbPerReadUnitUsd * MILLION)} per million read units, ${usd(P.dynamoDbPerWriteUnitUsd * MILLION)} per million write units ` +
      '(https://aws.amazon.com/dynamodb/pricing/on-demand/).',
    `- At scale, the same model for ${fmt(s.atScale.playlists)} playlists beside ${fmt(s.atScale.segments)} segments ` +
      `(20 channels × 5 renditions, 7 days of 6 s segments; one Scan page, no cursor move): **${usd(s.atScale.monthly.usd.total)}** a month ` +
      `(HEAD ${usd(s.atScale.monthly.usd.heads)}, DynamoDB ${usd(s.atScale.monthly.usd.reads + s.atScale.monthly.usd.writes + s.atScale.monthly.usd.storage)}); ` +
      `listing every object instead: ${fmt(s.atScale.monthly.listingInstead.lists)} LIST, **${usd(s.atScale.monthly.listingInstead.usd)}** — ` +
      'and a sweep of 10,000 LIST pages would not finish within one invocation.',
  ].join('\n');
}

function gatesPassed(r: BenchResults): string {
  const gates = [
    ...(r.detection ? ['no false deletion', 'no miss'] : []),
    ...(r.coldStart ? ['bundle within budget and deleting'] : []),
    ...(r.sweep ? ['sweep requests independent of the segments'] : []),
  ];
  return gates.length > 0 ? `Correctness gates passed: ${gates.join(', ')}.` : '';
}

/** The whole report as markdown (printed, written to `tmp/bench/latest.md`, pasted into docs/performance.md). */
export function renderReport(r: BenchResults): string {
  return [
    '# hls-stale-guard benchmarks',
    '',
    renderMachine(r),
    '',
    renderDetection(r),
    '',
    renderCost(r),
    '',
    renderDvr(r),
    '',
    renderThroughput(r),
    '',
    renderColdStart(r),
    '',
    renderSweep(r),
    '',
    r.failures.length > 0 ? `**FAILED**: ${r.failures.join('; ')}` : gatesPassed(r),
    '',
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

/**
 * How much CPU the checker process had: Lambda's share at the memory size (a cgroup quota), or this
 * machine's full CPU and why.
 */
function checkerCpuLine(memoryMb: number, runs: [string, DetectionResult][]): string {
  const held = runs.map(([, run]) => run.load.checkerCpu);
  const limited = held.flatMap((c) => (c.limited ? [c] : []));
  if (limited.length === held.length && limited[0]) {
    const perInstance = limited[0].perInstance;
    const shares = runs
      .map(([label], i) => `${fmt(limited[i]?.cpus ?? 0, 2)} (${label})`)
      .join(', ');
    return (
      `- *CPU*: the checker process (its instances and the event source stand-in) was held with a cgroup CPU quota to ` +
      `what Lambda gives its instances at ${fmt(memoryMb)} MB — ${fmt(perInstance, 3)} of a vCPU each (1 vCPU at 1,769 MB) ` +
      `× the instances: ${shares} of a core. A shared quota lends one instance's idle share to another, which ` +
      'Lambda does not; it also bills the stand-in pollers, which Lambda does not.'
    );
  }
  const reason = held.flatMap((c) => (c.limited ? [] : [c.reason]))[0] ?? 'unknown';
  return (
    `- *CPU*: the checker process ran on this machine's CPU, **not** held to Lambda's share at ${fmt(memoryMb)} MB ` +
    `(${reason}): its times, GB-seconds and lag are those of a faster CPU than the function's.`
  );
}

function atLambdaCpuLine(a: NonNullable<BenchResults['coldStart']>['atLambdaCpu']): string {
  if (!a.limited) {
    return `- *At Lambda's CPU*: not measured (${a.reason}); the times above are this machine's full CPU.`;
  }
  return (
    `- *At Lambda's CPU for ${fmt(a.memoryMb)} MB* (the child held to ${fmt(a.cpus, 3)} of a core by a cgroup quota, ` +
    `median of ${fmt(a.runs)}): init ${ms(a.initMsMedian)}, first invocation ${ms(a.firstMsMedian)}, second ` +
    `${ms(a.secondMsMedian)}; every playlist ${a.allDeleted ? 'deleted' : '**not** deleted'}; peak resident set ` +
    `${fmt(a.maxRssMb)} MiB of the ${fmt(a.memoryMb)} MB. Whether Lambda gives the ` +
    'init phase more CPU than the memory share is not documented: these are the slow case.'
  );
}
