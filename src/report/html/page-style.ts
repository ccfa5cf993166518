/** The report's only stylesheet (inline; system fonts only, so nothing is fetched). */
export const PAGE_CSS = `
:root { --fg:#1d2330; --muted:#667085; --line:#d9dee7; --bg:#f7f8fb; --card:#fff; --accent:#1a73e8; --good:#1e8e3e; --bad:#c5221f; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header { padding:20px 28px 12px; background:var(--card); border-bottom:1px solid var(--line); }
header h1 { margin:0 0 4px; font-size:22px; }
nav { display:flex; flex-wrap:wrap; gap:4px 14px; margin-top:8px; }
nav a { color:var(--accent); text-decoration:none; }
main { padding:8px 28px 40px; max-width:1400px; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 18px; margin:16px 0; }
h2 { font-size:18px; margin:0 0 8px; } h3 { font-size:16px; margin:4px 0; } h4 { margin:4px 0; font-size:14px; } h5 { margin:10px 0 4px; font-size:13px; color:var(--muted); }
small, .muted { color:var(--muted); } .note { color:var(--muted); margin:4px 0 8px; } .warn { color:#9a6700; }
.good { color:var(--good); } .bad { color:var(--bad); }
.stats { display:flex; flex-wrap:wrap; gap:8px 22px; margin-top:6px; color:var(--muted); } .stats b { color:var(--fg); }
table { border-collapse:collapse; width:100%; font-size:13px; } th, td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#f0f2f6; position:sticky; top:0; } td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
table.compact { width:auto; } .scroll { max-height:520px; overflow:auto; }
tr.highlight td { background:#fff6d6; } tr.state-pruned td, tr.state-failed td { color:var(--muted); }
.config { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size:12px; word-break:break-word; }
.tag { display:inline-block; font-size:11px; padding:0 6px; border-radius:8px; background:#eef1f6; color:var(--muted); margin-left:4px; }
.tag.best { background:#fde7c8; color:#8a4b00; } .tag.pareto { background:#dbe8ff; color:#1a4fb0; } .tag.good { background:#dff3e4; color:var(--good); } .tag.bad { background:#fde2e1; color:var(--bad); }
.chart-row { display:flex; flex-wrap:wrap; gap:16px; } .chart-row > figure { flex:1 1 420px; }
figure { margin:0; } figcaption { color:var(--muted); font-size:12px; margin-top:4px; }
svg.chart { width:100%; max-width:760px; height:auto; display:block; background:#fff; }
.axis { stroke:#98a2b3; } .tick { stroke:#98a2b3; } .grid { stroke:#eef0f4; } .tick-label { font-size:10px; fill:var(--muted); } .axis-label { font-size:11px; fill:var(--fg); }
circle.point { stroke:#fff; stroke-width:1; cursor:pointer; } circle.point.pareto { stroke:#1d2330; stroke-width:1.5; } circle.point.best { stroke:#000; stroke-width:3; }
circle.point.active { stroke:#f4a100; stroke-width:3; }
.front-line { fill:none; stroke:#1d2330; stroke-dasharray:4 3; stroke-width:1; opacity:.6; } .point-label { font-size:10px; fill:var(--fg); }
.best-line { fill:none; stroke:var(--accent); stroke-width:2; } circle.best-point { fill:var(--accent); } circle.best-point.improved { fill:#f4a100; }
circle.trial-dot { fill:#c3cad6; }
.trend-line { fill:none; stroke-width:1.5; } circle.trend-point.regression { stroke:var(--bad); stroke-width:2.5; }
.swatch { display:inline-block; width:10px; height:10px; border-radius:2px; margin:0 3px 0 8px; }
.effects { display:grid; grid-template-columns:repeat(auto-fill, minmax(300px, 1fr)); gap:12px; } .effect-card { border:1px solid var(--line); border-radius:6px; padding:6px 8px; }
.bar { fill:#8ab4f8; } .bar-max { stroke:#1d2330; stroke-width:2; } .bar-label, .bar-value { font-size:10px; fill:var(--fg); }
details { margin:6px 0; } summary { cursor:pointer; } details.config-detail { border:1px solid var(--line); border-radius:6px; padding:6px 10px; }
details.config-detail > summary { font-weight:600; } details.question-detail { border-left:3px solid var(--line); padding-left:8px; }
.qa { padding:2px 0 8px 8px; } pre { white-space:pre-wrap; word-break:break-word; margin:0; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; background:#f6f7f9; padding:6px 8px; border-radius:4px; }
ol.chunks { padding-left:18px; } .chunk-head { font-size:12px; margin:6px 0 2px; }
.score { display:inline-block; margin-right:10px; font-size:12px; } .score-pill { font-size:11px; background:#eef1f6; padding:0 6px; border-radius:8px; }
.best-box { border:1px solid #f3d19c; background:#fffaf0; border-radius:6px; padding:8px 12px; margin-bottom:10px; }
#tooltip { position:fixed; pointer-events:none; background:#1d2330; color:#fff; font-size:12px; padding:6px 8px; border-radius:4px; max-width:420px; white-space:pre-wrap; display:none; z-index:10; }
footer { color:var(--muted); font-size:12px; padding:0 28px 24px; }
`;
