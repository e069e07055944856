using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Folio.Soak;

/// <summary>What happened to one page's calls to the service (a page: its bytes and page number).</summary>
internal sealed class PageCalls
{
    /// <summary>200 answers: the page read, its result handed to the pipeline, which stores it.</summary>
    public int Reads { get; set; }

    /// <summary>Calls the service may have begun work on: reads, error answers other than busy, and calls cut while it was up (killed mid-page, timed out).</summary>
    public int Begun { get; set; }

    /// <summary>Times one of its calls was in flight when the service was killed.</summary>
    public int CutByKill { get; set; }

    /// <summary>429 and 503 answers (no slot, models loading): nothing begun.</summary>
    public int Busy { get; set; }

    /// <summary>Calls that failed while the service was down (connection refused).</summary>
    public int Refused { get; set; }
}

/// <summary>
/// Counts every HTTP call of the pipeline's recognizer to <c>POST /v1/ocr</c>, per page, on the wire (inside the
/// resilience handler, so each retry is a call of its own), and knows whether the service is up: what the run's
/// checks are made of. A page is keyed by a hash of the bytes sent and its page number: every good document has
/// bytes of its own, and a page's retries send the bytes stored for it once.
/// </summary>
internal sealed class PageLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PageCalls> _pages = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _inFlight = [];
    private long _nextCall;
    private bool _up;

    public int Reads
    {
        get
        {
            lock (_gate)
            {
                return _pages.Values.Sum(p => p.Reads);
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>A copy of the counts, by page key.</summary>
    public IReadOnlyDictionary<string, PageCalls> Snapshot()
    {
        lock (_gate)
        {
            return _pages.ToDictionary(p => p.Key, p => new PageCalls
            {
                Reads = p.Value.Reads, Begun = p.Value.Begun, CutByKill = p.Value.CutByKill, Busy = p.Value.Busy, Refused = p.Value.Refused,
            }, StringComparer.Ordinal);
        }
    }

    public void ServiceUp()
    {
        lock (_gate)
        {
            _up = true;
        }
    }

    /// <summary>Marks the service down, just before it is killed; returns how many pages were in flight.</summary>
    public int ServiceDown()
    {
        lock (_gate)
        {
            _up = false;
            foreach (var key in _inFlight.Values.Distinct(StringComparer.Ordinal))
            {
                _pages[key].CutByKill++;
            }

            return _inFlight.Count;
        }
    }

    /// <summary>The handler that counts; added to the recognizer's HTTP client after its resilience handler.</summary>
    public DelegatingHandler Handler() => new CountingHandler(this);

    private (long Call, bool Up) Begin(string key)
    {
        lock (_gate)
        {
            _pages.TryAdd(key, new PageCalls());
            var call = ++_nextCall;
            _inFlight[call] = key;
            return (call, _up);
        }
    }

    private void End(long call, string key, Action<PageCalls> count)
    {
        lock (_gate)
        {
            _inFlight.Remove(call);
            count(_pages[key]);
        }
    }

    private sealed class CountingHandler(PageLedger ledger) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Post || request.Content is null || request.RequestUri?.AbsolutePath.EndsWith("/v1/ocr", StringComparison.Ordinal) != true)
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var key = await KeyAsync(request, cancellationToken).ConfigureAwait(false);
            var (call, startedUp) = ledger.Begin(key);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ledger.End(call, key, p =>
                {
                    if (startedUp)
                    {
                        p.Begun++;
                    }
                    else
                    {
                        p.Refused++;
                    }
                });
                throw;
            }

            var complete = true;
            if (response.IsSuccessStatusCode)
            {
                // The whole answer, before it counts as a read: a kill between the headers and the end of the body is a cut call.
                try
                {
                    await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
                {
                    complete = false;
                }
            }

            ledger.End(call, key, p =>
            {
                if (response.IsSuccessStatusCode && complete)
                {
                    p.Reads++;
                    p.Begun++;
                }
                else if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    p.Busy++;
                }
                else
                {
                    p.Begun++;
                }
            });
            return response;
        }

        private static async Task<string> KeyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var bytes = await request.Content!.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var page = request.RequestUri!.Query.Split(['?', '&']).FirstOrDefault(p => p.StartsWith("page=", StringComparison.Ordinal))?[5..] ?? "?";
            return string.Create(CultureInfo.InvariantCulture, $"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}#{page}");
        }
    }
}
