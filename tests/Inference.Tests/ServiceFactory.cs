using System.Net.Http.Json;
using Folio.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Inference.Tests;

/// <summary>The real service in memory, with the repository's models and optional settings.</summary>
public class ServiceFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?>? _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public ServiceFactory()
    {
    }

    private ServiceFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices)
    {
        _settings = settings;
        _configureServices = configureServices;
    }

    public static ServiceFactory With(IReadOnlyDictionary<string, string?> settings) => new(settings, null);

    /// <summary>Settings plus a test-only hook on the service's container (an in-memory exporter, a log capture).</summary>
    public static ServiceFactory With(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> configureServices) =>
        new(settings, configureServices);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Ocr:ModelDirectory", RepoPaths.Models);
        foreach (var (key, value) in _settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
    }

    /// <summary>Polls /readyz until it answers 200 (or gives up after a minute).</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        for (var i = 0; i < 600; i++)
        {
            var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                return client;
            }

            await Task.Delay(100);
        }

        var last = await client.GetFromJsonAsync<Dictionary<string, object>>(new Uri("/readyz", UriKind.Relative));
        throw new TimeoutException("Service never became ready: " + string.Join(", ", last ?? []));
    }
}
