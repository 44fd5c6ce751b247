namespace Neptune.Gateway.Endpoints;

/// <summary>The live log page of one job: replays the log, then appends lines as they arrive over server-sent events.</summary>
internal static class JobPage
{
    public static string Html(Guid jobId) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Neptune job {{jobId}}</title>
          <link rel="stylesheet" href="/neptune.css">
        </head>
        <body>
          <header><a href="/">Neptune</a> · job <code>{{jobId}}</code> · <span id="state">connecting…</span></header>
          <pre id="log"></pre>
          <script>
            const log = document.getElementById('log'), state = document.getElementById('state');
            const source = new EventSource('/jobs/{{jobId}}/stream');
            source.onopen = () => state.textContent = 'live';
            source.onmessage = e => { log.textContent += e.data + '\n'; window.scrollTo(0, document.body.scrollHeight); };
            source.addEventListener('end', () => { state.textContent = 'finished'; source.close(); });
            source.onerror = () => { if (state.textContent !== 'finished') { state.textContent = 'not found or disconnected'; source.close(); } };
          </script>
        </body>
        </html>
        """;
}
