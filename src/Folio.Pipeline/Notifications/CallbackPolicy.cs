using System.Net;
using System.Net.Sockets;

namespace Folio.Pipeline;

/// <summary>
/// Which callback URLs a job may name: https, a host on the allow-list (<c>hooks.example.com</c>, or
/// <c>*.example.com</c> for its subdomains), no user info, and a host whose every address is public — never a
/// private, loopback, link-local, multicast or otherwise reserved address, unless <see cref="AllowPrivateAddresses"/>
/// (for tests and private networks), which also lets a loopback host take plain http.
/// </summary>
public sealed class CallbackPolicy
{
    // Azure's platform addresses (wire server) answer like a private service though they are not in a private range.
    private static readonly IPAddress AzureWireServer = IPAddress.Parse("168.63.129.16");

    private readonly string[] _hosts;

    /// <summary>Creates the policy.</summary>
    /// <param name="hosts">Allowed hosts; empty refuses every callback.</param>
    /// <param name="allowPrivateAddresses">Whether non-public addresses (and http to loopback) are allowed.</param>
    public CallbackPolicy(IEnumerable<string> hosts, bool allowPrivateAddresses)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        _hosts = hosts.Select(h => h.Trim().TrimEnd('.').ToLowerInvariant()).Where(h => h.Length > 0).ToArray();
        AllowPrivateAddresses = allowPrivateAddresses;
    }

    /// <summary>The allowed hosts, lower-case.</summary>
    public IReadOnlyList<string> Hosts => _hosts;

    /// <summary>Whether non-public addresses (and http to loopback) are allowed.</summary>
    public bool AllowPrivateAddresses { get; }

    /// <summary>Whether <paramref name="host"/> is on the allow-list (an exact name or address, or a subdomain of a <c>*.</c> entry).</summary>
    public bool AllowsHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        host = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        var address = IPAddress.TryParse(host, out var parsed) ? parsed : null;
        return _hosts.Any(entry => entry.StartsWith("*.", StringComparison.Ordinal)
            ? address is null && host.EndsWith(entry[1..], StringComparison.Ordinal) && host.Length > entry.Length - 1
            : host == entry || (address is not null && IPAddress.TryParse(entry.Trim('[', ']'), out var listed) && listed.Equals(address)));
    }

    /// <summary>
    /// Checks <paramref name="url"/>: its form and host first, then the addresses <paramref name="resolve"/> gives for
    /// the host (all must be allowed). Returns the URL to keep (absolute, normalised) or the reason it is refused.
    /// </summary>
    public async Task<(Uri? Url, string? Problem)> CheckAsync(string url, Func<string, CancellationToken, Task<IPAddress[]>> resolve, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return (null, $"'callback' must be an absolute https URL, not '{url}'.");
        }

        if (uri.UserInfo.Length > 0)
        {
            return (null, "'callback' must not carry a user name or password.");
        }

        if (uri.Scheme == "http" && !AllowPrivateAddresses)
        {
            return (null, "'callback' must be an https URL.");
        }

        if (_hosts.Length == 0)
        {
            return (null, "Callbacks are not enabled here: no host is allowed (FOLIO_CALLBACK_HOSTS).");
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.DnsSafeHost : uri.IdnHost;
        if (!AllowsHost(host))
        {
            return (null, $"The callback host '{uri.Host}' is not allowed here (FOLIO_CALLBACK_HOSTS).");
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolve(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return (null, $"The callback host '{uri.Host}' cannot be resolved: {ex.Message}");
        }

        if (addresses.Length == 0)
        {
            return (null, $"The callback host '{uri.Host}' has no address.");
        }

        if (AddressProblem(uri.Host, addresses) is { } problem)
        {
            return (null, problem);
        }

        if (uri.Scheme == "http" && !(AllowPrivateAddresses && addresses.All(IPAddress.IsLoopback)))
        {
            return (null, "'callback' must be an https URL (http only to a loopback host, with FOLIO_CALLBACK_ALLOW_PRIVATE).");
        }

        return (uri, null);
    }

    /// <summary>Why a host's addresses may not be called (one is not public and that is not allowed); null when they may.</summary>
    public string? AddressProblem(string host, IReadOnlyList<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (AllowPrivateAddresses)
        {
            return null;
        }

        var refused = addresses.FirstOrDefault(a => !IsPublic(a));
        return refused is null
            ? null
            : $"The callback host '{host}' resolves to {refused}, a {Describe(refused)} address; only public addresses are called (FOLIO_CALLBACK_ALLOW_PRIVATE).";
    }

    /// <summary>
    /// Whether an address is a public unicast one: not unspecified, loopback, private (10/8, 172.16/12, 192.168/16,
    /// fc00::/7), shared (100.64/10), link-local (169.254/16, fe80::/10, cloud metadata), multicast, benchmark, documentation
    /// or reserved; IPv4 inside IPv6 (mapped, NAT64) is judged as IPv4.
    /// </summary>
    public static bool IsPublic(IPAddress address) => Describe(address) is null;

    private static string? Describe(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (b.Take(12).SequenceEqual(new byte[] { 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 }))
            {
                return Describe(new IPAddress(b.AsSpan(12)));
            }

            return address switch
            {
                _ when address.Equals(IPAddress.IPv6None) => "unspecified",
                _ when IPAddress.IsLoopback(address) => "loopback",
                _ when address.IsIPv6LinkLocal || address.IsIPv6SiteLocal => "link-local",
                _ when address.IsIPv6Multicast => "multicast",
                _ when (b[0] & 0xfe) == 0xfc => "private",
                _ when b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 => "documentation",
                _ when b.Take(12).All(x => x == 0) => "reserved",
                _ => null,
            };
        }

        var v4 = address.GetAddressBytes();
        return (v4[0], v4[1]) switch
        {
            (0, _) => "unspecified",
            (127, _) => "loopback",
            (10, _) or (172, >= 16 and <= 31) or (192, 168) => "private",
            (100, >= 64 and <= 127) => "shared (carrier-grade NAT)",
            (169, 254) => "link-local",
            (198, 18 or 19) => "benchmarking",
            (192, 0) when v4[2] is 0 or 2 => "reserved",
            (198, 51) when v4[2] == 100 => "documentation",
            (203, 0) when v4[2] == 113 => "documentation",
            ( >= 224 and <= 239, _) => "multicast",
            ( >= 240, _) => "reserved",
            _ when address.Equals(AzureWireServer) => "platform",
            _ => null,
        };
    }
}
