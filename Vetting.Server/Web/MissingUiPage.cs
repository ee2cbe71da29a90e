namespace Vetting.Server.Web;

/// <summary>What <c>/</c> shows when the server runs without the dashboard's build (no Node on the build machine).</summary>
internal static class MissingUiPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Vetting — dashboard not built</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}
        code,pre{background:#8882;padding:.1rem .3rem;border-radius:4px}pre{padding:.6rem}
        @media (prefers-color-scheme:dark){body{background:#111;color:#eee}}</style></head>
        <body><h1>The dashboard is not built</h1>
        <p>The orchestrator is running (the API answers under <a href="/api/v1/hosts">/api/v1</a>, health at
        <a href="/healthz">/healthz</a>), but the web UI's files are missing beside the binary (<code>wwwroot/index.html</code>).</p>
        <p>Build it with Node.js 20 and npm, then restart the server:</p>
        <pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build
        cd .. &amp;&amp; ./scripts/run.sh</pre>
        <p><code>./scripts/run.sh</code> and <code>dotnet build</code> do this by themselves when <code>npm</code> is on the PATH;
        <code>make orchestrator-linux</code> ships the result. See README.md, "Web UI".</p>
        </body></html>
        """;
}
