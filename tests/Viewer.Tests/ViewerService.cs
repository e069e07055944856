using System.Net.Http.Json;
using Folio.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Viewer.Tests;

/// <summary>The real inference service on a real Kestrel port on loopback, for a browser to talk to.</summary>
public sealed class ViewerService : WebApplicationFactory<Program>
{
    public ViewerService() => UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));

    /// <summary>The service's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Ocr:ModelDirectory", RepoPaths.Models);
        builder.UseSetting("Ocr:IntraOpThreads", "0");
    }

    /// <summary>Starts Kestrel and waits until <c>/readyz</c> answers 200 (at most a minute).</summary>
    public async Task<Uri> StartReadyAsync()
    {
        StartServer();
        using var client = new HttpClient { BaseAddress = Address };
        for (var i = 0; i < 600; i++)
        {
            var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                return Address;
            }

            await Task.Delay(100);
        }

        var last = await client.GetFromJsonAsync<Dictionary<string, object>>(new Uri("/readyz", UriKind.Relative));
        throw new TimeoutException("Service never became ready: " + string.Join(", ", last ?? []));
    }
}
