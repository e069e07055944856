using System.Collections.Concurrent;
using System.Net;
using Folio.Testing;

namespace Folio.Functions.Tests;

/// <summary>A request the receiver took: its path, headers, exact body bytes and what it was answered.</summary>
internal sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Answer);

/// <summary>
/// A real HTTP server on a loopback port (HttpListener): keeps every request and answers those to <c>/hook…</c> with
/// the next status of <see cref="Answers"/> (200 when empty, and always for other paths), after <see cref="Hold"/> is
/// released when one is set.
/// </summary>
internal sealed class LoopbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly List<ReceivedRequest> _requests = [];

    public LoopbackReceiver()
    {
        Port = Loopback.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT/hook.</summary>
    public string HookUrl => $"http://127.0.0.1:{Port}/hook";

    /// <summary>Status codes to answer requests to <c>/hook…</c> with, in order; 200 once they run out.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    /// <summary>When set, each request is answered only once it completes.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(Func<IReadOnlyList<ReceivedRequest>, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition(Requests))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the receiver did not get what was expected; it has {Requests.Count} request(s)");
            await Task.Delay(50);
        }

        return Requests;
    }

    public void Dispose()
    {
        Hold?.TrySetResult();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        var path = context.Request.Url!.AbsolutePath;
        var answer = path.StartsWith("/hook", StringComparison.Ordinal) && Answers.TryDequeue(out var next) ? next : 200;
        lock (_requests)
        {
            _requests.Add(new ReceivedRequest(path, headers, body.ToArray(), answer));
        }

        if (Hold is { } hold)
        {
            await hold.Task;
        }

        try
        {
            context.Response.StatusCode = answer;
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // The listener closed first.
        }
    }
}
