namespace Vetting.Server.Reports.Html;

/// <summary>
/// The page's only stylesheet, inlined so the report is one file that can be mailed or archived. System
/// fonts only; colours carry meaning (pass/fail/warn) and are kept when printing.
/// </summary>
internal static class ReportStyles
{
    public const string Css = """
        :root { --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #c62828; --bad-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5;
                --info: #0969da; --info-bg: #ddf4ff; --muted: #59636e; --muted-bg: #eff2f5; --line: #d1d9e0; --ink: #1f2328; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff;
               font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1080px; margin: 0 auto; padding: 20px 16px 32px; }
        h2 { font-size: 19px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
        h3 { font-size: 15px; margin: 16px 0 6px; }
        section { margin: 28px 0; }
        a { color: var(--info); }
        code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
        pre { margin: 6px 0; padding: 10px 12px; background: var(--muted-bg); border: 1px solid var(--line); border-radius: 6px;
              white-space: pre-wrap; overflow-wrap: anywhere; }
        .unknown { color: var(--muted); font-style: italic; }
        .note { color: var(--muted); }

        .banner { border-radius: 12px; padding: 20px 24px; color: #fff; background: var(--muted); }
        .banner.passed { background: var(--ok); }
        .banner.failed { background: var(--bad); }
        .banner.inconclusive { background: var(--warn); }
        .banner .verdict { font-size: 46px; font-weight: 800; letter-spacing: .06em; line-height: 1.05; }
        .banner .host { font-size: 24px; font-weight: 600; margin-top: 6px; overflow-wrap: anywhere; }
        .banner .facts { display: flex; flex-wrap: wrap; gap: 4px 22px; margin-top: 10px; opacity: .95; }
        .banner .facts b { font-weight: 600; }
        .banner .unknown { color: inherit; }

        section.callout { border: 1px solid var(--line); border-left: 6px solid var(--bad); border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
        section.callout.hold, section.callout.inconclusive { border-left-color: var(--warn); }
        .callout h2 { border: 0; padding: 0; margin-bottom: 4px; }
        .callout p { margin: 4px 0; }

        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--muted-bg); font-weight: 600; white-space: nowrap; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        td.nowrap { white-space: nowrap; }
        tr.fail td:first-child { box-shadow: inset 4px 0 var(--bad); }
        tr.warn td:first-child { box-shadow: inset 4px 0 var(--warn); }

        .badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 700;
                 letter-spacing: .03em; text-transform: uppercase; white-space: nowrap; background: var(--muted-bg); color: var(--muted); }
        .badge.good { background: var(--ok-bg); color: var(--ok); }
        .badge.bad { background: var(--bad-bg); color: var(--bad); }
        .badge.warn { background: var(--warn-bg); color: var(--warn); }
        .badge.busy { background: var(--info-bg); color: var(--info); }
        .failure { margin-top: 4px; color: var(--bad); }

        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); gap: 12px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
        .card h3 { margin-top: 0; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }

        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px 20px; align-items: start; }
        figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
        figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
        figure.chart svg { display: block; width: 100%; overflow: visible; }
        svg .label { fill: var(--ink); font-size: 13px; }
        svg .value { fill: var(--ink); font-size: 13px; font-weight: 600; }
        svg .track { fill: var(--muted-bg); }
        svg .bar { fill: var(--info); }
        svg .bar.negative { fill: var(--warn); }
        svg .axis { stroke: var(--muted); stroke-width: 1; }

        footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }

        @media (max-width: 600px) {
          main { padding: 10px 10px 24px; }
          .banner { padding: 14px 16px; }
          .banner .verdict { font-size: 34px; }
          .banner .host { font-size: 20px; }
          th, td { padding: 5px 6px; }
          .charts { grid-template-columns: 1fr; }
          /* Tables become one card per row: wide tables would otherwise squeeze their text column to a sliver. */
          table.stack thead { display: none; }
          table.stack, table.stack tbody { display: block; }
          table.stack tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 14px; padding: 7px 4px; border-bottom: 1px solid var(--line); }
          table.stack td { display: block; padding: 0; border: 0; text-align: left; white-space: normal; }
          table.stack td.wide { flex-basis: 100%; }
          table.stack td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
          table.stack tr.fail, table.stack tr.warn { padding-left: 10px; }
          table.stack tr.fail { box-shadow: inset 4px 0 var(--bad); }
          table.stack tr.warn { box-shadow: inset 4px 0 var(--warn); }
          table.stack tr td:first-child { box-shadow: none; }
        }

        @media print {
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          .scroll { overflow: visible; }
          tr, figure.chart, .card, .callout { break-inside: avoid; }
          h2, h3 { break-after: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """;
}
