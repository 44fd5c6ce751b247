using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Neptune.Aws.Tests.Sns;

/// <summary>
/// A local HTTP endpoint standing in for SNS: it records every request and answers each with what
/// <see cref="Respond"/> says for its 1-based number (by default a Publish success).
/// </summary>
internal sealed class SnsCaptureEndpoint : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private int count;

    public SnsCaptureEndpoint(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        for (var tries = 0; ; tries++)
        {
            Port = FreePort();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                break;
            }
            catch (HttpListenerException) when (tries < 5)
            {
                listener.Prefixes.Clear();
            }
        }

        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    public TimeProvider Time { get; }

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    /// <summary>The requests answered with a success, in order.</summary>
    public ConcurrentQueue<CapturedRequest> Accepted { get; } = new();

    /// <summary>The status and body of the answer to request N (1-based).</summary>
    public Func<int, (HttpStatusCode Status, string Body)> Respond { get; set; } = n => (HttpStatusCode.OK, Success(n));

    public static string Success(int n) =>
        $"<PublishResponse xmlns=\"https://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult><MessageId>message-{n}</MessageId></PublishResult><ResponseMetadata><RequestId>r-{n}</RequestId></ResponseMetadata></PublishResponse>";

    public static string Error(string type, string code, string message) =>
        $"<ErrorResponse xmlns=\"https://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>e</RequestId></ErrorResponse>";

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var n = Interlocked.Increment(ref count);
            var captured = new CapturedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Url.Query, headers, body.ToArray(), Time.GetUtcNow());
            Requests.Enqueue(captured);
            var (status, text) = Respond(n);
            if ((int)status < 300)
            {
                Accepted.Enqueue(captured);
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "text/xml";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}

/// <summary>One request as the endpoint received it.</summary>
internal sealed record CapturedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The form fields of the body, decoded, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form => Text.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .Select(kv => new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0].Replace('+', ' ')), Uri.UnescapeDataString(kv.Length > 1 ? kv[1].Replace('+', ' ') : string.Empty)))
        .ToList();

    public string? Field(string name) => Form.FirstOrDefault(f => f.Key == name).Value;
}
