using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Folio.Pipeline;

/// <summary>Settings of <see cref="CallbackSender"/>.</summary>
public sealed class CallbackOptions
{
    /// <summary>Key of the HMAC-SHA256 signature (UTF-8 bytes of the text); callbacks are refused without one.</summary>
    public string? Secret { get; set; }

    /// <summary>The hosts and addresses callbacks may reach (checked again when connecting: DNS may have changed since submission).</summary>
    public CallbackPolicy Policy { get; set; } = new([], allowPrivateAddresses: false);

    /// <summary>Limit of one delivery attempt (default 30 s); a timeout is retried like a 5xx.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Turns store keys into the locations the events name, for the callback and the host's publishers alike (default: the keys themselves).</summary>
    public Func<string, string> Locate { get; set; } = key => key;
}

/// <summary>
/// POSTs a completion event to a job's callback URL: the exact body bytes, signed with HMAC-SHA256
/// (<see cref="SignatureHeader"/>: <c>sha256=HEX</c>), with <see cref="EventIdHeader"/> and <see cref="TimestampHeader"/>.
/// One attempt per call: 2xx is delivered; 408, 429, 5xx, timeouts and refused connections throw
/// <see cref="HttpRequestException"/> (retried by the orchestrator); other answers throw <see cref="CallbackRefusedException"/>.
/// Redirects are not followed, and the connection goes only to addresses <see cref="CallbackPolicy"/> allows, checked
/// on the addresses actually connected to.
/// </summary>
public sealed class CallbackSender : IDisposable
{
    /// <summary>Header with the signature of the body: <c>sha256=</c> and the lower-case hex HMAC-SHA256.</summary>
    public const string SignatureHeader = "X-Folio-Signature";

    /// <summary>Header with the event's id (the body's <c>eventId</c>).</summary>
    public const string EventIdHeader = "X-Folio-Event-Id";

    /// <summary>Header with the time of this attempt, in Unix seconds.</summary>
    public const string TimestampHeader = "X-Folio-Timestamp";

    private readonly HttpClient _http;
    private readonly CallbackOptions _options;

    /// <summary>Creates the sender, with its own connection pool.</summary>
    public CallbackSender(IOptions<CallbackOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var policy = _options.Policy;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false, // a proxy would connect for us, past the address check below
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
                if (policy.AddressProblem(host, addresses) is { } problem)
                {
                    throw new CallbackRefusedException(problem);
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { Timeout = _options.AttemptTimeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Folio", "1"));
    }

    /// <summary>Turns store keys into the locations the events name.</summary>
    public Func<string, string> Locate => _options.Locate;

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of <paramref name="body"/> under <paramref name="secret"/> (its UTF-8 bytes).</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>One delivery attempt of <paramref name="body"/> to <paramref name="url"/>.</summary>
    /// <exception cref="HttpRequestException">The receiver failed (5xx, 408, 429), timed out or could not be reached: worth retrying.</exception>
    /// <exception cref="CallbackRefusedException">The receiver refused it (another 3xx or 4xx), the address is not allowed, or no secret is configured.</exception>
    public async Task SendAsync(Uri url, string eventId, byte[] body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(_options.Secret))
        {
            throw new CallbackRefusedException("No callback signing secret is configured (FOLIO_CALLBACK_SECRET).");
        }

        if (url.Scheme != Uri.UriSchemeHttps && !_options.Policy.AllowPrivateAddresses)
        {
            throw new CallbackRefusedException($"The callback {url.GetLeftPart(UriPartial.Authority)} is not https.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Sign(body, _options.Secret));
        request.Headers.Add(EventIdHeader, eventId);
        request.Headers.Add(TimestampHeader, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (Refusal(ex) is { } refused)
        {
            throw new CallbackRefusedException(refused.Message, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new HttpRequestException($"The callback {url.GetLeftPart(UriPartial.Authority)} could not be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"The callback {url.GetLeftPart(UriPartial.Authority)} did not answer within {_options.AttemptTimeout.TotalSeconds:0} s.", ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return;
            }

            var message = $"The callback {url.GetLeftPart(UriPartial.Authority)} answered {status} {response.ReasonPhrase}.";
            if (status is 408 or 429 or >= 500)
            {
                throw new HttpRequestException(message, null, response.StatusCode);
            }

            throw new CallbackRefusedException(message + " Not retried.");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static CallbackRefusedException? Refusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is CallbackRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
