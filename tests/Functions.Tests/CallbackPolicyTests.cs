using System.Net;
using Folio.Pipeline;

namespace Folio.Functions.Tests;

/// <summary>Which callbacks are allowed (addresses, the host allow-list) and the settings that configure notifications.</summary>
public class CallbackPolicyTests
{
    private const string Secret = "test-signing-secret-0123456789abcdef";

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.10.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("168.63.129.16", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("20.50.1.2", true)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2001:4860:4860::8888", true)]
    public void OnlyPublicAddresses_AreCalled(string address, bool isPublic) => Assert.Equal(isPublic, CallbackPolicy.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void TheAllowList_TakesExactHostsAndSubdomainsOfWildcards()
    {
        var policy = new CallbackPolicy(["Hooks.Example.com", "*.partner.org"], allowPrivateAddresses: false);

        Assert.True(policy.AllowsHost("hooks.example.com"));
        Assert.True(policy.AllowsHost("HOOKS.example.com."));
        Assert.False(policy.AllowsHost("evil-hooks.example.com"));
        Assert.False(policy.AllowsHost("hooks.example.com.evil.net"));
        Assert.True(policy.AllowsHost("a.partner.org"));
        Assert.True(policy.AllowsHost("a.b.partner.org"));
        Assert.False(policy.AllowsHost("partner.org"));
        Assert.False(policy.AllowsHost("evilpartner.org"));
    }

    [Fact]
    public void Settings_RefuseCallbacksWithoutAStrongSecret_AndABadTopic()
    {
        static NotificationSettings Read(params (string Name, string Value)[] values) =>
            NotificationSettings.From(name => values.FirstOrDefault(v => v.Name == name).Value);

        Assert.Contains("FOLIO_CALLBACK_SECRET", Assert.Throws<InvalidOperationException>(() => Read(("FOLIO_CALLBACK_HOSTS", "hooks.example.com"))).Message, StringComparison.Ordinal);
        Assert.Contains("FOLIO_CALLBACK_SECRET", Assert.Throws<InvalidOperationException>(() => Read(("FOLIO_CALLBACK_HOSTS", "hooks.example.com"), ("FOLIO_CALLBACK_SECRET", "short"))).Message, StringComparison.Ordinal);
        Assert.Contains("FOLIO_CALLBACK_HOSTS", Assert.Throws<InvalidOperationException>(() => Read(("FOLIO_CALLBACK_HOSTS", "https://hooks.example.com/x"), ("FOLIO_CALLBACK_SECRET", Secret))).Message, StringComparison.Ordinal);
        Assert.Contains("FOLIO_EVENTGRID_ENDPOINT", Assert.Throws<InvalidOperationException>(() => Read(("FOLIO_EVENTGRID_ENDPOINT", "not a url"))).Message, StringComparison.Ordinal);
        Assert.Contains("FOLIO_CALLBACK_ATTEMPTS", Assert.Throws<InvalidOperationException>(() => Read(("FOLIO_CALLBACK_ATTEMPTS", "0"))).Message, StringComparison.Ordinal);

        var read = Read(("FOLIO_CALLBACK_HOSTS", "hooks.example.com, *.partner.org"), ("FOLIO_CALLBACK_SECRET", Secret), ("FOLIO_CALLBACK_ATTEMPTS", "7"), ("FOLIO_EVENTGRID_ENDPOINT", "https://t.westeurope-1.eventgrid.azure.net/api/events"));
        Assert.Equal(new[] { "hooks.example.com", "*.partner.org" }, read.Callbacks.Hosts);
        Assert.False(read.Callbacks.AllowPrivateAddresses);
        Assert.Equal(7, read.Retry.MaxAttempts);
        Assert.True(read.PublishesEvents);
        Assert.False(Read().PublishesEvents);
    }
}
