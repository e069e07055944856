using Folio.Inference;
using Folio.Ocr;
using Folio.Vlm;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<OcrEngineOptions>(builder.Configuration.GetSection(OcrEngineOptions.SectionName));
builder.Services.Configure<InferenceOptions>(builder.Configuration.GetSection(InferenceOptions.SectionName));
builder.Services.Configure<VlmOptions>(builder.Configuration.GetSection(VlmOptions.SectionName));
builder.Services.AddSingleton<EngineHost>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
builder.Services.AddSingleton(sp => new PageGate(sp.GetRequiredService<IOptions<InferenceOptions>>().Value.EffectiveMaxPagesInFlight));
builder.Services.AddSingleton<InferenceMetrics>();
builder.AddFolioTelemetry();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<InternalErrorHandler>();
builder.Services.AddOpenApi();
builder.WebHost.ConfigureKestrel((context, kestrel) =>
    kestrel.Limits.MaxRequestBodySize = context.Configuration.GetSection(InferenceOptions.SectionName).Get<InferenceOptions>()?.MaxRequestBytes ?? new InferenceOptions().MaxRequestBytes);

var app = builder.Build();
// The gauges exist from the start, before the first page.
app.Services.GetRequiredService<InferenceMetrics>();
app.UseExceptionHandler();
app.UseStatusCodePages();
// The API key check reads the endpoint routing chose (its metadata), so routing runs first.
app.UseRouting();
app.UseMiddleware<ApiKeyMiddleware>();
app.MapOpenApi();
var inference = app.Services.GetRequiredService<IOptions<InferenceOptions>>().Value;
app.MapFolioMetrics(inference);
app.MapServiceEndpoints();
app.MapViewer(inference);
app.MapSchemas();
app.Run();

/// <summary>Entry point, visible to the functional tests.</summary>
public partial class Program;
