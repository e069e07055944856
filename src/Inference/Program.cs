using Folio.Inference;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
// Ocr, Inference and Inference:Vlm, checked at start: a bad value stops the service naming the setting.
builder.Services.AddServiceOptions(builder.Configuration);
builder.Services.AddOptions<KestrelServerOptions>()
    .Configure<IOptions<InferenceOptions>>((kestrel, inference) => kestrel.Limits.MaxRequestBodySize = inference.Value.MaxRequestBytes);
builder.Services.AddSingleton<EngineHost>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
builder.Services.AddSingleton<PageSlots>();
builder.Services.AddRateLimiter(PageSlots.Configure);
builder.Services.AddFolioHealthChecks();
builder.Services.AddSingleton<InferenceMetrics>();
builder.AddFolioTelemetry();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<InternalErrorHandler>();
builder.Services.AddFolioOpenApi();

var app = builder.Build();
var inference = app.Services.GetRequiredService<IOptions<InferenceOptions>>().Value;
// The gauges exist from the start, before the first page.
app.Services.GetRequiredService<InferenceMetrics>();
app.UseExceptionHandler();
app.UseStatusCodePages();
// The API key check reads the endpoint routing chose (its metadata), so routing runs first.
app.UseRouting();
app.UseMiddleware<ApiKeyMiddleware>();
// A page request's cheap checks, then its slot: bad input gets its 4xx even while every slot is taken.
app.UseMiddleware<PageAdmission>();
app.UseRateLimiter();
app.MapOpenApi();
app.MapFolioMetrics(inference);
app.MapFolioHealthChecks();
app.MapServiceEndpoints();
app.MapViewer(inference);
app.MapSchemas();
app.Run();

/// <summary>Entry point, visible to the functional tests.</summary>
public partial class Program;
