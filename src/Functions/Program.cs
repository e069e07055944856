using System.Text.Json;
using Azure.Storage.Blobs;
using Folio.Documents;
using Folio.Functions;
using Folio.Pipeline;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var builder = FunctionsApplication.CreateBuilder(args);
// Checked as read (FolioSettingsValidator): a bad setting stops the app here, naming it.
var settings = FolioSettings.From(builder.Configuration);
// camelCase payloads (the durable management payload included), as Durable Functions answers elsewhere.
builder.Services.Configure<JsonSerializerOptions>(FolioSettings.ConfigureJson);
builder.Services.AddSingleton(settings);
FunctionsTelemetry.Add(builder.Services, builder.Configuration);
builder.Services.AddSingleton(Options.Create(settings.Limits));
builder.Services.AddSingleton(_ => settings.CreateBlobServiceClient());
builder.Services.AddSingleton<IWorkStore>(sp => new BlobWorkStore(sp.GetRequiredService<BlobServiceClient>(), settings.StoreOptions()));
// S3 only when a bucket is allowed: without one no request can name S3, and the AWS chain need not be configured.
builder.Services.AddSingleton<ILocationStorage>(sp => new LocationStorage(
    sp.GetRequiredService<BlobServiceClient>(),
    settings.Locations.UsesS3 ? S3Clients.Create(settings.S3) : null));
builder.Services.AddSingleton<JobSubmission>();
builder.Services.AddSingleton<JobHousekeeping>();
builder.Services.AddHttpPageRecognizer(options =>
{
    options.BaseUrl = settings.Inference.BaseUrl;
    options.ApiKey = settings.Inference.ApiKey;
    options.AttemptTimeout = settings.Inference.AttemptTimeout;
    options.TotalTimeout = settings.Inference.TotalTimeout;
    options.MaxRetries = settings.Inference.MaxRetries;
});
// Completion notifications: the callback sender (signing secret, allowed hosts) and, with a topic, Event Grid.
builder.Services.Configure<CallbackOptions>(options => settings.Notifications.Configure(options, settings.Locate));
builder.Services.AddSingleton<CallbackSender>();
if (settings.Notifications.PublishesEvents)
{
    builder.Services.AddSingleton<ICompletionPublisher>(_ => new EventGridCompletionPublisher(settings.Notifications));
}

builder.Services.AddFolioPipeline();
await builder.Build().RunAsync().ConfigureAwait(false);
